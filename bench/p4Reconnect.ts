import { docListName } from '../shared/protocol';
import type { Log, PathMode } from './harness';
import type { BenchClient } from './harness';
import {
  connectAll,
  createClient,
  createTable,
  destroyAll,
  hasAllOf,
  now,
  sleep,
  startServerFor,
  until,
} from './harness';
import { median, prng, ratio, round } from './stats';
import { applyPatch, loadLinearTrace } from './traces';
import type { Patch } from './traces';

/**
 * P4: client A, offline, makes `localOps` edits while B makes `remoteOps` that reach the relay;
 * A reconnects. Measured: from A's reconnect until A and the relay are both up to date
 * (RelayConnection.upToDate, or its equivalent for stock y-websocket) and A's content equals B's
 * (B, online, has received A's edits too).
 */

export type P4Mode = PathMode | 'encrypted-compacted' | 'encrypted-uncompacted';

export interface P4Config {
  localOps: number;
  remoteOps: number;
  /** Shared content both start from (B writes it, A receives it before going offline). */
  initialOps: number;
  modes: P4Mode[];
  /** Repetitions of the cheap (plain) modes; the encrypted ones run `encryptedReps` times. */
  plainReps: number;
  encryptedReps: number;
  timeoutMs: number;
  targetMs: number;
}

export interface P4Run {
  /** A reconnect → A up to date with the relay and the relay with A, and A's content equals B's. */
  totalMs: number;
  /** → A's provider reports its first sync with the server. */
  syncedMs: number;
  /** → A holds every edit B made. */
  localHasRemoteMs: number;
  /** → B holds every edit A made. */
  remoteHasLocalMs: number;
  /** → A's upToDate() resolved. */
  upToDateMs: number;
  contentEqual: boolean;
  /** Setup (not measured): the offline edits, sealing included, and B's upload. */
  setupMs: { localEdits: number; remoteEdits: number; compaction: number; remoteUpload: number };
  /** Envelopes in the transport (encrypted) when A reconnects: A's own and what the relay holds. */
  envelopes: { local: number; relay: number } | null;
}

export interface P4ModeResult {
  mode: P4Mode;
  runs: P4Run[];
  medianTotalMs: number;
  medianUpToDateMs: number;
  medianLocalHasRemoteMs: number;
  medianRemoteHasLocalMs: number;
  contentEqual: boolean;
  target: { limitMs: number; met: boolean } | null;
}

export interface P4Result {
  config: P4Config;
  notes: string[];
  modes: Partial<Record<P4Mode, P4ModeResult>>;
  /** median(mode) / median(plain). */
  ratios: Partial<Record<P4Mode, number>>;
}

/** Deterministic single-character edits at random places of A's own copy (insert 80 %, delete 20 %). */
function localEdits(seed: number): (length: number) => Patch {
  const rnd = prng(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz ';
  return (length) => {
    const pos = Math.floor(rnd() * (length + 1));
    if (length > 0 && rnd() < 0.2) return [Math.min(pos, length - 1), 1, ''];
    return [pos, 0, letters[Math.floor(rnd() * letters.length)]!];
  };
}

/**
 * Makes `ops` edits on a client's content document, each its own transaction and, encrypted, its
 * own envelope (what typing at human speed gives with a 10 ms batching window). Setup only: for
 * the encrypted path, `chunk` envelopes are appended inside one transport transaction, so the
 * transport's observers run once per chunk rather than once per envelope (see the findings).
 */
function edit(client: BenchClient, count: number, next: (i: number, length: number) => Patch, chunk = 1000): void {
  const text = client.doc.getText('text');
  const one = (i: number) => {
    applyPatch(client.doc, text, next(i, text.length));
    client.flush();
  };
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const run = () => {
      for (let i = start; i < end; i++) one(i);
    };
    if (client.workspace) client.transport.transact(run);
    else run();
  }
}

function envelopeCount(client: BenchClient): number {
  return client.transport.getArray(docListName('p4')).length;
}

async function runP4Once(mode: P4Mode, config: P4Config, log: Log): Promise<P4Run> {
  const pathMode: PathMode = mode.startsWith('encrypted') ? 'encrypted' : (mode as PathMode);
  // The product compacts long lists by itself; 'encrypted-uncompacted' switches that off, as the worst case.
  const clientOptions = { docId: 'p4', ...(mode === 'encrypted-uncompacted' ? { compactAbove: Infinity } : {}) };
  const trace = loadLinearTrace();
  const needed = config.initialOps + config.remoteOps;
  if (needed > trace.ops.length)
    throw new Error(`P4 needs ${needed} trace operations, the trace has ${trace.ops.length}`);
  const server = await startServerFor(pathMode);
  const table = createTable(2);
  const clients: BenchClient[] = [];
  try {
    const b = createClient(pathMode, server.url, table, 0, clientOptions);
    clients.push(b);
    const a = createClient(pathMode, server.url, table, 1, clientOptions);
    clients.push(a);
    await connectAll([b, a], 30_000);
    edit(b, config.initialOps, (i) => trace.ops[i]!);
    await b.upToDate(config.timeoutMs);
    await until(() => hasAllOf(a.doc, b.doc), config.timeoutMs, 'A to receive the initial content');
    a.disconnect();
    b.disconnect();

    log(`[P4] ${mode}: A offline makes ${config.localOps} edits, B ${config.remoteOps}…`);
    let t = now();
    const gen = localEdits(42);
    edit(a, config.localOps, (_i, length) => gen(length));
    const localMs = now() - t;
    t = now();
    edit(b, config.remoteOps, (i) => trace.ops[config.initialOps + i]!);
    const remoteMs = now() - t;
    t = now();
    if (mode === 'encrypted-compacted') {
      b.workspace!.compact(0);
      a.workspace!.compact(0);
    }
    const compactMs = now() - t;
    t = now();
    b.connect();
    await b.upToDate(config.timeoutMs);
    const uploadMs = now() - t;
    const envelopes = a.workspace ? { local: envelopeCount(a), relay: envelopeCount(b) } : null;
    log(
      `[P4] ${mode}: setup done (A ${Math.round(localMs)} ms, B ${Math.round(remoteMs)} ms, upload ${Math.round(uploadMs)} ms` +
        (envelopes ? `; envelopes: A ${envelopes.local}, relay ${envelopes.relay}` : '') +
        '); A reconnects…',
    );

    await sleep(50);
    let synced = Number.NaN;
    a.provider.on('sync', (isSynced: boolean) => {
      if (isSynced && Number.isNaN(synced)) synced = now();
    });
    let localHasRemote = Number.NaN;
    let remoteHasLocal = Number.NaN;
    let upToDate = Number.NaN;
    const start = now();
    a.connect();
    const watch = until(
      () => {
        if (Number.isNaN(localHasRemote) && hasAllOf(a.doc, b.doc)) localHasRemote = now();
        if (Number.isNaN(remoteHasLocal) && hasAllOf(b.doc, a.doc)) remoteHasLocal = now();
        return !Number.isNaN(localHasRemote) && !Number.isNaN(remoteHasLocal);
      },
      config.timeoutMs,
      'A and B to converge',
      1,
    );
    await Promise.all([watch, a.upToDate(config.timeoutMs).then(() => (upToDate = now()))]);
    const end = Math.max(upToDate, localHasRemote, remoteHasLocal);
    const contentEqual = a.doc.getText('text').toString() === b.doc.getText('text').toString();
    const run: P4Run = {
      totalMs: round(end - start),
      syncedMs: round(synced - start),
      localHasRemoteMs: round(localHasRemote - start),
      remoteHasLocalMs: round(remoteHasLocal - start),
      upToDateMs: round(upToDate - start),
      contentEqual,
      setupMs: {
        localEdits: round(localMs),
        remoteEdits: round(remoteMs),
        compaction: round(compactMs),
        remoteUpload: round(uploadMs),
      },
      envelopes,
    };
    log(
      `[P4] ${mode}: ${Math.round(run.totalMs)} ms (A has B's edits at ${Math.round(run.localHasRemoteMs)} ms, ` +
        `B has A's at ${Math.round(run.remoteHasLocalMs)} ms, up to date at ${Math.round(run.upToDateMs)} ms)` +
        (contentEqual ? '' : ' — CONTENT DIFFERS'),
    );
    return run;
  } finally {
    destroyAll(clients);
    await server.close();
  }
}

export async function runP4(config: P4Config, log: Log): Promise<P4Result> {
  const modes: Partial<Record<P4Mode, P4ModeResult>> = {};
  for (const mode of config.modes) {
    const reps = mode.startsWith('encrypted') ? config.encryptedReps : config.plainReps;
    const runs: P4Run[] = [];
    for (let i = 0; i < reps; i++) runs.push(await runP4Once(mode, config, log));
    const m = (k: 'totalMs' | 'upToDateMs' | 'localHasRemoteMs' | 'remoteHasLocalMs') =>
      round(median(runs.map((r) => r[k])));
    const medianTotalMs = m('totalMs');
    modes[mode] = {
      mode,
      runs,
      medianTotalMs,
      medianUpToDateMs: m('upToDateMs'),
      medianLocalHasRemoteMs: m('localHasRemoteMs'),
      medianRemoteHasLocalMs: m('remoteHasLocalMs'),
      contentEqual: runs.every((r) => r.contentEqual),
      target: mode.startsWith('encrypted')
        ? { limitMs: config.targetMs, met: medianTotalMs <= config.targetMs && runs.every((r) => r.contentEqual) }
        : null,
    };
  }
  const plain = modes.plain?.medianTotalMs;
  const ratios: Partial<Record<P4Mode, number>> = {};
  if (plain) for (const [mode, r] of Object.entries(modes)) ratios[mode as P4Mode] = ratio(r.medianTotalMs, plain);
  const notes = [
    'A and B start from the same content (initialOps trace operations by B); both go offline; A makes localOps random single-character edits, B the next remoteOps operations of automerge-paper, each its own transaction and (encrypted) its own envelope, as typing at human speed gives with a 10 ms window.',
    'B then reconnects and uploads (B is up to date before A reconnects), so B’s edits have reached the relay. Measured: A.connect() → A up to date with the relay both ways and A, B holding the same edits (text compared at the end).',
    'Setup only: encrypted edits append their envelopes 1000 per transport transaction, so list observers run once per 1000 (per envelope it is O(list length): see the P2 per-op result).',
    'encrypted: the product as it is, which compacts a list past 512 envelopes by itself.',
    'encrypted-compacted: both call SecureWorkspace.compact(0) before B uploads and A reconnects (one snapshot envelope each).',
    'encrypted-uncompacted: automatic compaction off (compactAbove: Infinity): every envelope is verified on reconnect.',
  ];
  return { config, notes, modes, ratios };
}
