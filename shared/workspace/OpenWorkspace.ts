import * as Y from 'yjs';

import { provenanceGuard, SettleFilter } from '../compartments';
import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import { compartmentsOf, computeRoster, coreCompartmentId } from '../membership';
import {
  guardSignedRecords,
  lanes,
  memberProfile,
  setLanes,
  setProfile,
  setWorkspaceTitle,
  workspaceTitle,
} from '../model';
import type { EncryptedPresence } from '../presence';
import { docIdOfList, docListName, KEY_LIST, LOCAL_ORIGIN, ROSTER_LIST, WORKSPACE_DOC_ID } from '../protocol';
import { LocalTransportStore } from '../storage';
import type { RecordBackend } from '../storage';
import {
  migrateLegacyContent,
  OpenCancelled,
  RelayConnection,
  SecureWorkspace,
  throwIfCancelled,
  unlessCancelled,
} from '../sync';
import type { CancelSignal, ConnectionStatus, SyncReport } from '../sync';
import { guardWorkspaceRecords } from '../voting';
import { reportGuards } from '../reports';
import { changeGuards } from '../history';
import { CONCERNS, watchWorkspaceDocument } from './concerns';
import type { Concern } from './concerns';
import { progressReporter } from './OpenProgress';
import { restoreToRelay } from './restoreToRelay';
import type { RestoreOptions } from './restoreToRelay';
import type { OpenProgressListener } from './OpenProgress';
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
  /** Hears how far along the open is (issue 17): reading the local copy, downloading, checking envelopes. */
  onProgress?: OpenProgressListener;
  /** Cancels the open until it returns: what it had opened is closed, and it rejects with OpenCancelled. */
  signal?: CancelSignal;
  /**
   * Fetch every room from the relay before opening (a first join), waiting at most this long for each;
   * the download is told through `onProgress`. Without it, rooms sync on the live connection after opening.
   */
  downloadTimeoutMs?: number;
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
  /** True while this member brings the workspace to a relay that has never seen it (ADR 0014). */
  bringing?: boolean;
}

/**
 * Opens a workspace from its encrypted local copy alone — usable with no relay at all — and
 * joins its relay when reachable: the one way the app and the CLI open a workspace. With
 * `onProgress` it tells how far along it is at each step; with `signal` it can be cancelled until it
 * returns, closing whatever it had opened.
 */
export async function openWorkspace(platform: Platform, options: OpenWorkspaceOptions): Promise<OpenWorkspace> {
  const { workspaceId, storageKey, identity, signal } = options;
  const progress = progressReporter(options.onProgress, platform.now);
  const transport = options.transport ?? new Y.Doc();
  const read = readCounter(progress);
  const { store, problems } = await LocalTransportStore.open(
    transport,
    read(platform.records(workspaceId)),
    storageKey,
    workspaceId,
  );
  const rooms = new Map<string, LoadedRoom>();
  let envelopes = 0;
  try {
    throwIfCancelled(signal);
    // The rooms the directory puts this member in are loaded before anything reads them (ADR 0012 §5).
    const roster = computeRoster(workspaceId, transport.getArray(ROSTER_LIST).toArray());
    for (const c of compartmentsOf(roster, memberIdOf(identity))) {
      rooms.set(c, await loadRoom(platform, options, c, read));
      throwIfCancelled(signal);
    }
    if (options.downloadTimeoutMs !== undefined) {
      await downloadRooms(platform, options, rooms, options.downloadTimeoutMs, progress);
    }
    const core = rooms.get(coreCompartmentId(workspaceId));
    if (core) {
      // A pre-compartment local copy keeps its content in the directory: a core member moves it to the core room.
      const moved = await migrateLegacyContent({
        workspaceId,
        identity,
        directory: transport,
        coreRoom: core.transport,
        stored: () => core.store.flush(),
      });
      // What moved is deleted from the directory: its local copy is rewritten without it, not read again at every open.
      if (moved > 0) store.compact();
    }
    if (progress) {
      envelopes = [...rooms.values()].reduce((n, r) => n + boardEnvelopes(r.transport), 0);
      progress({ phase: 'checking', done: 0, total: envelopes, unit: 'envelopes' });
      // The page paints the sentence before the checks below hold the thread.
      await (platform.nextFrame ? platform.nextFrame() : platform.sleep(0));
      throwIfCancelled(signal);
    }
  } catch (e) {
    await Promise.all([store, ...[...rooms.values()].map((r) => r.store)].map((s) => s.close().catch(() => {})));
    throw e;
  }
  // Every room's board document is opened here (roomsChanged): each envelope checked, decrypted, applied.
  const session = new OpenWorkspace(platform, options, transport, store, problems, rooms);
  progress?.({ phase: 'checking', done: envelopes, total: envelopes, unit: 'envelopes' });
  progress?.({ phase: 'opening', done: 0, total: null, unit: null });
  return session;
}

/** Envelopes in a room's board list (the document opening checks; notes open when read). */
function boardEnvelopes(room: Y.Doc): number {
  const name = docListName(WORKSPACE_DOC_ID);
  return room.share.has(name) ? room.getArray(name).length : 0;
}

/**
 * Wraps record backends so reading them is told as records and bytes, summed over the directory and
 * every room; only `readAll` is wrapped (once, at open), never the writes.
 */
function readCounter(progress: OpenProgressListener | undefined): (backend: RecordBackend) => RecordBackend {
  if (!progress) return (backend) => backend;
  let records = 0;
  let bytes = 0;
  progress({ phase: 'reading', done: 0, total: null, unit: 'records', bytes: 0 });
  return (backend) => ({
    readAll: async (authentic) => {
      const out = await backend.readAll(authentic);
      records += out.records.length;
      bytes += out.records.reduce((n, r) => n + r.length, 0);
      progress({ phase: 'reading', done: records, total: null, unit: 'records', bytes });
      return out;
    },
    append: (record) => backend.append(record),
    replaceAll: (records) => backend.replaceAll(records),
  });
}

/**
 * A first join's download: each room fetched over a connection of its own, its size told as it
 * arrives, before anything is opened, so the board opens whole. A relay that goes away meanwhile
 * fails the open with one sentence (the join itself is already stored); a refusal or a slow relay
 * leaves the rest to the live connection, as an open always has.
 */
async function downloadRooms(
  platform: Platform,
  options: OpenWorkspaceOptions,
  rooms: ReadonlyMap<string, LoadedRoom>,
  timeoutMs: number,
  progress: OpenProgressListener | undefined,
): Promise<void> {
  const { relayUrl, workspaceId, identity, signal } = options;
  const { WebSocket, now, sleep } = platform;
  let received = 0;
  progress?.({ phase: 'downloading', done: 0, total: null, unit: 'bytes' });
  const onReceived = progress
    ? (bytes: number) => progress({ phase: 'downloading', done: (received += bytes), total: null, unit: 'bytes' })
    : undefined;
  for (const [room, { transport, store }] of rooms) {
    const connection = new RelayConnection({
      relayUrl,
      workspaceId,
      room,
      identity,
      transport,
      WebSocket,
      now,
      sleep,
      onReceived,
    });
    store.fromRelay(connection.provider);
    try {
      await unlessCancelled(connection.upToDate(timeoutMs, undefined, signal), signal);
    } catch (e) {
      if (e instanceof OpenCancelled) throw e;
      if (connection.unreachable) {
        throw new Error(
          `The relay at ${relayUrl} stopped answering while the workspace was downloading. You are a member now: open the workspace from the list once the relay is back.`,
          { cause: e },
        );
      }
    } finally {
      connection.destroy();
    }
  }
}

/** A room's transport document with its local store open on it. */
interface LoadedRoom {
  transport: Y.Doc;
  store: LocalTransportStore;
  problems: string[];
}

async function loadRoom(
  platform: Platform,
  options: OpenWorkspaceOptions,
  room: string,
  read: (backend: RecordBackend) => RecordBackend,
): Promise<LoadedRoom> {
  const transport = new Y.Doc();
  const { workspaceId, storageKey } = options;
  const { store, problems } = await LocalTransportStore.open(
    transport,
    read(platform.records(workspaceId, room)),
    storageKey,
    workspaceId,
    room,
  );
  return { transport, store, problems };
}

/** One room as the open workspace holds it: its store (once loaded), its relay connection, its unsent writes. */
interface RoomLink {
  transport: Y.Doc;
  store: LocalTransportStore | Promise<LocalTransportStore | null>;
  connection: RelayConnection;
  pending: PendingWrites;
  presence: EncryptedPresence | null;
  stops: Array<() => void>;
}

/** Where one room stands after `sync`. */
export interface RoomSyncState {
  compartmentId: string;
  upToDate: boolean;
  waitingForKey: boolean;
}

/** Remote changes are settled (and settings and profiles copied into rooms) this long after the last. */
const UPKEEP_DEBOUNCE_MS = 300;
/**
 * After opening, the first upkeep waits this long: the local copy was settled when it was written,
 * and settling walks every fact, which must not compete with the board's first paint (issue 17).
 */
const OPEN_UPKEEP_DELAY_MS = 2000;

/**
 * One open workspace: the encrypted local copy, the decrypted documents (SecureWorkspace), the
 * relay connection and presence, and where it stands with the relay. Made by `openWorkspace`.
 */
export class OpenWorkspace {
  readonly workspaceId: string;
  readonly workspace: SecureWorkspace;
  readonly connection: RelayConnection;
  /** How many deleted or overwritten signed records this session put back. */
  restored = 0;
  private readonly pending: PendingWrites;
  private readonly listeners = new Set<(concerns: ReadonlySet<Concern>) => void>();
  private readonly stops: Array<() => void> = [];
  private readonly links = new Map<string, RoomLink>();
  /** The member's keys: what it signs and opens bundles with. */
  readonly identity: Identity;
  private readonly relayUrl: string;
  private readonly storageKey: Uint8Array;
  private readonly live: boolean;
  private cancelUpkeep: (() => void) | null = null;
  /** Skips settling when no room changed anything it reads, nor the roster (issue 17). */
  private readonly settling = new SettleFilter();
  private closed = false;

  /** @internal Use `openWorkspace`. */
  constructor(
    private readonly platform: Platform,
    options: OpenWorkspaceOptions,
    readonly transport: Y.Doc,
    private readonly store: LocalTransportStore,
    /** What was wrong with the local copy when it was opened. */
    readonly storeProblems: string[],
    /** The rooms' transports, loaded from their local stores before opening (openWorkspace). */
    loaded: ReadonlyMap<string, LoadedRoom> = new Map(),
  ) {
    const { workspaceId, identity, relayUrl, live = false } = options;
    this.workspaceId = workspaceId;
    this.identity = identity;
    this.relayUrl = relayUrl;
    this.storageKey = options.storageKey;
    this.live = live;
    for (const room of loaded.values()) storeProblems.push(...room.problems);
    this.connection = RelayConnection.forWorkspace(relayUrl, workspaceId, transport, identity, platform, live);
    store.fromRelay(this.connection.provider);
    this.pending = new PendingWrites(transport, this.connection, platform.schedule, () => this.changed(STATUS));
    this.workspace = new SecureWorkspace({
      workspaceId,
      identity,
      transport,
      schedule: platform.schedule,
      openRoom: (c) => this.openRoom(c, loaded.get(c)),
      closeRoom: (c) => void this.closeRoom(c).catch(() => undefined),
      onRoomsChanged: () => this.roomsChanged(),
    });
    this.roomsChanged(OPEN_UPKEEP_DELAY_MS);

    // The directory holds the roster and the keys: who is a member, with what role, in which rooms,
    // changes what every screen may show (names, markings, whose signatures count). Anything else there
    // (a pre-compartment copy's content lists, which the rooms hold now) moves the status alone.
    const rosterList = transport.getArray(ROSTER_LIST);
    const keyList = transport.getArray(KEY_LIST);
    const changed = (tr: Y.Transaction): void => {
      if (tr.changed.size === 0) return;
      this.changed(tr.changed.has(rosterList as never) || tr.changed.has(keyList as never) ? EVERYTHING : STATUS);
    };
    transport.on('afterTransaction', changed);
    this.stops.push(() => transport.off('afterTransaction', changed));
    // A refusal or "cannot reach" is decided on close, which need not change the status.
    for (const event of ['status', 'connection-close', 'sync'] as const) {
      this.connection.provider.on(event, this.onConnectionEvent);
      this.stops.push(() => this.connection.provider.off(event, this.onConnectionEvent));
    }
    // Once this member has brought the workspace to a relay that never saw it (ADR 0014), the rooms
    // waiting for their directory there connect now rather than at their next backoff.
    this.stops.push(
      this.connection.onSeeded(() => {
        for (const link of this.links.values()) if (link.connection.provider.shouldConnect) link.connection.connect();
        this.changed(STATUS);
      }),
    );
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

  /**
   * Encrypted presence in the core room (a partner's: its first room's). What a member looks at is
   * told only in the room that holds it: see `presenceIn`.
   */
  get presence(): EncryptedPresence {
    const core = this.links.get(coreCompartmentId(this.workspaceId))?.presence;
    const presence = core ?? [...this.links.values()].find((l) => l.presence)?.presence;
    if (!presence) throw new Error('this member is in no compartment yet: nothing to be present in');
    return presence;
  }

  /** Presence in every room this member holds, by compartment id. */
  presences(): Array<[compartmentId: string, presence: EncryptedPresence]> {
    return [...this.links].flatMap(([c, l]) => (l.presence ? [[c, l.presence] as [string, EncryptedPresence]] : []));
  }

  /** Presence in compartment `compartmentId`'s room, if this member holds it. */
  presenceIn(compartmentId: string): EncryptedPresence | null {
    return this.links.get(compartmentId)?.presence ?? null;
  }

  /** The relay connection of a room this member holds. */
  roomConnection(compartmentId: string): RelayConnection | null {
    return this.links.get(compartmentId)?.connection ?? null;
  }

  /** Local changes the relay does not hold yet (see SyncStatus.waiting), in the directory and every room. */
  waiting(): number {
    let n = this.workspace.waiting() + this.pending.count;
    for (const link of this.links.values()) n += link.pending.count;
    return n;
  }

  status(): SyncStatus {
    const rooms = [...this.links.values()].map((l) => l.connection);
    return {
      connection: this.connection.status,
      waiting: this.waiting(),
      lastClose: this.connection.lastClose,
      refusal: this.connection.refusal?.reason ?? null,
      problem: this.connection.problem() ?? rooms.map((c) => c.problem()).find((p) => p) ?? null,
      bringing: this.connection.seeding,
    };
  }

  /**
   * Hears every change that may alter what is shown, with what it concerns (see concerns.ts): a room's
   * `workspace` document as its transaction ends (a local edit before it is sealed, issue 17), the
   * notes, the directory (everything), the connection and the waiting count (status).
   */
  onChange(listener: (concerns: ReadonlySet<Concern>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Exchanges with the relay until both hold the same, connecting for the while if not live;
   * puts back and sends what the relay's copy lost, and compacts long histories.
   */
  async sync(timeoutMs: number): Promise<RoomSyncState[]> {
    this.workspace.flush();
    const wasLive = this.connection.provider.shouldConnect;
    if (!wasLive) this.connection.connect();
    try {
      await this.connection.upToDate(timeoutMs);
    } finally {
      if (!wasLive) this.connection.disconnect();
    }
    // The directory may have opened (or closed) rooms: each is synced in turn.
    const out: RoomSyncState[] = [];
    for (const [compartmentId, link] of this.links) {
      const room = this.workspace.room(compartmentId);
      let upToDate = true;
      const roomLive = link.connection.provider.shouldConnect;
      if (!roomLive) link.connection.connect();
      try {
        await link.connection.upToDate(timeoutMs);
        if (room) for (const id of room.documentIds()) room.document(id);
        await this.platform.sleep(0); // the record guards put back what the relay's copy lost
        this.upkeep();
        room?.flush();
        await link.connection.upToDate(timeoutMs);
        if (room && room.compact(256) > 0) await link.connection.upToDate(timeoutMs);
      } catch {
        upToDate = false;
      } finally {
        if (!roomLive) link.connection.disconnect();
      }
      out.push({ compartmentId, upToDate, waitingForKey: room?.waitingForKey() !== null && room !== undefined });
    }
    return out;
  }

  /**
   * Brings this workspace (back) to its relay — one that never saw it, or lost it — and waits until
   * the relay holds it all, telling how far along it is (restoreToRelay).
   */
  restore(options: RestoreOptions): Promise<void> {
    return restoreToRelay(this, this.platform, this.relayUrl, options);
  }

  /**
   * Keeps the rooms in order after changes: settles every fact this member may write (ADR 0012 §6,
   * "Convergence under partitions") when a room changed something settling reads or the roster
   * changed since the last pass (SettleFilter: a rename alone settles nothing), signs its profile into each room that lacks it, and an admin
   * copies the core's title and lanes into rooms where they differ. Deterministic, so two honest
   * clients write the same; an observer writes nothing.
   */
  upkeep(): void {
    this.cancelUpkeep?.();
    this.cancelUpkeep = null;
    if (this.closed) return;
    const roster = this.workspace.roster;
    const me = roster.members.get(this.workspace.me);
    if (!me) return;
    const rooms = new Map<string, Y.Doc>();
    for (const [c, room] of this.workspace.rooms()) rooms.set(c, room.document(WORKSPACE_DOC_ID));
    this.settling.settle(rooms, roster, this.identity);
    const core = rooms.get(coreCompartmentId(this.workspaceId));
    const profile = [...rooms.values()].map((d) => memberProfile(d, roster, me.memberId)).find((p) => p);
    for (const doc of rooms.values()) {
      if (profile && me.role !== 'observer' && !memberProfile(doc, roster, me.memberId))
        setProfile(doc, roster, this.identity, profile);
      if (me.role !== 'admin' || !core || doc === core) continue;
      if (workspaceTitle(doc) !== workspaceTitle(core)) setWorkspaceTitle(doc, workspaceTitle(core));
      if (lanes(doc).join('\n') !== lanes(core).join('\n')) setLanes(doc, lanes(core));
    }
  }

  /** How many settling passes upkeep ran (skipped ones not counted): a seam for tests and benches. */
  get settlePasses(): number {
    return this.settling.passes;
  }

  /**
   * Waits until the guards have put back what was deleted and the directory's and every room's local
   * store hold what was applied so far (rooms opened meanwhile included): a bundle import logs itself only then.
   */
  async stored(): Promise<void> {
    await this.platform.sleep(0);
    await this.store.flush();
    for (const link of [...this.links.values()]) await (await link.store)?.flush();
  }

  /**
   * A document of this profile's own, sealed in its local storage under `name` and never sent
   * anywhere (the log of imported bundles). `name` holds a dot, so it is never a room's id.
   */
  async localDocument(name: string): Promise<{ doc: Y.Doc; stored(): Promise<void>; close(): Promise<void> }> {
    if (!name.includes('.')) throw new Error('a local document’s name holds a dot: a room id never does');
    const doc = new Y.Doc();
    const { store } = await LocalTransportStore.open(
      doc,
      this.platform.records(this.workspaceId, name),
      this.storageKey,
      this.workspaceId,
      name,
    );
    return {
      doc,
      stored: () => store.flush(),
      close: async () => {
        await store.close();
        doc.destroy();
      },
    };
  }

  /** Leaves the relay, seals pending edits, waits for the local copies to be stored, and stops. */
  async close(): Promise<void> {
    this.closed = true;
    this.cancelUpkeep?.();
    this.settling.destroy();
    for (const stop of this.stops.splice(0)) stop();
    this.pending.destroy();
    this.connection.destroy();
    this.workspace.flush();
    const stores = [...this.links.keys()].map((c) => this.closeRoom(c));
    await this.store.close();
    await Promise.all(stores);
    this.workspace.destroy();
    this.listeners.clear();
  }

  /** SecureWorkspace's openRoom: a transport (loaded before opening, or loading now), a connection and a writes tracker. */
  private openRoom(compartmentId: string, loaded: LoadedRoom | undefined): Y.Doc {
    const transport = loaded?.transport ?? new Y.Doc();
    const store: RoomLink['store'] = loaded
      ? loaded.store
      : LocalTransportStore.open(
          transport,
          this.platform.records(this.workspaceId, compartmentId),
          this.storageKey,
          this.workspaceId,
          compartmentId,
        ).then(
          ({ store }) => store,
          () => null,
        );
    const connection = RelayConnection.forRoom(
      this.relayUrl,
      this.workspaceId,
      compartmentId,
      transport,
      this.identity,
      this.platform,
      this.live,
    );
    Promise.resolve(store).then(
      (s) => s?.fromRelay(connection.provider),
      () => undefined,
    );
    const link: RoomLink = {
      transport,
      store,
      connection,
      pending: new PendingWrites(transport, connection, this.platform.schedule, () => this.changed(STATUS)),
      presence: null,
      stops: [],
    };
    const changed = (_update: Uint8Array, origin: unknown): void => {
      // The waiting count; the content itself is heard from its documents (roomsChanged).
      this.changed(STATUS);
      // A change from elsewhere (the relay, a loaded copy) may need settling: once, after a pause.
      if (origin !== LOCAL_ORIGIN) this.upkeepSoon();
    };
    transport.on('update', changed);
    link.stops.push(() => transport.off('update', changed));
    // A note's text lives in a document of its own, opened only by whoever reads it: its list in the
    // transport changing is what the notes (their search) hear.
    const noteChanged = (tr: Y.Transaction): void => {
      for (const type of tr.changed.keys()) {
        const name = type._item === null ? rootName(transport, type) : null;
        const docId = name === null ? null : docIdOfList(name);
        if (docId !== null && docId !== WORKSPACE_DOC_ID) return this.changed(NOTES_CHANGED);
      }
    };
    transport.on('afterTransaction', noteChanged);
    link.stops.push(() => transport.off('afterTransaction', noteChanged));
    for (const event of ['status', 'connection-close', 'sync'] as const) {
      connection.provider.on(event, this.onConnectionEvent);
      link.stops.push(() => connection.provider.off(event, this.onConnectionEvent));
    }
    this.links.set(compartmentId, link);
    return transport;
  }

  private readonly onConnectionEvent = (): void => this.changed(STATUS);

  /** SecureWorkspace's closeRoom: the member left the compartment; its connection and store stop. */
  private async closeRoom(compartmentId: string): Promise<void> {
    const link = this.links.get(compartmentId);
    if (!link) return;
    this.links.delete(compartmentId);
    for (const stop of link.stops.splice(0)) stop();
    link.presence?.destroy();
    link.pending.destroy();
    link.connection.destroy();
    const store = await link.store;
    await store?.close();
  }

  /** Attaches presence and the record guards to rooms opened since, and tells listeners. */
  private roomsChanged(upkeepAfterMs = UPKEEP_DEBOUNCE_MS): void {
    if (!this.workspace) return;
    for (const [c, link] of this.links) {
      const room = this.workspace.room(c);
      if (!room || link.presence) continue;
      link.presence = room.attachPresence(link.connection.provider.awareness);
      // Signed records (profiles, rounds, ballots, closes, provenance) someone deleted are put back and sent.
      const doc = room.document(WORKSPACE_DOC_ID);
      link.stops.push(
        guardWorkspaceRecords(
          doc,
          () => this.workspace.roster,
          this.platform.schedule,
          (_m, ids) => {
            this.restored += ids.length;
          },
        ),
        guardSignedRecords(doc, [provenanceGuard(() => this.workspace.roster)], this.platform.schedule),
        // Field reports and triage steps are judged by the room they sit in (a copy into another room is junk).
        guardSignedRecords(
          doc,
          reportGuards(() => this.workspace.roster, c),
          this.platform.schedule,
          (_m, ids) => {
            this.restored += ids.length;
          },
        ),
        // So is each card's change log (ADR 0016): a record is judged by the room it sits in.
        guardSignedRecords(
          doc,
          changeGuards(() => this.workspace.roster, c, doc),
          this.platform.schedule,
          (_m, ids) => {
            this.restored += ids.length;
          },
        ),
        watchWorkspaceDocument(doc, (concerns) => this.changed(new Set(concerns))),
      );
    }
    this.upkeepSoon(upkeepAfterMs);
    this.changed(EVERYTHING);
  }

  private upkeepSoon(afterMs = UPKEEP_DEBOUNCE_MS): void {
    if (this.closed) return;
    this.cancelUpkeep?.();
    this.cancelUpkeep = this.platform.schedule(() => this.upkeep(), afterMs);
  }

  private changed(concerns: ReadonlySet<Concern>): void {
    for (const l of this.listeners) l(concerns);
  }
}

const EVERYTHING: ReadonlySet<Concern> = new Set(CONCERNS);
const STATUS: ReadonlySet<Concern> = new Set(['status']);
const NOTES_CHANGED: ReadonlySet<Concern> = new Set(['notes']);

const rootNames = new WeakMap<object, string>();

/** The name a top-level type of `doc` is shared under (null if it is not one of its top-level types). */
function rootName(doc: Y.Doc, type: object): string | null {
  const known = rootNames.get(type);
  if (known !== undefined) return known;
  for (const [name, t] of doc.share) rootNames.set(t, name);
  return rootNames.get(type) ?? null;
}
