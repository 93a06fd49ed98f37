import WebSocket from 'ws';
import * as Y from 'yjs';

import type { Identity } from '../shared/crypto';
import { LocalTransportStore } from '../shared/storage';
import { RelayConnection, SecureWorkspace } from '../shared/sync';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import type { SyncReport } from '../shared/sync';
import { guardWorkspaceRecords } from '../shared/voting';
import { FileRecordBackend } from './FileRecordBackend';
import type { Profile } from './Profile';

/** The Node side's platform seams for the sync layer. */
export const nodePlatform = {
  WebSocket: WebSocket as never,
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  schedule: (fn: () => void, ms: number) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** Connects a transport document to a relay as `identity` (a member, or an invite while joining). */
export function connectRelay(
  relayUrl: string,
  workspaceId: string,
  transport: Y.Doc,
  identity: Identity,
): RelayConnection {
  return RelayConnection.forWorkspace(relayUrl, workspaceId, transport, identity, nodePlatform);
}

/**
 * A workspace opened from the profile's encrypted local copy: usable with no relay at all; every
 * change is stored before the command returns, and sent at the next `sync`.
 */
export class WorkspaceSession {
  private constructor(
    readonly workspaceId: string,
    readonly transport: Y.Doc,
    readonly workspace: SecureWorkspace,
    private readonly store: LocalTransportStore,
    /** What was wrong with the local copy when it was opened. */
    readonly storeProblems: string[],
  ) {
    // Signed records (profiles, rounds, ballots, closes) someone deleted are put back and sent.
    this.stopGuard = guardWorkspaceRecords(
      workspace.document(WORKSPACE_DOC_ID),
      () => workspace.roster,
      nodePlatform.schedule,
      (_map, ids) => (this.restored += ids.length),
    );
  }

  private readonly stopGuard: () => void;
  /** How many deleted or overwritten signed records this session put back. */
  restored = 0;

  static async open(profile: Profile, workspaceId: string, transport = new Y.Doc()): Promise<WorkspaceSession> {
    const backend = new FileRecordBackend(profile.transportPath(workspaceId));
    const { store, problems } = await LocalTransportStore.open(transport, backend, profile.storageKey, workspaceId);
    const workspace = new SecureWorkspace({
      workspaceId,
      identity: profile.identity,
      transport,
      schedule: nodePlatform.schedule,
    });
    return new WorkspaceSession(workspaceId, transport, workspace, store, problems);
  }

  get reports(): SyncReport[] {
    return this.workspace.reports;
  }

  /** Exchanges with the relay until both hold the same; compacts long histories first. */
  async sync(profile: Profile, relayUrl: string, timeoutMs: number): Promise<void> {
    this.workspace.flush();
    const connection = connectRelay(relayUrl, this.workspaceId, this.transport, profile.identity);
    try {
      await connection.upToDate(timeoutMs);
      for (const id of this.workspace.documentIds()) this.workspace.document(id);
      const before = this.restored;
      await nodePlatform.sleep(0); // the record guard puts back what the relay's copy lost
      if (this.restored > before) {
        this.workspace.flush();
        await connection.upToDate(timeoutMs);
      }
      if (this.workspace.compact(256) > 0) await connection.upToDate(timeoutMs);
    } finally {
      connection.destroy();
    }
  }

  /** Seals pending edits, waits for the local copy to be on disk, and stops. */
  async close(): Promise<void> {
    this.workspace.flush();
    await this.store.close();
    this.stopGuard();
    this.workspace.destroy();
  }
}
