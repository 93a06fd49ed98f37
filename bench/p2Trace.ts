import { setImmediate as yieldToLoop } from 'node:timers/promises';

import * as Y from 'yjs';

import { LOCAL_ORIGIN, ownedClientId } from '../shared/protocol';
import { SecureWorkspace } from '../shared/sync';
import { nodePlatform } from '../cli';
import type { Log } from './harness';
import { createTable, now } from './harness';
import { median, ratio, round } from './stats';
import { applyPatch, loadConcurrentTrace, loadLinearTrace, planConcurrent, truncateConcurrent } from './traces';
import type { ConcurrentTrace, LinearTrace } from './traces';

/**
 * P2: the cost of the encrypted path over the plaintext path replaying an editing trace at full
 * speed, in one process without the network: what is measured is sealing (merge, encrypt, sign),
 * the transport document, and opening (verify, decrypt, apply) against plain Yjs updates.
 */

export type Batching = { kind: 'timer'; batchMs: number; yieldEvery: number } | { kind: 'every'; ops: number };

export interface LinearVariant {
  id: string;
  label: string;
  /** Replay the first `ops` operations (null: the whole trace). */
  ops: number | null;
  batching: Batching;
  /** Forward what the sender produced to the receiver after this many operations (as a relay would, in chunks). */
  deliverEvery: number;
  reps: number;
}

export interface P2Config {
  linear: LinearVariant[];
  /** `txns`: replay the first that many transactions (null: all). */
  concurrent: { id: string; label: string; txns: number | null; reps: number }[];
  targetRatio: number;
}

export interface Run {
  totalMs: number;
  /** Editing (and, encrypted, sealing) on the sender. */
  senderMs: number;
  /** Applying what was forwarded on the receiver (encrypted: verify, decrypt, apply). */
  receiverMs: number;
  /** Envelopes (encrypted) or Yjs updates (plain) that travelled. */
  messages: number;
  bytes: number;
  contentOk: boolean;
}

export interface VariantResult {
  id: string;
  label: string;
  trace: string;
  ops: number;
  batching: string;
  plain: Run[];
  encrypted: Run[];
  medianPlainMs: number;
  medianEncryptedMs: number;
  /** median(encrypted) / median(plain), total and by side. */
  ratio: number;
  senderRatio: number;
  receiverRatio: number;
  opsPerEnvelope: number;
  /** Both replicas ended equal (and equal to the trace's end state when replaying all of it). */
  contentOk: boolean;
  notes: string[];
  target: { limitRatio: number; met: boolean };
}

export interface P2Result {
  config: P2Config;
  variants: VariantResult[];
}

const never = (): (() => void) => () => {};

/** Two members of one workspace, in memory: a sender and a receiver of the content document `docId`. */
function encryptedPair(docId: string, batching: Batching | null) {
  const table = createTable(2);
  const [a, b] = table.members as [(typeof table.members)[0], (typeof table.members)[0]];
  const open = (m: typeof a, replica: number) => {
    const workspace = new SecureWorkspace({
      workspaceId: table.workspaceId,
      identity: m.identity,
      transport: m.transport,
      batchMs: batching?.kind === 'timer' ? batching.batchMs : 10,
      schedule: batching?.kind === 'timer' ? nodePlatform.schedule : never,
      replica,
    });
    return { workspace, doc: workspace.document(docId), transport: m.transport };
  };
  // Client ids are owned (derived from key, document and replica, ADR 0008), not chosen: pick b's
  // replica so that a's id sorts first, as 1 and 2 do for the plain replicas (the same merges).
  const idOf = (m: typeof a, replica: number) => ownedClientId(m.identity.signPublicKey, docId, replica, 0);
  let replicaB = 1;
  while (idOf(b, replicaB) <= idOf(a, 1)) replicaB++;
  return [open(a, 1), open(b, replicaB)] as const;
}

function plainDoc(clientId: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return doc;
}

async function replayLinear(trace: LinearTrace, v: LinearVariant, encrypted: boolean): Promise<Run> {
  const ops = trace.ops.slice(0, v.ops ?? trace.ops.length);
  const whole = ops.length === trace.ops.length;
  const pair = encrypted ? encryptedPair('trace', v.batching) : null;
  const senderDoc = pair ? pair[0].doc : plainDoc(1);
  const receiverDoc = pair ? pair[1].doc : plainDoc(2);
  const receiverTarget = pair ? pair[1].transport : receiverDoc;
  const queue: Uint8Array[] = [];
  let bytes = 0;
  const forward = (update: Uint8Array, origin: unknown) => {
    if (pair ? origin === LOCAL_ORIGIN : origin !== 'net') {
      queue.push(update);
      bytes += update.length;
    }
  };
  (pair ? pair[0].transport : senderDoc).on('update', forward);
  let messages = 0;
  let receiverMs = 0;
  const deliver = () => {
    const t = now();
    messages += queue.length;
    for (const u of queue.splice(0)) Y.applyUpdate(receiverTarget, u, 'net');
    receiverMs += now() - t;
  };
  if (trace.startContent) senderDoc.getText('text').insert(0, trace.startContent);
  const text = senderDoc.getText('text');
  const { batching } = v;
  const start = now();
  for (let i = 0; i < ops.length; i++) {
    applyPatch(senderDoc, text, ops[i]!);
    const done = i + 1;
    if (pair && batching.kind === 'every' && done % batching.ops === 0) pair[0].workspace.flush();
    if (done % v.deliverEvery === 0) deliver();
    if (batching.kind === 'timer' && done % batching.yieldEvery === 0) await yieldToLoop();
  }
  pair?.[0].workspace.flush();
  deliver();
  const totalMs = now() - start;
  const got = receiverDoc.getText('text').toString();
  const contentOk = got === text.toString() && (!whole || got === trace.endContent);
  if (pair) for (const side of pair) side.workspace.destroy();
  senderDoc.destroy();
  receiverDoc.destroy();
  return {
    totalMs: round(totalMs),
    senderMs: round(totalMs - receiverMs),
    receiverMs: round(receiverMs),
    messages,
    bytes,
    contentOk,
  };
}

/**
 * Two agents, each editing its own replica; before an agent's transaction, the other agent's
 * transactions among its parents are delivered (and nothing newer), so every patch applies to
 * exactly the state it was recorded against. Plain: each transaction's Yjs update is delivered
 * (as y-websocket sends one message per transaction). Encrypted: an agent seals an envelope
 * whenever the other agent is about to build on its edits: every edit since its last envelope.
 */
function replayConcurrent(trace: ConcurrentTrace, encrypted: boolean): Run & { clamped: number; text: string } {
  const plan = planConcurrent(trace);
  const agents = trace.numAgents;
  if (agents !== 2) throw new Error(`${trace.name}: ${agents} agents; this replay handles two`);
  const pair = encrypted ? encryptedPair('trace', { kind: 'every', ops: Number.POSITIVE_INFINITY }) : null;
  const docs = pair ? [pair[0].doc, pair[1].doc] : [plainDoc(1), plainDoc(2)];
  const targets = pair ? [pair[0].transport, pair[1].transport] : docs;
  const texts = docs.map((d) => d.getText('text'));
  /** Per producing agent: what it sent, tagged with the transaction index it was produced at. */
  const outbox: { tag: number; update: Uint8Array }[][] = [[], []];
  let bytes = 0;
  let tag = -1;
  targets.forEach((target, a) =>
    target.on('update', (update: Uint8Array, origin: unknown) => {
      if (pair ? origin === LOCAL_ORIGIN : origin !== 'net') {
        outbox[a]!.push({ tag, update });
        bytes += update.length;
      }
    }),
  );
  let messages = 0;
  let receiverMs = 0;
  const deliver = (from: number, upTo: number) => {
    const to = 1 - from;
    const box = outbox[from]!;
    const t = now();
    let k = 0;
    while (k < box.length && box[k]!.tag <= upTo) Y.applyUpdate(targets[to]!, box[k++]!.update, 'net');
    box.splice(0, k);
    messages += k;
    receiverMs += now() - t;
  };
  const delivered = [-1, -1];
  let clamped = 0;
  const start = now();
  trace.txns.forEach((txn, index) => {
    const me = txn.agent;
    const other = 1 - me;
    const need = plan.parentVersion[index]![other]!;
    if (need > delivered[me]!) {
      deliver(other, need);
      delivered[me] = need;
    }
    tag = index;
    for (const patch of txn.patches) if (applyPatch(docs[me]!, texts[me]!, patch)) clamped++;
    if (pair && plan.deliveryPoints[me]!.has(index)) pair[me]!.workspace.flush();
  });
  tag = trace.txns.length;
  pair?.forEach((side) => side.workspace.flush());
  deliver(0, Number.POSITIVE_INFINITY);
  deliver(1, Number.POSITIVE_INFINITY);
  const totalMs = now() - start;
  const [t0, t1] = texts.map((t) => t.toString());
  const contentOk = t0 === t1;
  if (pair) for (const side of pair) side.workspace.destroy();
  for (const d of docs) d.destroy();
  return {
    totalMs: round(totalMs),
    senderMs: round(totalMs - receiverMs),
    receiverMs: round(receiverMs),
    messages,
    bytes,
    contentOk,
    clamped,
    text: t0 ?? '',
  };
}

function summarize(
  base: Omit<
    VariantResult,
    | 'medianPlainMs'
    | 'medianEncryptedMs'
    | 'ratio'
    | 'senderRatio'
    | 'receiverRatio'
    | 'contentOk'
    | 'target'
    | 'opsPerEnvelope'
  >,
  targetRatio: number,
): VariantResult {
  const m = (runs: Run[], k: 'totalMs' | 'senderMs' | 'receiverMs') => median(runs.map((r) => r[k]));
  const r = ratio(m(base.encrypted, 'totalMs'), m(base.plain, 'totalMs'));
  const envelopes = median(base.encrypted.map((x) => x.messages));
  return {
    ...base,
    medianPlainMs: round(m(base.plain, 'totalMs')),
    medianEncryptedMs: round(m(base.encrypted, 'totalMs')),
    ratio: r,
    senderRatio: ratio(m(base.encrypted, 'senderMs'), m(base.plain, 'senderMs')),
    receiverRatio: ratio(m(base.encrypted, 'receiverMs'), m(base.plain, 'receiverMs')),
    opsPerEnvelope: round(base.ops / Math.max(1, envelopes), 1),
    contentOk: [...base.plain, ...base.encrypted].every((x) => x.contentOk),
    target: { limitRatio: targetRatio, met: r <= targetRatio },
  };
}

const describeBatching = (b: Batching): string =>
  b.kind === 'timer'
    ? `SecureWorkspace timer (batchMs ${b.batchMs}), replay yields to the event loop every ${b.yieldEvery} ops`
    : Number.isFinite(b.ops)
      ? `flush() every ${b.ops} op${b.ops === 1 ? '' : 's'}`
      : 'flush() at delivery points';

export async function runP2(config: P2Config, log: Log): Promise<P2Result> {
  const variants: VariantResult[] = [];
  for (const v of config.linear) {
    const trace = loadLinearTrace();
    const ops = Math.min(v.ops ?? trace.ops.length, trace.ops.length);
    log(`[P2] ${trace.name} ${v.id}: ${ops} ops, ${v.reps} × (plain, encrypted)…`);
    const plain: Run[] = [];
    const encrypted: Run[] = [];
    for (let rep = 0; rep < v.reps; rep++) {
      plain.push(await replayLinear(trace, v, false));
      encrypted.push(await replayLinear(trace, v, true));
      log(`[P2]   rep ${rep + 1}: plain ${plain.at(-1)!.totalMs} ms, encrypted ${encrypted.at(-1)!.totalMs} ms`);
    }
    variants.push(
      summarize(
        {
          id: v.id,
          label: v.label,
          trace: trace.name,
          ops,
          batching: describeBatching(v.batching),
          plain,
          encrypted,
          notes: ops < trace.ops.length ? [`first ${ops} of ${trace.ops.length} operations`] : [],
        },
        config.targetRatio,
      ),
    );
  }
  for (const c of config.concurrent) {
    const full = loadConcurrentTrace();
    const trace = truncateConcurrent(full, c.txns ?? full.txns.length);
    const plan = planConcurrent(trace);
    log(`[P2] ${trace.name} ${c.id}: ${trace.txns.length} txns, ${c.reps} × (plain, encrypted)…`);
    const plain: ReturnType<typeof replayConcurrent>[] = [];
    const encrypted: ReturnType<typeof replayConcurrent>[] = [];
    for (let rep = 0; rep < c.reps; rep++) {
      plain.push(replayConcurrent(trace, false));
      encrypted.push(replayConcurrent(trace, true));
      log(`[P2]   rep ${rep + 1}: plain ${plain.at(-1)!.totalMs} ms, encrypted ${encrypted.at(-1)!.totalMs} ms`);
    }
    const notes = [
      "agents and parents honoured: each agent edits its own replica; the other agent's transactions among a transaction's parents are delivered before it (and nothing newer)",
      `${plan.deliveryPoints.reduce((n, s) => n + s.size, 0)} delivery points`,
    ];
    if (plan.anomalies > 0) notes.push(`${plan.anomalies} transactions not building on their agent's previous one`);
    const clamped = encrypted[0]?.clamped ?? 0;
    if (clamped > 0) notes.push(`${clamped} patch positions clamped (Yjs ordered concurrent inserts differently)`);
    if (trace.txns.length < full.txns.length)
      notes.push(`first ${trace.txns.length} of ${full.txns.length} transactions`);
    const sameAsPlain = [...plain, ...encrypted].every((r) => r.contentOk && r.text === plain[0]?.text);
    if (trace.txns.length === full.txns.length) {
      notes.push(
        plain[0]?.text === full.endContent
          ? "final text equals the trace's endContent"
          : "final text differs from the trace's endContent (Yjs orders concurrent inserts its own way)",
      );
    }
    const strip = (runs: ReturnType<typeof replayConcurrent>[]): Run[] =>
      runs.map(({ text: _t, clamped: _c, ...run }) => run);
    const result = summarize(
      {
        id: c.id,
        label: c.label,
        trace: trace.name,
        ops: trace.txns.reduce((n, t) => n + t.patches.length, 0),
        batching: 'envelope sealed when the other agent next builds on these edits',
        plain: strip(plain),
        encrypted: strip(encrypted),
        notes,
      },
      config.targetRatio,
    );
    result.contentOk = sameAsPlain;
    variants.push(result);
  }
  return { config, variants };
}
