import type { Log } from './harness';
import { now } from './harness';
import { buildIndex } from './m1Matching';
import type { MatchWorkload } from './matchWorkload';
import { entryOccurrences, reportOccurrences } from './matchWorkload';
import type { Percentiles } from './p3Board';
import { distribution, median, quantile, ratio, round } from './stats';

/**
 * M2 (issue 15): one new field report, or one new network entry, with its matches updated in an
 * index already holding M1's workload: set, matchesOf and shared(). Baseline: rebuilding the whole
 * index (M1's build) for the same change.
 */
export interface M2Config {
  samples: number;
  rebuildReps: number;
  targetMs: number;
}

export interface M2Result {
  config: M2Config;
  notes: string[];
  report: Percentiles;
  entry: Percentiles;
  /** Matches found for the new facts, in all (so the work is not empty). */
  matchesFound: number;
  rebuildMs: number;
  rebuildRuns: number[];
  /** rebuild / incremental p50. */
  ratios: { report: number; entry: number };
  target: { limitMs: number; valueMs: number; met: boolean };
}

const NOTES = [
  'The index starts as M1 builds it. report: MatchIndex.set(a new report’s keyed identifiers), matchesOf(it), shared(). entry: the same for a new network entry (a phone, a vehicle with a plate, a person, a place or a route) in a random organization. New reports and entries alternate; they stay in the index.',
  'rebuild: the whole index again (M1’s build, keys included), as a reader without incremental matching would redo it; the target is compared with the larger p95.',
];

export function runM2(config: M2Config, w: MatchWorkload, log: Log): M2Result {
  log(`[M2] ${config.samples} new reports and ${config.samples} new entries, against a full rebuild…`);
  const index = buildIndex(w);
  const report: number[] = [];
  const entry: number[] = [];
  let matchesFound = 0;
  for (let i = 0; i < config.samples + 5; i++) {
    const r = w.newReport();
    let t0 = now();
    index.set(r.id, reportOccurrences(r));
    const rm = index.matchesOf(r.id);
    index.shared();
    const reportMs = now() - t0;
    const e = w.newEntry();
    t0 = now();
    index.set(e.id, entryOccurrences(e));
    const em = index.matchesOf(e.id);
    index.shared();
    const entryMs = now() - t0;
    if (i < 5) continue; // warm-up
    report.push(reportMs);
    entry.push(entryMs);
    matchesFound += rm.length + em.length;
  }
  const rebuildRuns: number[] = [];
  for (let rep = 0; rep < config.rebuildReps; rep++) {
    const t0 = now();
    buildIndex(w);
    rebuildRuns.push(now() - t0);
  }
  const percentiles = (samples: number[]) => ({ ...distribution(samples), p95: round(quantile(samples, 0.95)) });
  const [r, e] = [percentiles(report), percentiles(entry)];
  const rebuildMs = round(median(rebuildRuns));
  const worst = Math.max(r.p95, e.p95);
  log(
    `[M2] report p50 ${r.p50} ms p95 ${r.p95} ms; entry p50 ${e.p50} ms p95 ${e.p95} ms; rebuild ${Math.round(rebuildMs)} ms`,
  );
  return {
    config,
    notes: NOTES,
    report: r,
    entry: e,
    matchesFound,
    rebuildMs,
    rebuildRuns: rebuildRuns.map((x) => round(x)),
    ratios: { report: ratio(rebuildMs, r.p50), entry: ratio(rebuildMs, e.p50) },
    target: { limitMs: config.targetMs, valueMs: worst, met: worst <= config.targetMs },
  };
}
