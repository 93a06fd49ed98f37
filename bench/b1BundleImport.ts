import * as Y from 'yjs';

import { openBundle } from '../shared/bundles';
import type { BundleSection } from '../shared/bundles';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import type { TableMember } from '../shared/testkit';
import { importBundle } from '../shared/workspace';
import type { BundleProgress } from '../shared/workspace';
import type { EnvelopeWorkload } from './bundleWorkload';
import { reopen } from './bundleWorkload';
import type { Log } from './harness';
import { now } from './harness';
import { median, ratio, round } from './stats';

/**
 * B1 (issue 14): importing a bundle of 10,000 envelopes, against the same transport updates
 * arriving as a relay sync delivers them (applied to the transport documents, every envelope
 * through SecureWorkspace's checks) and against a bare Y.applyUpdate of them with no checks.
 */
export interface B1Config {
  reps: number;
  targetMs: number;
}

export interface B1Result {
  config: B1Config;
  notes: string[];
  /** Members whose envelopes the bundle carries. */
  writers: number;
  envelopes: number;
  bundleBytes: number;
  /** importBundle: open the file, check the exporter and the replay log, apply as the wire does, store, summarize. */
  importMs: number;
  importRuns: number[];
  /** Of an import: reading the file and checking the exporter (until 'checking'). */
  openMs: number;
  /** Of an import: applying the sections through the checks (until 'storing'). */
  applyMs: number;
  /** Of an import: waiting for the local copy, then counting and summarizing. */
  storeMs: number;
  /** The same sections applied to a fresh member's transport documents, through the checks, stored. */
  wireMs: number;
  wireRuns: number[];
  /** The same sections applied with Y.applyUpdate to bare documents: no decryption, no signature. */
  plainMs: number;
  plainRuns: number[];
  /** What the import reported on its last run. */
  counts: { new: number; duplicates: number; rejected: number };
  /** Reports of errors on the wire path's last run (refused envelopes). */
  wireErrors: number;
  /** Import and wire made the same decrypted board (the same content state vector). */
  contentEqual: boolean;
  ratios: { importOverWire: number; importOverPlain: number; wireOverPlain: number };
  target: { limitMs: number; valueMs: number; met: boolean };
}

const NOTES = [
  'The bundle is the courier’s full export (no state file): the directory and the core room, whose list holds every writer’s envelopes, one edit each, uncompacted. Each run opens a fresh OpenWorkspace of the receiver (a member who joined and holds none of them) on a copy of its sealed local records (in memory): opening it is not timed.',
  'import: importBundle(receiver, file), until its result. wire: the bundle’s own sections applied to the receiver’s transport documents with a remote origin, every document of the room opened (its envelopes verified and decrypted), then awaiting the local store — what a relay sync of the same updates costs, without the network. plain: Y.applyUpdate of the same sections to bare documents.',
  'After one untimed round, each run does import, wire and plain in turn. With a handful of runs a p95 is not meaningful: the runs are listed.',
];

const WIRE = Symbol('bench/wire');

export async function runB1(config: B1Config, workload: EnvelopeWorkload, log: Log): Promise<B1Result> {
  const runs = { import: [] as number[], open: [] as number[], apply: [] as number[], store: [] as number[] };
  const wireRuns: number[] = [];
  const plainRuns: number[] = [];
  const sections = openBundle(workload.file, workload.receiver.identity).sections;
  let last: { counts: B1Result['counts']; imported: Uint8Array; wired: Uint8Array; wireErrors: number } | null = null;
  log(`[B1] importing ${workload.envelopes} envelopes (${workload.file.byteLength} B), ${config.reps} runs…`);
  for (let rep = 0; rep <= config.reps; rep++) {
    const imported = await timedImport(workload);
    const wired = await timedWire(workload, sections);
    const plainMs = timedPlain(sections);
    last = {
      counts: imported.counts,
      imported: imported.content,
      wired: wired.content,
      wireErrors: wired.errors,
    };
    if (rep === 0) continue; // the first round pays for compiling the code paths
    runs.import.push(imported.ms);
    runs.open.push(imported.openMs);
    runs.apply.push(imported.applyMs);
    runs.store.push(imported.ms - imported.openMs - imported.applyMs);
    wireRuns.push(wired.ms);
    plainRuns.push(plainMs);
    log(
      `[B1] run ${rep}: import ${Math.round(imported.ms)} ms, wire ${Math.round(wired.ms)} ms, plain ${plainMs.toFixed(1)} ms`,
    );
  }
  const [importMs, wireMs, plainMs] = [runs.import, wireRuns, plainRuns].map((r) => round(median(r))) as [
    number,
    number,
    number,
  ];
  return {
    config,
    notes: NOTES,
    writers: workload.config.writers,
    envelopes: workload.envelopes,
    bundleBytes: workload.file.byteLength,
    importMs,
    importRuns: runs.import.map((x) => round(x)),
    openMs: round(median(runs.open)),
    applyMs: round(median(runs.apply)),
    storeMs: round(median(runs.store)),
    wireMs,
    wireRuns: wireRuns.map((x) => round(x)),
    plainMs,
    plainRuns: plainRuns.map((x) => round(x)),
    counts: last!.counts,
    wireErrors: last!.wireErrors,
    contentEqual: Buffer.from(last!.imported).equals(Buffer.from(last!.wired)),
    ratios: {
      importOverWire: ratio(importMs, wireMs),
      importOverPlain: ratio(importMs, plainMs),
      wireOverPlain: ratio(wireMs, plainMs),
    },
    target: { limitMs: config.targetMs, valueMs: importMs, met: importMs <= config.targetMs },
  };
}

/** The decrypted board's state vector: what both paths must end with. */
const contentOf = (m: TableMember): Uint8Array => Y.encodeStateVector(m.ow.workspace.document(WORKSPACE_DOC_ID));

async function timedImport(workload: EnvelopeWorkload) {
  const receiver = await reopen(workload.receiver);
  try {
    const marks = new Map<BundleProgress['phase'], number>();
    const t0 = now();
    const result = await importBundle(receiver.ow, workload.file, {
      onProgress: (p) => void (marks.has(p.phase) || marks.set(p.phase, now())),
    });
    const ms = now() - t0;
    const checking = marks.get('checking') ?? t0;
    return {
      ms,
      openMs: checking - t0,
      applyMs: (marks.get('storing') ?? checking) - checking,
      counts: { new: result.new, duplicates: result.duplicates, rejected: result.rejected },
      content: contentOf(receiver),
    };
  } finally {
    await receiver.ow.close();
  }
}

async function timedWire(workload: EnvelopeWorkload, sections: BundleSection[]) {
  const receiver = await reopen(workload.receiver);
  try {
    const { ow } = receiver;
    const reportsBefore = ow.workspace.reports.length;
    const t0 = now();
    for (const s of sections) {
      if (s.room === '') {
        Y.applyUpdate(ow.transport, s.data, WIRE);
        continue;
      }
      const room = ow.workspace.room(s.room);
      if (!room) throw new Error(`B1: the receiver holds no room ${s.room}`);
      Y.applyUpdate(room.transport, s.data, WIRE);
      for (const id of room.documentIds()) room.document(id);
    }
    await ow.stored();
    const ms = now() - t0;
    const errors = ow.workspace.reports.slice(reportsBefore).filter((r) => r.level === 'error').length;
    return { ms, errors, content: contentOf(receiver) };
  } finally {
    await receiver.ow.close();
  }
}

function timedPlain(sections: BundleSection[]): number {
  const docs = sections.map(() => new Y.Doc());
  const t0 = now();
  sections.forEach((s, i) => Y.applyUpdate(docs[i]!, s.data));
  const ms = now() - t0;
  for (const d of docs) d.destroy();
  return ms;
}
