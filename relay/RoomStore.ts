import { docs, getYDoc, setPersistence } from '@y/websocket-server/utils';
import { LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';

import { guardAppendOnly } from '../shared/membership';
import { ROSTER_LIST } from '../shared/protocol';
import type { RelayHealth } from './relayHttp';
import { checkStore, prepareDataDir, privatizeDataDir } from './storeCheck';

/** What the relay does when a directory's roster list changes (content rooms are never watched). */
export interface RosterWatch {
  /** At once, in the transaction that changed it (a cached roster is stale from here on). */
  changed(room: string): void;
  /** A moment later, once the append-only guard has put back anything deleted. */
  settled(room: string, doc: Y.Doc): void;
  /** Once, when the store is found damaged (at start, or on a failed read or write). */
  damaged(problem: string): void;
}

/**
 * How long after a roster change `settled` runs: the guard puts deleted entries back in a
 * transaction scheduled right after the deleting one, so a vandal who empties the roster does not
 * get everyone disconnected.
 */
const ROSTER_SETTLE_MS = 20;

/**
 * The relay's rooms: y-websocket's live documents over an embedded LevelDB store. Each room is
 * loaded whole before it is served, every update is stored as it arrives, and deleted roster and
 * key entries are put back (the relay holds no key: they are signed bytes). A store found damaged
 * — at start, or on a failed read or write — is reported once, closes every open socket, stores
 * nothing more and refuses every room until it is restored.
 */
export class RoomStore {
  /** Why the store cannot be served, or null. */
  private problem: string | null = null;
  /** Resolves once a room's stored state is loaded into its live document. */
  private readonly loaded = new Map<string, Promise<void>>();
  /**
   * The rooms admitted as workspace directories (ADR 0012 §1): only their roster is watched and
   * guarded. A room is one or the other for good: a directory's id is the hash of its genesis, a
   * compartment's the hash of its entry or of the core's label, and no upgrade admits a room as both.
   */
  private readonly directories = new Set<string>();
  /** Each room's writes still on their way to the store. */
  private readonly writing = new Map<string, Set<Promise<void>>>();
  private stopped = false;

  private constructor(
    private readonly store: LeveldbPersistence,
    private readonly dataDir: string,
    private readonly watch: RosterWatch,
    private readonly log: (line: string) => void,
  ) {}

  /** Opens (or creates) the store in `dataDir`, checks it whole, and binds y-websocket's rooms to it. */
  static async open(dataDir: string, watch: RosterWatch, log: (line: string) => void): Promise<RoomStore> {
    prepareDataDir(dataDir);
    const rooms = new RoomStore(new LeveldbPersistence(dataDir), dataDir, watch, log);
    const found = await checkStore(rooms.store, dataDir);
    if (found) rooms.damaged(found);
    privatizeDataDir(dataDir);
    setPersistence({
      provider: rooms.store,
      bindState: (room, doc) => rooms.bind(room, doc),
      writeState: async () => {},
    });
    return rooms;
  }

  /** Why the store cannot be served (every room is refused), or null if it can. */
  get damage(): string | null {
    return this.problem;
  }

  /** What `/health` reports: rooms loaded in memory, and the damage if any. */
  health(): RelayHealth {
    const rooms = docs.size;
    return this.problem === null
      ? { ok: true, rooms }
      : { ok: false, rooms, problem: `the relay's store is damaged: ${this.problem}` };
  }

  /**
   * Opens the room's live document, resolving once its stored state is in it. A workspace's
   * directory (`directory` true) has its roster watched and its roster and key log guarded; a
   * compartment's content room has neither: a `roster` list written into it is not a roster.
   */
  async load(room: string, directory: boolean): Promise<void> {
    if (directory) this.directories.add(room);
    getYDoc(room);
    await this.loaded.get(room);
  }

  /** A room's live document if it is open, else what the store holds. */
  async current(room: string): Promise<Y.Doc> {
    const live = docs.get(room);
    if (live) {
      await this.loaded.get(room);
      return live;
    }
    return this.store.getYDoc(room);
  }

  /** The room's live document if it is open (what its sockets are served). */
  live(room: string): Y.Doc | undefined {
    return docs.get(room);
  }

  /** Makes every file of the store private again (LevelDB creates files under the umask). */
  privatize(): void {
    privatizeDataDir(this.dataDir);
  }

  /** Once every socket has closed: waits for rooms still loading, then closes the store. */
  async close(): Promise<void> {
    await Promise.allSettled(this.loaded.values());
    this.stopped = true;
    setPersistence(null);
    docs.clear();
    await this.store.destroy();
  }

  private damaged(problem: string): void {
    if (this.problem !== null) return;
    this.problem = problem;
    this.log(`the relay's store is damaged (${this.dataDir}): ${problem}; every room is refused until it is restored`);
    this.watch.damaged(problem);
  }

  /**
   * Resolves once every write to `room` started so far has reached the store: true if they all did,
   * false if the store is damaged. The state query answers only after it, so "the relay holds it"
   * means on disk, not in memory.
   */
  async written(room: string): Promise<boolean> {
    const writing = this.writing.get(room);
    if (writing) await Promise.allSettled([...writing]);
    return this.problem === null;
  }

  /** Stores one update; a write that fails (a full or failing disk) marks the store damaged rather than ending the relay. */
  private write(room: string, update: Uint8Array): void {
    let writing = this.writing.get(room);
    if (!writing) this.writing.set(room, (writing = new Set()));
    const done = this.store.storeUpdate(room, update).then(
      () => undefined,
      (err: unknown) =>
        this.damaged(`room ${room} could not be written: ${err instanceof Error ? err.message : String(err)}`),
    );
    writing.add(done);
    const forget = () => writing.delete(done);
    done.then(forget, forget);
  }

  /** y-websocket's `bindState`: called once for every live document it creates. */
  private bind(room: string, doc: Y.Doc): void {
    const ready = (async () => {
      const persisted = (await this.store.getYDoc(room)) as Y.Doc | null;
      if (persisted === null) return this.damaged(`room ${room} could not be read`);
      // No await from here on: an update arriving between the snapshot and the listener would be lost.
      // A write that fails (a full or failing disk) marks the store damaged rather than ending the relay.
      this.write(room, Y.encodeStateAsUpdate(doc));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(persisted));
      doc.on('update', (update: Uint8Array) => {
        // After a failed write, nothing more: a later update stored past a lost one would leave a gap.
        if (!this.stopped && this.problem === null) this.write(room, update);
      });
      if (!this.directories.has(room)) return;
      let pending: NodeJS.Timeout | null = null;
      doc.getArray(ROSTER_LIST).observe(() => {
        this.watch.changed(room);
        pending ??= setTimeout(() => {
          pending = null;
          if (!this.stopped) this.watch.settled(room, doc);
        }, ROSTER_SETTLE_MS);
      });
      guardAppendOnly(doc, (fn, ms) => {
        const timer = setTimeout(fn, ms);
        return () => clearTimeout(timer);
      });
    })();
    this.loaded.set(room, ready);
    const forget = () => this.loaded.get(room) === ready && this.loaded.delete(room);
    ready.then(forget, forget);
  }
}
