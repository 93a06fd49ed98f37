import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import type * as Y from 'yjs';

/**
 * The editing traces of Joseph Gentle's `editing-traces` collection (CC BY 4.0), read from the
 * shared folder next to the project (`../shared/traces/`), never copied into it.
 */
export const TRACES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'traces');

/** [position, deleteCount, insertText] against the document state the transaction edits. */
export type Patch = [number, number, string];

export interface LinearTrace {
  name: string;
  startContent: string;
  endContent: string;
  /** One patch per operation, in order (the automerge-paper trace has one patch per transaction). */
  ops: Patch[];
}

export interface ConcurrentTxn {
  agent: number;
  parents: number[];
  patches: Patch[];
}

export interface ConcurrentTrace {
  name: string;
  numAgents: number;
  endContent: string;
  txns: ConcurrentTxn[];
}

const cache = new Map<string, unknown>();

function readTrace(file: string): unknown {
  let json = cache.get(file);
  if (json === undefined) {
    json = JSON.parse(gunzipSync(readFileSync(join(TRACES_DIR, file))).toString('utf8')) as unknown;
    cache.set(file, json);
  }
  return json;
}

export function loadLinearTrace(file = 'automerge-paper.json.gz'): LinearTrace {
  const raw = readTrace(file) as { startContent?: string; endContent: string; txns: { patches: Patch[] }[] };
  return {
    name: file.replace(/\.json\.gz$/, ''),
    startContent: raw.startContent ?? '',
    endContent: raw.endContent,
    ops: raw.txns.flatMap((t) => t.patches),
  };
}

export function loadConcurrentTrace(file = 'friendsforever.json.gz'): ConcurrentTrace {
  const raw = readTrace(file) as { numAgents: number; endContent: string; txns: ConcurrentTxn[] };
  return {
    name: file.replace(/\.json\.gz$/, ''),
    numAgents: raw.numAgents,
    endContent: raw.endContent,
    txns: raw.txns.map(({ agent, parents, patches }) => ({ agent, parents, patches })),
  };
}

/**
 * Applies one patch to a Y.Text in its own transaction (one transaction for 100k operations is
 * quadratic in Yjs). Positions beyond the end are clamped; returns whether it had to clamp.
 */
export function applyPatch(doc: Y.Doc, text: Y.Text, [pos, del, ins]: Patch): boolean {
  const length = text.length;
  const at = Math.min(pos, length);
  const count = Math.min(del, length - at);
  doc.transact(() => {
    if (count > 0) text.delete(at, count);
    if (ins.length > 0) text.insert(at, ins);
  });
  return at !== pos || count !== del;
}

/** The first `txnCount` transactions of a concurrent trace, with their parents intact (all point backwards). */
export function truncateConcurrent(trace: ConcurrentTrace, txnCount: number): ConcurrentTrace {
  if (txnCount >= trace.txns.length) return trace;
  return { ...trace, endContent: '', txns: trace.txns.slice(0, txnCount) };
}

export interface CausalPlan {
  /** Per transaction: the newest transaction of each agent among its parents' ancestry (-1: none). */
  parentVersion: number[][];
  /** Per agent: its transactions whose state another agent builds on (where its edits must be delivered). */
  deliveryPoints: Set<number>[];
  /** Transactions that do not build on their own agent's previous one (replayed as if they did). */
  anomalies: number;
}

/**
 * The causal structure of a two-or-more-agent trace: each agent's transactions form a chain, so
 * "everything of agent Y that transaction t has seen" is a prefix of Y's chain, identified by the
 * newest such transaction: a version vector over transaction indexes.
 */
export function planConcurrent(trace: ConcurrentTrace): CausalPlan {
  const n = trace.numAgents;
  const versions: number[][] = [];
  const parentVersion: number[][] = [];
  const deliveryPoints = Array.from({ length: n }, () => new Set<number>());
  const lastOwn = new Array<number>(n).fill(-1);
  let anomalies = 0;
  trace.txns.forEach((txn, index) => {
    const v = new Array<number>(n).fill(-1);
    for (const p of txn.parents) {
      const pv = versions[p];
      if (!pv) throw new Error(`${trace.name}: transaction ${index} has parent ${p} that is not earlier`);
      for (let a = 0; a < n; a++) v[a] = Math.max(v[a]!, pv[a]!);
    }
    parentVersion.push([...v]);
    if (v[txn.agent] !== lastOwn[txn.agent]) anomalies++;
    for (let a = 0; a < n; a++) if (a !== txn.agent && v[a]! >= 0) deliveryPoints[a]!.add(v[a]!);
    v[txn.agent] = index;
    lastOwn[txn.agent] = index;
    versions.push(v);
  });
  return { parentVersion, deliveryPoints, anomalies };
}
