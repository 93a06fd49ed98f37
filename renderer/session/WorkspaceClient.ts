import * as Y from 'yjs';

import { createWorkspaceTransport } from '../../shared/membership';
import type { EncryptedPresence } from '../../shared/presence';
import { parseInviteToken } from '../../shared/protocol';
import { joinByToken, throwIfCancelled } from '../../shared/sync';
import type { RelayConnection, SecureWorkspace } from '../../shared/sync';
import type { Vault } from '../../shared/vault';
import {
  exportBundle,
  importBundle,
  boardSnapshot,
  makeStateFile,
  openWorkspace,
  progressReporter,
  WorkspaceApi,
} from '../../shared/workspace';
import type {
  BundleExport,
  BundleExportOptions,
  BundleImport,
  BundleProgress,
  OpenProgressListener,
  OpenWorkspace,
  SyncStatus,
} from '../../shared/workspace';
import { buildDemoTableStepwise, DEMO_TABLE_SEED } from '../../shared/demotable';
import type { BoardCache } from '../../shared/storage';
import { boardCacheOf } from './boardCache';
import { BoardCacheWriter } from './BoardCacheWriter';
import type { WriterClock } from './BoardCacheWriter';
import { browserPlatform } from './browserPlatform';
import { ChangeFeed } from './ChangeFeed';
import type { FrameScheduler } from './ChangeFeed';

/** How an open, a join or the demo tells its progress, and how the person cancels it (issue 17). */
export interface OpenOptions {
  onProgress?: OpenProgressListener;
  signal?: AbortSignal;
}

/** How long a first join waits for each room's download before leaving the rest to the live connection. */
const JOIN_DOWNLOAD_TIMEOUT_MS = 120_000;
/** The demo's build lets the page paint its progress at most this often. */
const PAINT_EVERY_MS = 50;

/** The demo workspace's title (the list offers the demo until one exists). */
export const DEMO_WORKSPACE_TITLE = 'Demo table (fictional data)';

/** The app's frames; a page in the background gets none, and then nothing needs painting. */
const nextFrame: FrameScheduler = (callback) => void requestAnimationFrame(callback);

/**
 * One open workspace in the app (shared/workspace's OpenWorkspace, live on its relay) with what
 * the UI keeps beside it: the member's API, and what changed, per concern, once per frame for React.
 */
export class WorkspaceClient {
  /** What each screen subscribes to: see useConcerns. */
  readonly changes: ChangeFeed;
  /** What this member does here: invites, roles, profiles, the board, notes and votes. */
  readonly api: WorkspaceApi;
  private readonly stopListening: () => void;
  private cacheWriter: BoardCacheWriter | null = null;
  /** The top five the cache last wrote, and what it was counted from: recounted only when that changed. */
  private counted: { key: string; value: Map<string, number> } | null = null;

  /** @internal Use open, create, createDemo or join (tests give a manual frame clock). */
  constructor(
    readonly session: OpenWorkspace,
    vault: Pick<Vault, 'identity'>,
    frame: FrameScheduler = nextFrame,
  ) {
    this.changes = new ChangeFeed(frame);
    this.stopListening = session.onChange((concerns) => this.changes.mark(concerns));
    this.api = new WorkspaceApi(session.workspace, vault.identity);
  }

  get workspaceId(): string {
    return this.session.workspaceId;
  }

  get workspace(): SecureWorkspace {
    return this.session.workspace;
  }

  get connection(): RelayConnection {
    return this.session.connection;
  }

  get presence(): EncryptedPresence {
    return this.session.presence;
  }

  /** Presence in every room this member holds (ADR 0012 §4: what I look at is told only in its own room). */
  presences(): Array<[compartmentId: string, presence: EncryptedPresence]> {
    return this.session.presences();
  }

  /** What was wrong with the local copy when it was opened. */
  get storeProblems(): string[] {
    return this.session.storeProblems;
  }

  /** Opens `workspaceId` from the local copy alone — the relay is joined when reachable. */
  static async open(
    vault: Vault,
    workspaceId: string,
    transport = new Y.Doc(),
    options: OpenOptions & { downloadTimeoutMs?: number } = {},
  ): Promise<WorkspaceClient> {
    const onProgress = progressReporter(options.onProgress, Date.now);
    const session = await openWorkspace(browserPlatform, {
      workspaceId,
      identity: vault.identity,
      storageKey: vault.storageKey,
      relayUrl: vault.workspace(workspaceId).relayUrl,
      transport,
      live: true,
      onProgress,
      signal: options.signal,
      downloadTimeoutMs: options.downloadTimeoutMs,
    });
    const client = await WorkspaceClient.opened(session, vault, options.signal);
    client.keepBoardCache(vault);
    // A profile from before profiles were signed is not shown: sign mine (nothing is written if it stands).
    if (client.api.me) client.api.signProfile(vault);
    onProgress?.({ phase: 'ready', done: 0, total: null, unit: null });
    return client;
  }

  /** The client over a session just opened, unless the person cancelled meanwhile: then the session is closed. */
  private static async opened(session: OpenWorkspace, vault: Vault, signal?: AbortSignal): Promise<WorkspaceClient> {
    if (signal?.aborted) {
      await session.close();
      throwIfCancelled(signal);
    }
    return new WorkspaceClient(session, vault);
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
   * The demo: a workspace of its own (this member is its admin) holding a fictional task force's
   * year (shared/demo/demoTable.ts): members of seven agencies who each signed their own cards,
   * outcomes, rounds, notes and reports. To look around in and to invite colleagues to. Its progress is
   * told (cards written, months of history, envelopes checked). A cancel while it is built (in memory only)
   * loses nothing and leaves nothing; once it is being opened it is made whole: a cancel closes it, and it stays listed.
   */
  static async createDemo(vault: Vault, relayUrl: string, options: OpenOptions = {}): Promise<WorkspaceClient> {
    const onProgress = progressReporter(options.onProgress, Date.now);
    const { signal } = options;
    const title = DEMO_WORKSPACE_TITLE;
    // The page paints between steps, at most every PAINT_EVERY_MS: the build is CPU work of a few seconds.
    let paintedAt = Date.now();
    const pause = async (): Promise<void> => {
      if (Date.now() - paintedAt < PAINT_EVERY_MS) return;
      await browserPlatform.nextFrame!();
      paintedAt = Date.now();
    };
    const { summary, directory, rooms, envelopes } = await buildDemoTableStepwise(
      { identity: vault.identity, profile: { name: vault.name, agency: vault.agency }, title },
      { seed: DEMO_TABLE_SEED, now: Date.now() },
      ({ stage, done, total }) =>
        onProgress?.({ phase: stage === 'organizations' ? 'building' : 'history', done, total, unit: stage }),
      pause,
      signal,
    );
    // Until here nothing was written but memory: a cancel loses nothing. From here the demo is made whole.
    throwIfCancelled(signal);
    const { workspaceId } = summary;
    vault.setWorkspace(workspaceId, { title, relayUrl });
    const session = await openWorkspace(browserPlatform, {
      workspaceId,
      identity: vault.identity,
      storageKey: vault.storageKey,
      relayUrl,
      transport: directory,
      live: true,
    });
    // The rooms opened (empty) on the roster the directory holds: each gets its state as from a relay,
    // so every envelope is checked again here, stored, and sent on to the relay when it is reachable.
    const total = [...envelopes.values()].reduce((n, e) => n + e, 0);
    let checked = 0;
    onProgress?.({ phase: 'checking', done: 0, total, unit: 'envelopes' });
    for (const [c, room] of session.workspace.rooms()) {
      await browserPlatform.nextFrame!();
      const state = rooms.get(c);
      if (state) Y.applyUpdate(room.transport, state, 'demo');
      checked += envelopes.get(c) ?? 0;
      onProgress?.({ phase: 'checking', done: Math.min(checked, total), total, unit: 'envelopes' });
    }
    onProgress?.({ phase: 'opening', done: 0, total: null, unit: null });
    const client = new WorkspaceClient(session, vault);
    client.keepBoardCache(vault);
    onProgress?.({ phase: 'ready', done: 0, total: null, unit: null });
    return client;
  }

  /**
   * Keeps this workspace's board cache (ADR 0022), written from this live board only: soon after the
   * open, at most every two minutes while the board changes, and on close.
   */
  keepBoardCache(vault: Pick<Vault, 'storageKey'>): void {
    this.keepBoardCacheIn(boardCacheOf(vault.storageKey, this.workspaceId));
  }

  /** @internal keepBoardCache in a given cache, on a given clock (tests). */
  keepBoardCacheIn(cache: BoardCache, clock: WriterClock = windowClock): void {
    this.cacheWriter ??= new BoardCacheWriter(
      {
        snapshot: (now) => boardSnapshot(this.api, this.workspace, this.workspaceId, now, this.priorities()),
        subscribe: (listener) => this.changes.subscribe(['board', 'settings', 'votes'], listener),
      },
      cache,
      clock,
    );
  }

  private priorities(): Map<string, number> {
    const key = this.api.votes.recountKey();
    if (this.counted?.key !== key) this.counted = { key, value: this.api.votes.priorities() };
    return this.counted.value;
  }

  /**
   * Joins with an invite token (text or file contents): needs the relay it names. The workspace is
   * downloaded before it opens, its progress told. Cancelled before the join is sent, nothing happened;
   * after, the workspace is in the vault (save it) with what was stored, and opens from the list.
   */
  static async join(vault: Vault, tokenText: string, options: OpenOptions = {}): Promise<WorkspaceClient> {
    const token = parseInviteToken(tokenText);
    if (vault.workspaces[token.workspaceId]) throw new Error('you are already a member of that workspace');
    const onProgress = progressReporter(options.onProgress, Date.now);
    const { signal } = options;
    const transport = await joinByToken(token, vault.identity, browserPlatform, 30_000, { onProgress, signal });
    vault.setWorkspace(token.workspaceId, { title: 'Workspace', relayUrl: token.relayUrl });
    const client = await WorkspaceClient.open(vault, token.workspaceId, transport, {
      onProgress,
      signal,
      downloadTimeoutMs: JOIN_DOWNLOAD_TIMEOUT_MS,
    });
    client.api.signProfile(vault);
    vault.setWorkspace(token.workspaceId, { title: client.api.title() || 'Workspace', relayUrl: token.relayUrl });
    return client;
  }

  /** "What this machine has": a signed, sealed state file the other network's export makes a delta against. */
  makeStateFile(): Promise<Uint8Array> {
    return makeStateFile(this.session);
  }

  /** A bundle for another network (issue 14): signed by this member, sealed for its recipients. */
  exportBundle(options?: BundleExportOptions): Promise<BundleExport> {
    return exportBundle(this.session, options);
  }

  /** Checks a bundle whole, then applies it as the wire would; throws BundleRefused, applying nothing, for one refused. */
  importBundle(file: Uint8Array, options?: { onProgress?: (p: BundleProgress) => void }): Promise<BundleImport> {
    return importBundle(this.session, file, options);
  }

  status(): SyncStatus {
    return this.session.status();
  }

  async close(): Promise<void> {
    // First, while the caller has not locked the vault yet: the last board is sealed now.
    const cached = this.cacheWriter?.close().catch(() => {});
    this.stopListening();
    this.changes.stop();
    this.api.destroy();
    await this.session.close();
    await cached;
  }
}

const windowClock: WriterClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
