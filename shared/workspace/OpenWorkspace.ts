import * as Y from 'yjs';

import type { Identity } from '../crypto';
import type { EncryptedPresence } from '../presence';
import { WORKSPACE_DOC_ID } from '../protocol';
import { LocalTransportStore } from '../storage';
import { RelayConnection, SecureWorkspace } from '../sync';
import type { ConnectionStatus, SyncReport } from '../sync';
import { guardWorkspaceRecords } from '../voting';
import { PendingWrites } from './PendingWrites';
import type { Platform } from './Platform';

export interface OpenWorkspaceOptions {
  workspaceId: string;
  /** The member's keys: what it signs and decrypts with, and how the relay knows it. */
  identity: Identity;
  /** The key the local copy is sealed with (the vault's storage key). */
  storageKey: Uint8Array;
  relayUrl: string;
  /** A transport document already holding state (one just created or joined); a new one by default. */
  transport?: Y.Doc;
  /**
   * Connect at once and stay connected (the app), or only for the length of `sync()` (the CLI,
   * whose every command opens the workspace, does one thing and closes it).
   */
  live?: boolean;
}

/** Where the workspace stands with its relay: what the app shows and the CLI can print. */
export interface SyncStatus {
  connection: ConnectionStatus;
  /**
   * Local changes the relay does not yet hold: edits in the batching window (or waiting for a
   * key), plus every change sealed this session until the relay has said it holds it.
   */
  waiting: number;
  /** Why the relay last closed or refused us, if it said. */
  lastClose: string | null;
  /** The relay's reason when it refused us for good (a removal, a spent invite): it will not retry. */
  refusal: string | null;
  /** Why this connection cannot proceed (that refusal, or a relay that cannot be reached), if so. */
  problem: string | null;
}

/**
 * Opens a workspace from its encrypted local copy alone — usable with no relay at all — and
 * joins its relay when reachable: the one way the app and the CLI open a workspace.
 */
export async function openWorkspace(platform: Platform, options: OpenWorkspaceOptions): Promise<OpenWorkspace> {
  const { workspaceId, storageKey } = options;
  const transport = options.transport ?? new Y.Doc();
  const { store, problems } = await LocalTransportStore.open(
    transport,
    platform.records(workspaceId),
    storageKey,
    workspaceId,
  );
  return new OpenWorkspace(platform, options, transport, store, problems);
}

/**
 * One open workspace: the encrypted local copy, the decrypted documents (SecureWorkspace), the
 * relay connection and presence, and where it stands with the relay. Made by `openWorkspace`.
 */
export class OpenWorkspace {
  readonly workspaceId: string;
  readonly workspace: SecureWorkspace;
  readonly connection: RelayConnection;
  readonly presence: EncryptedPresence;
  /** How many deleted or overwritten signed records this session put back. */
  restored = 0;
  private readonly pending: PendingWrites;
  private readonly listeners = new Set<() => void>();
  private readonly stops: Array<() => void> = [];

  /** @internal Use `openWorkspace`. */
  constructor(
    private readonly platform: Platform,
    options: OpenWorkspaceOptions,
    readonly transport: Y.Doc,
    private readonly store: LocalTransportStore,
    /** What was wrong with the local copy when it was opened. */
    readonly storeProblems: string[],
  ) {
    const { workspaceId, identity, relayUrl, live = false } = options;
    this.workspaceId = workspaceId;
    this.workspace = new SecureWorkspace({ workspaceId, identity, transport, schedule: platform.schedule });
    // Signed records (profiles, rounds, ballots, closes) someone deleted are put back and sent.
    this.stops.push(
      guardWorkspaceRecords(
        this.workspace.document(WORKSPACE_DOC_ID),
        () => this.workspace.roster,
        platform.schedule,
        (_map, ids) => (this.restored += ids.length),
      ),
    );
    this.connection = RelayConnection.forWorkspace(relayUrl, workspaceId, transport, identity, platform, live);
    this.presence = this.workspace.attachPresence(this.connection.provider.awareness);
    this.pending = new PendingWrites(transport, this.connection, platform.schedule, () => this.changed());

    const changed = (): void => this.changed();
    transport.on('update', changed);
    this.stops.push(() => transport.off('update', changed));
    // A refusal or "cannot reach" is decided on close, which need not change the status.
    for (const event of ['status', 'connection-close', 'sync'] as const) {
      this.connection.provider.on(event, changed);
      this.stops.push(() => this.connection.provider.off(event, changed));
    }
    // When the machine says its network is gone, go offline now rather than after the socket's
    // 30-second silence timeout; when it is back, reconnect at once instead of at the next backoff.
    if (live && platform.watchNetwork) {
      this.stops.push(
        platform.watchNetwork((online) => (online ? this.connection.connect() : this.connection.disconnect())),
      );
    }
  }

  get reports(): SyncReport[] {
    return this.workspace.reports;
  }

  /** Local changes the relay does not hold yet (see SyncStatus.waiting). */
  waiting(): number {
    return this.workspace.waiting() + this.pending.count;
  }

  status(): SyncStatus {
    return {
      connection: this.connection.status,
      waiting: this.waiting(),
      lastClose: this.connection.lastClose,
      refusal: this.connection.refusal?.reason ?? null,
      problem: this.connection.problem(),
    };
  }

  /** Hears every change that may alter what is shown: documents, roster, connection, the waiting count. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Exchanges with the relay until both hold the same, connecting for the while if not live;
   * puts back and sends what the relay's copy lost, and compacts long histories.
   */
  async sync(timeoutMs: number): Promise<void> {
    this.workspace.flush();
    const wasLive = this.connection.provider.shouldConnect;
    if (!wasLive) this.connection.connect();
    try {
      await this.connection.upToDate(timeoutMs);
      for (const id of this.workspace.documentIds()) this.workspace.document(id);
      const before = this.restored;
      await this.platform.sleep(0); // the record guard puts back what the relay's copy lost
      if (this.restored > before) {
        this.workspace.flush();
        await this.connection.upToDate(timeoutMs);
      }
      if (this.workspace.compact(256) > 0) await this.connection.upToDate(timeoutMs);
    } finally {
      if (!wasLive) this.connection.disconnect();
    }
  }

  /** Leaves the relay, seals pending edits, waits for the local copy to be stored, and stops. */
  async close(): Promise<void> {
    for (const stop of this.stops.splice(0)) stop();
    this.pending.destroy();
    this.connection.destroy();
    this.workspace.flush();
    await this.store.close();
    this.workspace.destroy();
    this.listeners.clear();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
