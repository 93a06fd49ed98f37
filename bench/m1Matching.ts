import { loadavg } from 'node:os';

import { ENTITY_KIND_OF, IDENTIFIER_KINDS, MatchIndex } from '../shared/identifiers';
import type { IdentifierKind } from '../shared/identifiers';
import type { EntityKind } from '../shared/model';
import type { Log } from './harness';
import { now } from './harness';
import type { MatchWorkload } from './matchWorkload';
import { entryOccurrences, reportOccurrences } from './matchWorkload';
import { median, ratio, round } from './stats';

/**
 * M1 (issue 15): every match over P3's workspace (20,000 network entries) and 5,000 field reports:
 * each fact's identifiers keyed (identifierKey), a MatchIndex built, and shared() computed.
 * Baseline in the same run: the same facts grouped by their identifiers' exact raw text, with no
 * comparison rules — the ratio is what comparing as people mean it costs.
 */
export interface M1Config {
  reps: number;
  targetMs: number;
}

export interface M1Result {
  config: M1Config;
  notes: string[];
  entries: number;
  reports: number;
  /** Occurrences indexed (identifiers with a key). */
  occurrences: number;
  /** Identifiers shared by two or more owners: as compared / by exact text. */
  shared: number;
  sharedExact: number;
  builtMs: number;
  builtRuns: number[];
  /** The same builds in CPU time (user): steadier than wall time on a machine others share. */
  builtCpuMs: number;
  /** The machine's 1-minute load average when M1 started (2 cores here: above 2, others were waiting too). */
  loadAverage: number;
  /** Of a build: keying the identifiers alone (no index). */
  keysMs: number;
  exactMs: number;
  exactRuns: number[];
  /** built / exact. */
  ratio: number;
  target: { limitMs: number; valueMs: number; met: boolean };
}

const NOTES = [
  'P3’s workspace seeded by seedDemoWorkspace in a plain Y.Doc, its network entries read once (readEntity) before timing; reports are synthetic, 3–6 identifiers each (phones, plates with and without a state, names, places, routes), a share of them taken from entries on the board and rewritten (other case, spacing).',
  'built: for every entry and report, entityIdentifiers/identifierKey → occurrences → MatchIndex.set, then shared(). exact: the same facts, each identifier grouped by kind and raw text in a Map with its owners, then the groups held by two or more owners. Medians of `reps` alternating runs after one untimed pair.',
  'The demo’s phones are written as 7-digit local numbers (555-01xx) with no area code: not a possible number, so they key to nothing and never match; the reports’ phones carry area codes.',
];

/** One full build: the index over every fact, and its shared identifiers. */
export function buildIndex(w: MatchWorkload): MatchIndex {
  const index = new MatchIndex();
  for (const e of w.entries) index.set(e.id, entryOccurrences(e));
  for (const r of w.reports) index.set(r.id, reportOccurrences(r));
  index.shared();
  return index;
}

const IDENTIFIER_OF = Object.fromEntries(IDENTIFIER_KINDS.map((k) => [ENTITY_KIND_OF[k], k])) as Record<
  EntityKind,
  IdentifierKind
>;

/** The baseline: groups by exact raw text, owners counted the same way. */
function exactGroups(w: MatchWorkload): number {
  const groups = new Map<string, Set<string>>();
  const add = (text: string, owner: string) => {
    let owners = groups.get(text);
    if (!owners) groups.set(text, (owners = new Set()));
    owners.add(owner);
  };
  for (const e of w.entries) {
    const kind = IDENTIFIER_OF[e.kind];
    add(`${kind}:${e.name}`, `org:${e.org}`);
    for (const alias of e.aliases ?? []) add(`name:${alias}`, `org:${e.org}`);
  }
  for (const r of w.reports) for (const i of r.identifiers) add(`${i.kind}:${i.value}`, `report:${r.id}`);
  let shared = 0;
  for (const owners of groups.values()) if (owners.size >= 2) shared++;
  return shared;
}

export function runM1(config: M1Config, w: MatchWorkload, log: Log): M1Result {
  log(`[M1] ${w.entries.length} entries and ${w.reports.length} reports: built and shared, against exact text…`);
  const loadAverage = round(loadavg()[0] ?? Number.NaN, 2);
  let index = buildIndex(w);
  let sharedExact = exactGroups(w);
  const builtRuns: number[] = [];
  const exactRuns: number[] = [];
  const keysRuns: number[] = [];
  const cpuRuns: number[] = [];
  for (let rep = 0; rep < config.reps; rep++) {
    let t0 = now();
    const cpu = process.cpuUsage();
    index = buildIndex(w);
    builtRuns.push(now() - t0);
    cpuRuns.push(process.cpuUsage(cpu).user / 1000);
    t0 = now();
    sharedExact = exactGroups(w);
    exactRuns.push(now() - t0);
    t0 = now();
    let n = 0;
    for (const e of w.entries) n += entryOccurrences(e).length;
    for (const r of w.reports) n += reportOccurrences(r).length;
    keysRuns.push(now() - t0);
    if (n < 0) throw new Error('unreachable'); // keeps the loop's work observable
  }
  const builtMs = round(median(builtRuns));
  const exactMs = round(median(exactRuns));
  let occurrences = 0;
  for (const e of w.entries) occurrences += entryOccurrences(e).length;
  for (const r of w.reports) occurrences += reportOccurrences(r).length;
  const shared = index.shared().length;
  log(
    `[M1] built ${Math.round(builtMs)} ms (${shared} shared), exact text ${exactMs.toFixed(1)} ms (${sharedExact} shared)`,
  );
  return {
    config,
    notes: NOTES,
    entries: w.entries.length,
    reports: w.reports.length,
    occurrences,
    shared,
    sharedExact,
    builtMs,
    builtRuns: builtRuns.map((x) => round(x)),
    builtCpuMs: round(median(cpuRuns)),
    loadAverage,
    keysMs: round(median(keysRuns)),
    exactMs,
    exactRuns: exactRuns.map((x) => round(x)),
    ratio: ratio(builtMs, exactMs),
    target: { limitMs: config.targetMs, valueMs: builtMs, met: builtMs <= config.targetMs },
  };
}
