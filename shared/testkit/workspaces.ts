import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey } from '../crypto';
import type { Identity } from '../crypto';
import { computeRoster } from '../membership';
import { sealEnvelope } from '../protocol';
import { HostileClient } from './HostileClient';
import { createKeyEntry } from '../membership';
import { KEY_LIST, ROSTER_LIST, WORKSPACE_DOC_ID } from '../protocol';
import type { Role } from '../membership';
import { SecureWorkspace } from '../sync';
import type { SecureWorkspaceOptions, SyncReport } from '../sync';
import { encodeUpdateBatch } from '../protocol';
import { addInvite, completeJoin, createWorkspaceTransport } from '../membership';

/** A manual clock for the batching window: nothing fires until `tick()`. */
export function manualClock() {
  const queue = new Set<() => void>();
  return {
    schedule: (fn: () => void) => {
      queue.add(fn);
      return () => queue.delete(fn);
    },
    tick: () => {
      const due = [...queue];
      queue.clear();
      due.forEach((fn) => fn());
    },
    /** How many callbacks wait for the next tick. */
    pending: () => queue.size,
  };
}

export interface TestClient {
  identity: Identity;
  transport: Y.Doc;
  workspace: SecureWorkspace;
  reports: SyncReport[];
  clock: ReturnType<typeof manualClock>;
}

export function testClient(
  workspaceId: string,
  transport: Y.Doc,
  identity: Identity = generateIdentity(),
  options: Pick<SecureWorkspaceOptions, 'compactAbove' | 'replica' | 'now' | 'openRoom' | 'closeRoom'> = {},
): TestClient {
  const clock = manualClock();
  const reports: SyncReport[] = [];
  const workspace = new SecureWorkspace({
    workspaceId,
    identity,
    transport,
    schedule: clock.schedule,
    onReport: (r) => reports.push(r),
    ...options,
  });
  return { identity, transport, workspace, reports, clock };
}

/** Brings two transport documents to the same state, as a relay round trip would. */
export function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'network');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'network');
}

/**
 * A new member who joined `adminTransport`'s workspace by invite: its own transport, in step. A
 * seeded test passes the transport, its client id set (Yjs draws client ids from no seeded source).
 */
export function joinByInvite(
  adminTransport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  role: Role,
  identity: Identity = generateIdentity(),
  transport: Y.Doc = new Y.Doc(),
): { transport: Y.Doc; identity: Identity } {
  const seed = addInvite(adminTransport, workspaceId, admin, role, Date.now() + 60_000, Date.now());
  exchange(adminTransport, transport);
  completeJoin(transport, workspaceId, seed, identity, Date.now());
  exchange(adminTransport, transport);
  return { transport, identity };
}

/** An admin's new workspace and one member of `role` who joined it by invite, both as test clients. */
export function tableOfTwo(role: Role = 'analyst'): { workspaceId: string; admin: TestClient; member: TestClient } {
  const adminId = generateIdentity();
  const adminTransport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(adminTransport, adminId, Date.now());
  const joined = joinByInvite(adminTransport, workspaceId, adminId, role);
  return {
    workspaceId,
    admin: testClient(workspaceId, adminTransport, adminId),
    member: testClient(workspaceId, joined.transport, joined.identity),
  };
}

/**
 * An update envelope as a modified client would make it — any signer, any key — for tests of what
 * honest clients refuse. `updates` are Yjs updates, sealed as one batch like DocumentChannel does.
 */
export function sealUpdateAs(
  signer: Identity,
  key: Uint8Array,
  at: { workspaceId: string; docId?: string; epoch?: number; replica?: number; seq?: number },
  updates: Uint8Array[],
): Uint8Array {
  const header = {
    kind: 'update' as const,
    workspaceId: at.workspaceId,
    docId: at.docId ?? 'workspace',
    keyScope: '',
    epoch: at.epoch ?? 0,
    author: signer.signPublicKey,
    replica: at.replica ?? 1,
    seq: at.seq ?? 1,
  };
  return sealEnvelope(header, encodeUpdateBatch(updates), key, signer.signSecretKey);
}

/** A client that rebuilds from the list alone, as every CLI command, restart and newcomer does. */
export function rebuild(from: TestClient, docId: string = WORKSPACE_DOC_ID): TestClient {
  const copy = new Y.Doc();
  exchange(from.transport, copy);
  const fresh = testClient(from.workspace.workspaceId, copy, from.identity);
  fresh.workspace.document(docId);
  return fresh;
}

/** The update a patched client makes under someone else's Yjs client id, from `doc`'s state. */
export function forgedUnder(doc: Y.Doc, clientID: number, edit: (d: Y.Doc) => void): Uint8Array {
  const forger = new Y.Doc();
  Y.applyUpdate(forger, Y.encodeStateAsUpdate(doc));
  forger.clientID = clientID;
  const before = Y.encodeStateVector(forger);
  edit(forger);
  return Y.encodeStateAsUpdate(forger, before);
}

/** An analyst that wrote seq 1 of its replica, then demoted to observer with the cut {replica: 1}. */
export function demotedAnalyst() {
  const { workspaceId, admin, member } = tableOfTwo('analyst');
  const memberDoc = member.workspace.document(WORKSPACE_DOC_ID);
  memberDoc.getMap('orgs').set('before', 'written while an analyst');
  member.clock.tick();
  exchange(member.transport, admin.transport);
  admin.workspace.document(WORKSPACE_DOC_ID);
  const adminHostile = new HostileClient(workspaceId, admin.identity, admin.transport);
  const roster = computeRoster(workspaceId, admin.transport.getArray(ROSTER_LIST).toArray());
  const key = generateSymmetricKey();
  const cut = { [WORKSPACE_DOC_ID]: { [String(member.workspace.replica)]: 1 } };
  admin.transport.transact(() => {
    admin.transport.getArray(ROSTER_LIST).push([
      adminHostile.signEntry({
        t: 'role',
        ws: workspaceId,
        member: member.workspace.me,
        role: 'observer',
        epoch: 1,
        by: admin.workspace.me,
        at: Date.now(),
        cut,
      }),
    ]);
    admin.transport
      .getArray(KEY_LIST)
      .push([...roster.members.values()].map((m) => createKeyEntry(workspaceId, 1, key, m, admin.identity)));
  });
  exchange(admin.transport, member.transport);
  return { workspaceId, admin, member, memberDoc };
}
