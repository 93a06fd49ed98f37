import * as Y from 'yjs';

import { exportBundle } from '../shared/workspace';
import type { P3MemberConfig } from './bundleWorkload';
import { p3Member, plaintextBytes } from './bundleWorkload';
import type { Log } from './harness';
import { now } from './harness';
import { median, ratio, round } from './stats';

/**
 * B3 (issue 14): a full export (no state file) of P3's workspace — 2,000 organizations, 20,000
 * network entries, a year of history — its time and size, against the plaintext state it carries
 * and against encoding the same transport documents with no sealing.
 */
export interface B3Config extends P3MemberConfig {
  reps: number;
}

export interface B3Result {
  config: B3Config;
  notes: string[];
  organizations: number;
  seedMs: number;
  envelopes: number;
  recipients: number;
  exportMs: number;
  exportRuns: number[];
  /** Y.encodeStateAsUpdate of the directory and the rooms' transports: what export encodes before sealing. */
  encodeMs: number;
  bundleBytes: number;
  plaintextBytes: number;
  /** The transport documents' updates the bundle seals (directory and rooms). */
  transportBytes: number;
  ratios: { bytesOverPlaintext: number; bytesOverTransport: number; exportOverEncode: number };
}

const NOTES = [
  'P3’s workspace as P3 seeds it (seedDemoWorkspace, an envelope every seedFlushEvery steps) in the admin’s OpenWorkspace on in-memory records, compacted as the product compacts a list past 512 envelopes; the other members (P3’s editors) joined and are the bundle’s recipients.',
  'export: exportBundle(admin) with no state file, until its result. encode: Y.encodeStateAsUpdate of the same transport documents (the directory and the core room), the part of an export that is not sealing. After one untimed export, runs alternate export and encode.',
];

export async function runB3(config: B3Config, log: Log): Promise<B3Result> {
  const { admin, seedMs, organizations } = await p3Member(config, log);
  try {
    const { ow } = admin;
    const transports = [ow.transport, ...[...ow.workspace.rooms().values()].map((r) => r.transport)];
    const exportRuns: number[] = [];
    const encodeRuns: number[] = [];
    let made = await exportBundle(ow);
    let transportBytes = 0;
    for (let rep = 0; rep < config.reps; rep++) {
      let t0 = now();
      made = await exportBundle(ow);
      exportRuns.push(now() - t0);
      t0 = now();
      transportBytes = transports.reduce((n, doc) => n + Y.encodeStateAsUpdate(doc).byteLength, 0);
      encodeRuns.push(now() - t0);
      log(`[B3] run ${rep + 1}: export ${Math.round(exportRuns.at(-1)!)} ms, ${made.bytes} B`);
    }
    const plain = plaintextBytes(ow);
    const [exportMs, encodeMs] = [round(median(exportRuns)), round(median(encodeRuns))];
    return {
      config,
      notes: NOTES,
      organizations,
      seedMs: round(seedMs),
      envelopes: made.envelopes,
      recipients: made.recipients.length,
      exportMs,
      exportRuns: exportRuns.map((x) => round(x)),
      encodeMs,
      bundleBytes: made.bytes,
      plaintextBytes: plain,
      transportBytes,
      ratios: {
        bytesOverPlaintext: ratio(made.bytes, plain),
        bytesOverTransport: ratio(made.bytes, transportBytes),
        exportOverEncode: ratio(exportMs, encodeMs),
      },
    };
  } finally {
    await admin.ow.close();
  }
}
