import type * as Y from 'yjs';

import type { DocMirror } from './DocMirror';
import type { EncryptedPresence } from '../presence';

type Listener = (...args: never[]) => void;

/** What a note's provider needs of the workspace's one connection. */
export interface SharedConnection {
  readonly status: 'connecting' | 'connected' | 'disconnected';
  readonly provider: {
    readonly synced: boolean;
    on(type: 'status' | 'sync', cb: Listener): void;
    off(type: 'status' | 'sync', cb: Listener): void;
  };
}

/**
 * A note's cursors and selection, as Lexical's collaboration plugin expects an awareness to
 * behave, carried inside the member's one encrypted presence state (field `note:<id>`).
 */
export class NoteAwareness<S extends object = Record<string, unknown>> {
  private local: S | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly presence: EncryptedPresence,
    private readonly noteId: string,
    /** The note document's client id: Lexical tells its own cursor from others' by it. */
    private readonly localClientId: number,
  ) {
    this.unsubscribe = presence.onPeers(() => this.emit());
  }

  getLocalState(): S | null {
    return this.local;
  }

  setLocalState(state: S | null): void {
    this.local = state;
    this.presence.setField(`note:${this.noteId}`, state);
    this.emit();
  }

  setLocalStateField(field: string, value: unknown): void {
    this.setLocalState({ ...(this.local ?? {}), [field]: value } as S);
  }

  /** Peers' states are whatever they sealed: shaped like ours by convention, not checked here. */
  getStates(): Map<number, S> {
    const states = new Map<number, S>();
    if (this.local) states.set(this.localClientId, this.local);
    for (const peer of this.presence.others()) {
      const state = peer.state[`note:${this.noteId}`];
      if (typeof state === 'object' && state !== null) states.set(peer.clientId, state as S);
    }
    return states;
  }

  on(_type: 'update', cb: () => void): void {
    this.listeners.add(cb);
  }

  off(_type: 'update', cb: () => void): void {
    this.listeners.delete(cb);
  }

  destroy(): void {
    this.unsubscribe();
    this.presence.setField(`note:${this.noteId}`, null);
  }

  private emit(): void {
    for (const cb of this.listeners) cb();
  }
}

/**
 * The provider `@lexical/react`'s CollaborationPlugin asks its `providerFactory` for: the note's
 * content document rides the workspace's one encrypted transport (no WebSocket per note), and
 * its status and sync state are the workspace connection's.
 */
export class NoteProvider<S extends object = Record<string, unknown>> {
  readonly awareness: NoteAwareness<S>;
  private readonly relayed = new Map<Listener, { type: 'status' | 'sync'; cb: Listener }>();

  /**
   * `doc` is the document Lexical binds to: with a `mirror`, the mirror of the note's content
   * document, filled on `connect()` once the binding listens (see DocMirror).
   */
  constructor(
    readonly doc: Y.Doc,
    noteId: string,
    presence: EncryptedPresence,
    private readonly connection: SharedConnection,
    private readonly mirror: DocMirror | null = null,
  ) {
    this.awareness = new NoteAwareness(presence, noteId, doc.clientID);
  }

  /**
   * The workspace connection is shared: a note never opens or closes it; it links the mirror and
   * reports the connection's state. Offline, the local copy is all there is and it is already
   * loaded, so the note counts as synced. Lexical would bootstrap an empty note on 'sync'; the app
   * turns that off (`shouldBootstrap={false}`): a note gets its first paragraph once, where it is
   * created (`HeadlessNote.seed`), not in every editor that opens it.
   */
  connect(): void {
    // Next microtask, once Lexical has subscribed. A throw in here is a bug: it stays an unhandled rejection,
    // which the host reports (shared/ has no console of its own).
    // eslint-disable-next-line @typescript-eslint/no-floating-promises
    Promise.resolve().then(() => {
      this.mirror?.link();
      const synced = this.connection.provider.synced || this.connection.status === 'disconnected';
      for (const { type, cb } of this.relayed.values()) {
        if (type === 'status') (cb as (e: { status: string }) => void)({ status: this.connection.status });
        if (type === 'sync' && synced) (cb as (s: boolean) => void)(true);
      }
    });
  }

  disconnect(): void {
    this.mirror?.unlink();
  }

  on(type: 'sync' | 'status' | 'update' | 'reload', cb: Listener): void {
    if (type !== 'sync' && type !== 'status') return; // no 'reload' (the document is never swapped) nor 'update'
    this.relayed.set(cb, { type, cb });
    this.connection.provider.on(type, cb);
  }

  off(type: 'sync' | 'status' | 'update' | 'reload', cb: Listener): void {
    if (type !== 'sync' && type !== 'status') return;
    this.relayed.delete(cb);
    this.connection.provider.off(type, cb);
  }

  destroy(): void {
    this.mirror?.destroy();
    for (const { type, cb } of this.relayed.values()) this.connection.provider.off(type, cb);
    this.relayed.clear();
    this.awareness.destroy();
  }
}
