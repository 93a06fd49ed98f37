import * as Y from 'yjs';

import type { Identity } from '../../shared/crypto';
import { createWorkspaceTransport } from '../../shared/membership';
import { joinByToken, RelayConnection, SecureWorkspace } from '../../shared/sync';
import { LOCAL_ORIGIN, parseInviteToken, WORKSPACE_DOC_ID } from '../../shared/protocol';
import { LocalTransportStore } from '../../shared/storage';
import type { ConnectionStatus } from '../../shared/sync';
import type { EncryptedPresence } from '../../shared/presence';
import type { Vault } from '../../shared/vault';
import { guardWorkspaceRecords } from '../../shared/voting';
import { WorkspaceApi } from '../../shared/workspace';
import { IndexedDbRecordBackend } from '../storage/IndexedDbRecordBackend';
import { browserPlatform } from './browserPlatform';

/** The demo workspace's title (the list offers the demo until one exists). */
export const DEMO_WORKSPACE_TITLE = 'Demo table (fictional data)';

export interface ClientStatus {
  connection: ConnectionStatus;
  /**
   * Local changes not yet with the relay: edits in the batching window (or waiting for a key),
   * plus envelopes sealed while disconnected, until the relay has synced with us again.
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
 * One open workspace in the app: the encrypted local copy (IndexedDB), the decrypted documents,
 * the relay connection and presence. React components read it and subscribe to its changes.
 */
export class WorkspaceClient {
  private readonly listeners = new Set<() => void>();
  private changeCount = 0;
  private sealedOffline = 0;
  /** What this member does here: invites, roles, profiles, the board, notes and votes. */
  readonly api: WorkspaceApi;
  private notifyScheduled = false;

  private constructor(
    readonly workspaceId: string,
    readonly transport: Y.Doc,
    readonly workspace: SecureWorkspace,
    readonly connection: RelayConnection,
    readonly presence: EncryptedPresence,
    private readonly store: LocalTransportStore,
    readonly storeProblems: string[],
    identity: Identity,
  ) {
    transport.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === LOCAL_ORIGIN && connection.status !== 'connected') this.sealedOffline++;
      this.changed();
    });
    connection.provider.on('status', () => this.changed());
    // A refusal or "cannot reach" is decided on close, which need not change the status.
    connection.provider.on('connection-close', () => this.changed());
    connection.provider.on('sync', (synced: boolean) => {
      // Sync step 2 has gone both ways: the relay holds everything we sealed while away.
      if (synced) this.sealedOffline = 0;
      this.changed();
    });
    this.api = new WorkspaceApi(workspace, identity);
    // Signed records (profiles, rounds, ballots, closes) someone deleted are put back and sent.
    this.stopGuard = guardWorkspaceRecords(
      workspace.document(WORKSPACE_DOC_ID),
      () => workspace.roster,
      browserPlatform.schedule,
    );
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
  }

  private readonly stopGuard: () => void;

  // When the machine says its network is gone, say "offline" now rather than after the socket's
  // 30-second silence timeout; when it is back, reconnect at once instead of at the next backoff.
  private readonly onOffline = (): void => this.connection.disconnect();
  private readonly onOnline = (): void => this.connection.connect();

  /** Opens `workspaceId` from the local copy alone — the relay is joined when reachable. */
  static async open(vault: Vault, workspaceId: string, transport = new Y.Doc()): Promise<WorkspaceClient> {
    const record = vault.workspace(workspaceId);
    const { store, problems } = await LocalTransportStore.open(
      transport,
      new IndexedDbRecordBackend(workspaceId),
      vault.storageKey,
      workspaceId,
    );
    const workspace = new SecureWorkspace({
      workspaceId,
      identity: vault.identity,
      transport,
      schedule: browserPlatform.schedule,
    });
    const connection = RelayConnection.forWorkspace(
      record.relayUrl,
      workspaceId,
      transport,
      vault.identity,
      browserPlatform,
    );
    const presence = workspace.attachPresence(connection.provider.awareness);
    const client = new WorkspaceClient(
      workspaceId,
      transport,
      workspace,
      connection,
      presence,
      store,
      problems,
      vault.identity,
    );
    // A profile from before profiles were signed is not shown: sign mine (nothing is written if it stands).
    if (client.api.me) client.api.signProfile(vault);
    return client;
  }

  /** A new workspace, created here (it reaches the relay when the relay is reachable). */
  static async create(vault: Vault, title: string, relayUrl: string): Promise<WorkspaceClient> {
    const transport = new Y.Doc();
    const workspaceId = createWorkspaceTransport(transport, vault.identity, Date.now());
    vault.setWorkspace(workspaceId, { title, relayUrl });
    const client = await WorkspaceClient.open(vault, workspaceId, transport);
    client.api.name(title, vault);
    return client;
  }

  /**
   * The demo: a workspace of its own (this member is its admin) filled with fictional
   * organizations, networks and outcomes, to look around in and to invite colleagues to.
   */
  static async createDemo(vault: Vault, relayUrl: string): Promise<WorkspaceClient> {
    const client = await WorkspaceClient.create(vault, DEMO_WORKSPACE_TITLE, relayUrl);
    client.api.seedDemo();
    return client;
  }

  /** Joins with an invite token (text or file contents): needs the relay it names. */
  static async join(vault: Vault, tokenText: string): Promise<WorkspaceClient> {
    const token = parseInviteToken(tokenText);
    if (vault.workspaces[token.workspaceId]) throw new Error('you are already a member of that workspace');
    const transport = await joinByToken(token, vault.identity, browserPlatform, 30_000);
    vault.setWorkspace(token.workspaceId, { title: 'Workspace', relayUrl: token.relayUrl });
    const client = await WorkspaceClient.open(vault, token.workspaceId, transport);
    client.api.signProfile(vault);
    vault.setWorkspace(token.workspaceId, { title: client.api.title() || 'Workspace', relayUrl: token.relayUrl });
    return client;
  }

  status(): ClientStatus {
    return {
      connection: this.connection.status,
      waiting: this.workspace.waiting() + this.sealedOffline,
      lastClose: this.connection.lastClose,
      refusal: this.connection.refusal?.reason ?? null,
      problem: this.connection.problem(),
    };
  }

  /** For React's useSyncExternalStore: a number that changes whenever anything shown may have. */
  get version(): number {
    return this.changeCount;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.connection.destroy();
    this.api.destroy();
    this.stopGuard();
    this.workspace.flush();
    await this.store.close();
    this.workspace.destroy();
  }

  /** Many Yjs updates arrive in a burst: the UI hears about them once per frame. */
  private changed(): void {
    this.changeCount++;
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    requestAnimationFrame(() => {
      this.notifyScheduled = false;
      for (const l of this.listeners) l();
    });
  }
}
