import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey } from '../crypto';
import type { Identity } from '../crypto';
import { LocalTransportStore } from '../storage';
import type { RecordBackend } from '../storage';
import { testClient } from './workspaces';
import { WORKSPACE_DOC_ID } from '../protocol';
import { createWorkspaceTransport } from '../membership';

/** What a test needs to reopen a local copy written by `offlineEdits`. */
export interface OfflineCopy {
  workspaceId: string;
  identity: Identity;
  key: Uint8Array;
  /** The edits' keys in the workspace document's `probe` map. */
  edits: string[];
}

/**
 * A new workspace edited `count` times with no relay, through a real SecureWorkspace: each edit
 * is sealed into the transport document and stored as its own record in `backend`.
 */
export async function offlineEdits(backend: RecordBackend, count: number): Promise<OfflineCopy> {
  const identity = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, identity, Date.now());
  const key = generateSymmetricKey();
  const { store } = await LocalTransportStore.open(transport, backend, key, workspaceId);
  const client = testClient(workspaceId, transport, identity);
  const probe = client.workspace.document(WORKSPACE_DOC_ID).getMap('probe');
  const edits: string[] = [];
  for (let i = 1; i <= count; i++) {
    edits.push(`offline edit ${i}`);
    probe.set(`offline edit ${i}`, i);
    client.clock.tick();
    await store.flush();
  }
  client.workspace.destroy();
  await store.close();
  return { workspaceId, identity: identity, key, edits };
}

/** Opens the local copy again, as after a restart with no relay: its problems and the edits it shows. */
export async function reopenOffline(
  backend: RecordBackend,
  copy: OfflineCopy,
): Promise<{ problems: string[]; visible: string[] }> {
  const transport = new Y.Doc();
  const { store, problems } = await LocalTransportStore.open(transport, backend, copy.key, copy.workspaceId);
  const client = testClient(copy.workspaceId, transport, copy.identity);
  const visible = [...client.workspace.document(WORKSPACE_DOC_ID).getMap('probe').keys()];
  client.workspace.destroy();
  await store.close();
  return { problems, visible };
}

/** An in-memory record backend for tests, with what it holds. */
export function memoryRecords() {
  let records: Uint8Array[] = [];
  const backend: RecordBackend = {
    readAll: async () => ({ records: [...records], problems: [] }),
    append: async (r) => void records.push(r),
    replaceAll: async (rs) => void (records = [...rs]),
  };
  return {
    backend,
    records: () => records,
    set: (rs: Uint8Array[]) => void (records = rs),
    bytes: () => records.reduce((n, r) => n + r.length, 0),
    count: () => records.length,
  };
}
