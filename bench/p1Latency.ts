import type * as Y from 'yjs';

import { LOCAL_ORIGIN } from '../shared/protocol';
import type { BenchClient, Log, PathMode } from './harness';
import { connectAll, createClient, createTable, destroyAll, now, sleep, startServerFor } from './harness';
import type { Distribution } from './stats';
import { distribution, prng, ratio, round } from './stats';

export interface P1Config {
  clients: number;
  /** Measured edits (after the warm-up ones), from rotating senders. */
  edits: number;
  warmupEdits: number;
  /** Pause after an edit has reached everyone, before the next one (closed loop), plus 0–gapMs jitter. */
  gapMs: number;
  /** An edit not seen by every receiver within this counts as lost. */
  editTimeoutMs: number;
  batchMs: number;
  modes: PathMode[];
}

export interface P1ModeResult {
  mode: PathMode;
  /** Every (edit, receiver) pair: edit → applied on that receiver's content document, in ms. */
  latency: Distribution;
  /** Per edit, the receiver that saw it first: what one client would see on its own machine. */
  firstReceiver: Distribution;
  /** Per edit, the receiver that saw it last: includes every other receiver's work (one process). */
  lastReceiver: Distribution;
  /** Encrypted only: envelope sealed → applied (the latency without the batching window). */
  afterSeal: Distribution | null;
  /** Encrypted only: edit → envelope sealed (the batching window as the timer delivers it). */
  sealDelay: Distribution | null;
  lostDeliveries: number;
  setupMs: number;
  measureMs: number;
}

export interface P1Result {
  config: P1Config;
  notes: string[];
  modes: Partial<Record<PathMode, P1ModeResult>>;
  /** encrypted / plain, over all (edit, receiver) samples. */
  ratios: { p50: number | null; p99: number | null };
  target: { metric: string; limitMs: number; valueMs: number | null; met: boolean | null };
}

export async function runP1(config: P1Config, log: Log): Promise<P1Result> {
  const modes: Partial<Record<PathMode, P1ModeResult>> = {};
  for (const mode of config.modes) modes[mode] = await runP1Mode(mode, config, log);
  const enc = modes.encrypted;
  const plain = modes.plain;
  const valueMs = enc ? enc.latency.p99 : null;
  return {
    config,
    notes: [
      'Closed loop: each edit (a Y.Map key set by clients in turn) waits until every other client has applied it, then gapMs–2×gapMs pass before the next.',
      'Timestamps: performance.now() at the edit and in each receiver’s content-document observer; the first warmupEdits are not counted.',
      'Encrypted includes the batching window (batchMs, SecureWorkspace’s setTimeout seam): sealDelay and afterSeal split it out.',
    ],
    modes,
    ratios: {
      p50: enc && plain ? ratio(enc.latency.p50, plain.latency.p50) : null,
      p99: enc && plain ? ratio(enc.latency.p99, plain.latency.p99) : null,
    },
    target: {
      metric: 'encrypted p99 edit → applied on every other client',
      limitMs: 50,
      valueMs,
      met: valueMs === null ? null : valueMs <= 50 && (enc?.lostDeliveries ?? 0) === 0,
    },
  };
}

async function runP1Mode(mode: PathMode, config: P1Config, log: Log): Promise<P1ModeResult> {
  const n = config.clients;
  const total = config.warmupEdits + config.edits;
  log(`[P1] ${mode}: ${n} clients, setting up…`);
  const setupStart = now();
  const server = await startServerFor(mode);
  const table = createTable(mode === 'plain' ? 1 : n);
  const clients: BenchClient[] = [];
  try {
    for (let i = 0; i < n; i++) {
      clients.push(
        createClient(mode, server.url, table, mode === 'plain' ? 0 : i, { docId: 'p1', batchMs: config.batchMs }),
      );
    }
    await connectAll(clients, 60_000);
    const setupMs = now() - setupStart;

    const sentAt = new Array<number>(total).fill(Number.NaN);
    const sealedAt = new Array<number>(total).fill(Number.NaN);
    const arrivals = Array.from({ length: total }, () => new Array<number>(n).fill(Number.NaN));
    const seen = new Array<number>(total).fill(0);
    let current = -1;
    let wake: (() => void) | null = null;
    const maps: Y.Map<number>[] = clients.map((c) => c.doc.getMap<number>('p1'));
    maps.forEach((map, r) =>
      map.observe((event) => {
        if (event.transaction.local) return;
        const t = now();
        for (const key of event.keysChanged) {
          const i = Number(key);
          if (!(i >= 0 && i < total) || !Number.isNaN(arrivals[i]![r]!)) continue;
          arrivals[i]![r] = t;
          if (++seen[i]! === n - 1 && i === current) wake?.();
        }
      }),
    );
    for (const c of clients) {
      if (mode !== 'encrypted') continue;
      c.transport.on('update', (_u: Uint8Array, origin: unknown) => {
        if (origin === LOCAL_ORIGIN && current >= 0 && Number.isNaN(sealedAt[current]!)) sealedAt[current] = now();
      });
    }

    log(`[P1] ${mode}: ${config.warmupEdits} warm-up + ${config.edits} measured edits…`);
    const jitter = prng(1);
    const measureStart = now();
    let lost = 0;
    for (let i = 0; i < total; i++) {
      current = i;
      const everyone = new Promise<void>((resolve) => (wake = resolve));
      const timeout = sleep(config.editTimeoutMs).then(() => 'timeout' as const);
      sentAt[i] = now();
      maps[i % n]!.set(String(i), i);
      if ((await Promise.race([everyone, timeout])) === 'timeout' && i >= config.warmupEdits) {
        lost += n - 1 - seen[i]!;
      }
      wake = null;
      await sleep(config.gapMs + jitter() * config.gapMs);
    }
    const measureMs = now() - measureStart;

    const all: number[] = [];
    const first: number[] = [];
    const last: number[] = [];
    const afterSeal: number[] = [];
    const sealDelay: number[] = [];
    for (let i = config.warmupEdits; i < total; i++) {
      const sender = i % n;
      const lat = arrivals[i]!.filter((_, r) => r !== sender).map((t) => t - sentAt[i]!);
      all.push(...lat);
      const finite = lat.filter(Number.isFinite);
      if (finite.length) {
        first.push(Math.min(...finite));
        last.push(finite.length === n - 1 ? Math.max(...finite) : Number.POSITIVE_INFINITY);
      }
      if (mode === 'encrypted') {
        sealDelay.push(sealedAt[i]! - sentAt[i]!);
        afterSeal.push(...arrivals[i]!.filter((_, r) => r !== sender).map((t) => t - sealedAt[i]!));
      }
    }
    const result: P1ModeResult = {
      mode,
      latency: distribution(all),
      firstReceiver: distribution(first),
      lastReceiver: distribution(last.filter(Number.isFinite)),
      afterSeal: mode === 'encrypted' ? distribution(afterSeal) : null,
      sealDelay: mode === 'encrypted' ? distribution(sealDelay) : null,
      lostDeliveries: lost,
      setupMs: round(setupMs),
      measureMs: round(measureMs),
    };
    log(
      `[P1] ${mode}: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms` +
        (lost ? `, ${lost} deliveries lost` : '') +
        ` (setup ${Math.round(setupMs)} ms)`,
    );
    return result;
  } finally {
    destroyAll(clients);
    await server.close();
  }
}
