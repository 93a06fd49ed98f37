import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey } from '../../shared/crypto';
import { coreCompartmentId, createWorkspaceTransport } from '../../shared/membership';
import { docListName, WORKSPACE_DOC_ID } from '../../shared/protocol';
import type { RecordBackend } from '../../shared/storage';
import { openWorkspace } from '../../shared/workspace';
import type { Platform } from '../../shared/workspace';
import { WorkspaceClient } from './WorkspaceClient';

/**
 * A WorkspaceClient over a workspace its admin just created, in memory, offline, with a manual clock:
 * its timers (the 10 ms batch window that seals edits) run only on `runTimers`, and its frames only on
 * `runFrames`. Test kit only: no production file imports it.
 */
export async function testWorkspaceClient() {
  const identity = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, identity, Date.now());
  let timers: Array<{ fn: () => void; ms: number }> = [];
  const stores = new Map<string, Uint8Array[]>();
  const records = (name: string): RecordBackend => ({
    readAll: async () => ({ records: [...(stores.get(name) ?? [])], problems: [] }),
    append: async (record) => void stores.set(name, [...(stores.get(name) ?? []), record]),
    replaceAll: async (all) => void stores.set(name, [...all]),
  });
  const platform: Platform = {
    WebSocket: class {},
    now: () => Date.now(),
    sleep: async () => undefined,
    schedule: (fn, ms) => {
      const timer = { fn, ms };
      timers.push(timer);
      return () => void (timers = timers.filter((t) => t !== timer));
    },
    records: (id, room) => records(room === undefined ? id : `${id}/${room}`),
  };
  const session = await openWorkspace(platform, {
    workspaceId,
    identity,
    storageKey: generateSymmetricKey(),
    relayUrl: 'ws://127.0.0.1:9',
    transport,
  });
  let frames: Array<() => void> = [];
  const client = new WorkspaceClient(session, { identity }, (callback) => frames.push(callback));
  const coreRoom = () => session.workspace.room(coreCompartmentId(workspaceId))!;
  let closing: Promise<void> | null = null;
  return {
    client,
    identity,
    /** Frames asked for and not yet run. */
    pendingFrames: () => frames.length,
    runFrames: () => {
      const now = frames;
      frames = [];
      now.forEach((f) => f());
    },
    /** Timers waiting (their delays), and running every one of them (sealing what waits). */
    pendingTimers: () => timers.map((t) => t.ms),
    runTimers: () => {
      for (let i = 0; i < 20 && timers.length > 0; i++) {
        const now = timers;
        timers = [];
        now.forEach((t) => t.fn());
      }
    },
    /** How many envelopes the core room's `workspace` list holds: what was sealed. */
    sealed: () => coreRoom().transport.getArray(docListName(WORKSPACE_DOC_ID)).length,
    close: () => (closing ??= client.close()),
  };
}
