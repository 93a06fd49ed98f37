import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

import { generateIdentity } from '../shared/crypto';
import { addInvite, completeJoin, createWorkspaceTransport } from '../shared/membership';
import { docListName, encodeSnapshotPayload, ownedClientId, WORKSPACE_DOC_ID } from '../shared/protocol';
import { HostileClient } from '../shared/testkit';
import { SecureWorkspace } from '../shared/sync';
import type { Log } from './harness';
import { median, ratio, round } from './stats';

/**
 * H3 (hardening item 9): a client opens a document list that a hostile member has salted with ten
 * small snapshots — covers of billions of seqs, the pre-hardening run format that expanded into
 * Sets, structs under the admin's client id — against the same list without them. Measured: from
 * a fresh transport copy to the content document decrypted and applied, clean and hostile
 * alternating within one run.
 */
export interface H3Config {
  /** Honest envelopes in the list (one edit each). */
  edits: number;
  hostileSnapshots: number;
  reps: number;
  targetRatio: number;
}

export interface H3Result {
  config: H3Config;
  hostileBytes: number;
  cleanMs: { median: number; samples: number[] };
  hostileMs: { median: number; samples: number[] };
  /** hostile / clean, medians. */
  ratio: number;
  /** Reports the hostile open raised (each hostile snapshot should raise one). */
  reports: number;
  met: boolean;
}

const schedule = () => () => {};

/** The pre-hardening payload: covers as runs for any stream (it used to be expanded run by run). */
function legacyPayload(stream: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, stream);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 9_000_000);
  encoding.writeVarUint8Array(e, new Uint8Array([0, 0]));
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

function setup(config: H3Config) {
  const adminId = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, adminId, Date.now());
  const seed = addInvite(transport, workspaceId, adminId, 'analyst', Date.now() + 60_000, Date.now());
  const hostileId = generateIdentity();
  completeJoin(transport, workspaceId, seed, hostileId, Date.now());
  const admin = new SecureWorkspace({ workspaceId, identity: adminId, transport, schedule, compactAbove: Infinity });
  const doc = admin.document(WORKSPACE_DOC_ID);
  const orgs = doc.getMap<string>('orgs');
  for (let i = 0; i < config.edits; i++) {
    orgs.set(`o${i % 50}`, `revision ${i}`);
    admin.flush();
  }
  const clean = Y.encodeStateAsUpdate(transport);
  const hostile = new HostileClient(workspaceId, hostileId, transport);
  const adminStream = `${admin.me}/${admin.replica}`;
  const snapshots: Uint8Array[] = [];
  for (let i = 0; i < config.hostileSnapshots; i++) {
    const header = { kind: 'snapshot' as const, docId: WORKSPACE_DOC_ID, replica: 9, seq: i + 1 };
    let payload: Uint8Array;
    if (i % 3 === 0) payload = legacyPayload(adminStream);
    else if (i % 3 === 1) {
      const covers = new Map(Array.from({ length: 40 }, (_, r) => [r + 1, [[1, 2 ** 50] as [number, number]]]));
      payload = encodeSnapshotPayload({ covers, update: new Uint8Array([0, 0]) });
    } else {
      const forger = new Y.Doc();
      forger.clientID = ownedClientId(adminId.signPublicKey, WORKSPACE_DOC_ID, admin.replica, 0);
      forger.getMap('orgs').set('o0', 'forged');
      payload = encodeSnapshotPayload({
        covers: new Map([[9, [[1, 2 ** 50]]]]),
        update: Y.encodeStateAsUpdate(forger),
      });
    }
    snapshots.push(hostile.seal(header, payload));
  }
  hostile.insert(docListName(WORKSPACE_DOC_ID), 0, snapshots);
  const salted = Y.encodeStateAsUpdate(transport);
  admin.destroy();
  return { workspaceId, adminId, clean, salted, hostileBytes: snapshots.reduce((n, s) => n + s.length, 0) };
}

function open(workspaceId: string, identity: ReturnType<typeof generateIdentity>, state: Uint8Array) {
  const t0 = performance.now();
  const transport = new Y.Doc();
  Y.applyUpdate(transport, state);
  let reports = 0;
  const ws = new SecureWorkspace({ workspaceId, identity, transport, schedule, onReport: () => reports++ });
  ws.document(WORKSPACE_DOC_ID);
  const ms = performance.now() - t0;
  ws.destroy();
  return { ms, reports };
}

export async function runH3(config: H3Config, log: Log): Promise<H3Result> {
  const s = setup(config);
  log(`H3: ${config.edits} honest envelopes, ${config.hostileSnapshots} hostile snapshots (${s.hostileBytes} B)`);
  const clean: number[] = [];
  const hostile: number[] = [];
  let reports = 0;
  open(s.workspaceId, s.adminId, s.clean); // warm-up, not counted
  for (let rep = 0; rep < config.reps; rep++) {
    clean.push(round(open(s.workspaceId, s.adminId, s.clean).ms));
    const h = open(s.workspaceId, s.adminId, s.salted);
    hostile.push(round(h.ms));
    reports = h.reports;
    await Promise.resolve();
  }
  const r = ratio(median(hostile), median(clean));
  log(`H3: open clean ${median(clean)} ms, with hostile snapshots ${median(hostile)} ms (×${r})`);
  return {
    config,
    hostileBytes: s.hostileBytes,
    cleanMs: { median: median(clean), samples: clean },
    hostileMs: { median: median(hostile), samples: hostile },
    ratio: r,
    reports,
    met: r <= config.targetRatio && reports >= config.hostileSnapshots,
  };
}
