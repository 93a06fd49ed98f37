import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as Y from 'yjs';

import { FileRecordBackend } from '../cli';
import { aeadSeal, concatBytes, generateSymmetricKey, randomBytes, utf8 } from '../shared/crypto';
import { LocalTransportStore } from '../shared/storage';
import type { Log } from './harness';
import { median, ratio, round } from './stats';

export interface StoreConfig {
  /** Offline edits, each one transport update (an envelope pushed to a list) written as it happens. */
  edits: number;
  envelopeBytes: number;
  reps: number;
}

export interface StoreSide {
  appendUsPerEdit: number;
  reopenMs: number;
  fileBytes: number;
}

export interface StoreResult {
  config: StoreConfig;
  /** Each record repeats the update before it (issue 11, item 15). */
  ours: StoreSide;
  /** Each record holds its update alone: the store before the overlap, same file format and I/O. */
  baseline: StoreSide;
  ratios: { append: number; reopen: number; fileBytes: number };
}

const WORKSPACE = 'bench-store';

/** Writes `edits` offline edits through `attach`'s writer, flushing after each as the app does. */
async function writeEdits(
  config: StoreConfig,
  path: string,
  key: Uint8Array,
  attach: (
    doc: Y.Doc,
    backend: FileRecordBackend,
  ) => Promise<{ flush: () => Promise<void>; close: () => Promise<void> }>,
): Promise<number> {
  const doc = new Y.Doc();
  const writer = await attach(doc, new FileRecordBackend(path));
  const list = doc.getArray<Uint8Array>('doc:workspace');
  const envelope = randomBytes(config.envelopeBytes);
  const t0 = performance.now();
  for (let i = 0; i < config.edits; i++) {
    list.push([envelope]);
    await writer.flush();
  }
  const us = ((performance.now() - t0) * 1000) / config.edits;
  await writer.close();
  return us;
}

/** The store as it was before the overlap: each update sealed alone and appended. */
function baselineWriter(doc: Y.Doc, backend: FileRecordBackend, key: Uint8Array) {
  let chain = Promise.resolve();
  const ad = utf8(`unity-table/v1/local-transport/${WORKSPACE}`);
  const onUpdate = (update: Uint8Array) => {
    const { nonce, ciphertext } = aeadSeal(key, update, ad);
    const record = concatBytes(nonce, ciphertext);
    chain = chain.then(() => backend.append(record));
  };
  doc.on('update', onUpdate);
  return {
    flush: () => chain,
    close: async () => {
      doc.off('update', onUpdate);
      await chain;
    },
  };
}

async function reopenMs(path: string, key: Uint8Array): Promise<number> {
  const t0 = performance.now();
  const { store } = await LocalTransportStore.open(new Y.Doc(), new FileRecordBackend(path), key, WORKSPACE);
  const ms = performance.now() - t0;
  await store.close();
  return ms;
}

/**
 * The cost of the local store's overlap, side by side in one run: appending offline edits and
 * reopening the store, ours (each record repeats the previous update) against the same store
 * writing each update alone. Medians over `reps` runs of `edits` edits each.
 */
export async function runStore(config: StoreConfig, log: Log): Promise<StoreResult> {
  const dir = mkdtempSync(join(tmpdir(), 'unity-bench-store-'));
  const samples = { ours: [] as StoreSide[], baseline: [] as StoreSide[] };
  try {
    for (let rep = 0; rep < config.reps; rep++) {
      for (const side of rep % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const)) {
        const key = generateSymmetricKey();
        const path = join(dir, `${side}-${rep}.utrec`);
        const appendUs = await writeEdits(config, path, key, async (doc, backend) =>
          side === 'ours'
            ? (await LocalTransportStore.open(doc, backend, key, WORKSPACE)).store
            : baselineWriter(doc, backend, key),
        );
        // Before reopening: opening compacts a store past 500 records.
        const fileBytes = statSync(path).size;
        samples[side].push({ appendUsPerEdit: appendUs, reopenMs: await reopenMs(path, key), fileBytes });
        log(`store ${side} rep ${rep + 1}: ${round(appendUs)} µs/edit, ${fileBytes} bytes`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const side = (s: StoreSide[]): StoreSide => ({
    appendUsPerEdit: round(median(s.map((x) => x.appendUsPerEdit))),
    reopenMs: round(median(s.map((x) => x.reopenMs))),
    fileBytes: median(s.map((x) => x.fileBytes)),
  });
  const ours = side(samples.ours);
  const baseline = side(samples.baseline);
  return {
    config,
    ours,
    baseline,
    ratios: {
      append: ratio(ours.appendUsPerEdit, baseline.appendUsPerEdit),
      reopen: ratio(ours.reopenMs, baseline.reopenMs),
      fileBytes: ratio(ours.fileBytes, baseline.fileBytes),
    },
  };
}
