import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

import type { Identity } from '../crypto';
import { createRelayAuth, NO_SUCH_WORKSPACE_ON_RELAY } from '../protocol';
import type { RelayAuthParams } from '../protocol';
import { snapshotIncludes } from '../protocol';
import { findGenesis } from '../membership';
import { MESSAGE_STATE_QUERY, ROSTER_LIST } from '../protocol';
import { bringRoster, mayBringRoster } from './bringRoster';
import type { CancelSignal } from './cancel';

/** The WebSocket class of the platform: the browser's, or `ws` under Node. */
export type WebSocketClass = new (url: string, protocols?: string | string[]) => object;

/**
 * What a connection needs from its host (the browser's WebSocket and timers, or Node's `ws`): a
 * seam, like the clock, so the same connection runs in the app, the CLI and the tests. A whole
 * platform (shared/workspace's `Platform`) adds the local store to it.
 */
export interface ConnectionPlatform {
  WebSocket: WebSocketClass;
  now: () => number;
  /** Waits `ms` (the platform's setTimeout). */
  sleep: (ms: number) => Promise<void>;
  /** Runs `fn` after `ms` (the platform's setTimeout); returns a cancel function. */
  schedule: (fn: () => void, ms: number) => () => void;
}

/**
 * A platform's clock over its own timer functions (shared/ has none of its own): the browser and
 * Node pass their setTimeout and clearTimeout.
 */
export function clockOver<T>(
  setTimer: (fn: () => void, ms: number) => T,
  clearTimer: (timer: T) => void,
): Pick<ConnectionPlatform, 'now' | 'sleep' | 'schedule'> {
  return {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimer(resolve, ms)),
    schedule: (fn, ms) => {
      const timer = setTimer(fn, ms);
      return () => clearTimer(timer);
    },
  };
}

export interface RelayConnectionOptions extends Pick<ConnectionPlatform, 'WebSocket' | 'now' | 'sleep'> {
  relayUrl: string;
  workspaceId: string;
  /**
   * The room on the relay (ADR 0012 §1): the workspace's directory, named by the workspace id
   * (the default), or a compartment's content room. One connection per room.
   */
  room?: string;
  /** The key this connection authenticates with: the member's, or an invite's while joining. */
  identity: Identity;
  transport: Y.Doc;
  /** The genesis entry, so a relay that has never seen this workspace lets its creator open it. */
  genesis?: Uint8Array;
  /** Whether to connect at once (default) or on `connect()`. */
  connect?: boolean;
  /**
   * Hears the size of every message as it arrives on the socket (a join's or a first download's
   * progress); a live connection leaves it out and counts nothing.
   */
  onReceived?: (bytes: number) => void;
}

/** The part of a WebSocket (the browser's or `ws`) that tells each message. */
interface MessageSource {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** A message's size: an ArrayBuffer (the browser), a Buffer or Buffer[] (`ws`), or text. */
function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (Array.isArray(data)) return data.reduce((n: number, part: unknown) => n + sizeOf(part), 0);
  const length = (data as { byteLength?: unknown } | null)?.byteLength;
  return typeof length === 'number' ? length : 0;
}

const authQuery = (auth: RelayAuthParams): string =>
  Object.entries(auth)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** A close the relay means as final (4400–4499, like HTTP 4xx): y-websocket stops retrying. */
export interface RelayRefusal {
  code: number;
  reason: string;
}

/** Attempts in a row that never opened a socket before the relay counts as unreachable. */
export const UNREACHABLE_AFTER_ATTEMPTS = 3;

/**
 * Refusals in a row (4400–4499) before one is taken as final. The first is retried once after
 * y-websocket's backoff: a join sent a moment ago, or a room its creator is reopening, may make
 * the next attempt admissible.
 */
export const REFUSALS_BEFORE_FINAL = 2;

/** The longest wait between two attempts (y-websocket's reconnections, and a seed's). */
const MAX_BACKOFF_MS = 5000;

/**
 * The stock y-websocket provider carrying a workspace's transport document, with fresh
 * credentials on every (re)connection: the relay sees a member key and a signature, never a secret.
 */
export class RelayConnection {
  readonly provider: WebsocketProvider;
  status: ConnectionStatus = 'disconnected';
  /** Why the relay last closed or refused us, if it said. */
  lastClose: string | null = null;
  /** Set when the relay refused us for good (bad credentials, not a member, a spent invite). */
  refusal: RelayRefusal | null = null;
  /** Attempts in a row that never opened a socket; reset by a connection that opens. */
  private failedAttempts = 0;
  /** Refusals in a row; reset once a connection syncs (a refused socket opens before it closes). */
  private refusals = 0;

  /** True while this directory connection is bringing its roster to a relay that never saw the workspace. */
  seeding = false;
  /** True once this connection has brought its roster to a relay that took it. */
  brought = false;
  private destroyed = false;
  /** Bytes handed to this connection's sockets since it was made (a restore's upload, issue 17). */
  private readonly upload = { sent: 0 };
  /** Whether this connection has brought (or tried to bring) its roster since the last `connect()`. */
  private seedTried = false;
  private readonly seedListeners = new Set<() => void>();
  /** Seeds in a row the relay closed without an answer: the next waits longer. */
  private unansweredSeeds = 0;

  constructor(private readonly options: RelayConnectionOptions) {
    const { relayUrl, workspaceId, identity, now, genesis } = options;
    const room = options.room ?? workspaceId;
    const directory = room === workspaceId;
    const Base = options.WebSocket;
    const { onReceived } = options;
    const counter = this.upload;
    // The signature covers the room; `w` is a lookup hint the relay needs only for content rooms.
    const sign = (url: string): string =>
      `${url}${url.includes('?') ? '&' : '?'}${authQuery(createRelayAuth(room, identity, now(), genesis))}`;
    class AuthenticatedWebSocket extends Base {
      constructor(url: string, protocols?: string | string[]) {
        super(sign(url), protocols);
        // Registered before y-websocket sets onmessage, so the size is told before the message is applied.
        if (onReceived)
          (this as unknown as MessageSource).addEventListener('message', (e) => onReceived(sizeOf(e.data)));
      }
      send(data: unknown): void {
        counter.sent += sizeOf(data);
        (Base.prototype as unknown as { send(d: unknown): void }).send.call(this, data);
      }
    }
    this.provider = new WebsocketProvider(relayUrl.replace(/\/+$/, ''), room, options.transport, {
      connect: options.connect ?? true,
      params: room === workspaceId ? {} : { w: workspaceId },
      WebSocketPolyfill: AuthenticatedWebSocket as never,
      // Every client is its own process or browser profile; never sync behind the relay's back.
      disableBc: true,
      maxBackoffTime: MAX_BACKOFF_MS,
      shouldReconnect: (event: { code: number; reason?: string }) => {
        if (event.code < 4400 || event.code >= 4500) return true;
        if (event.code === 4404 && event.reason === NO_SUCH_WORKSPACE_ON_RELAY) {
          // A content room waits for its directory, which this member (or another) may be bringing (ADR 0014).
          if (!directory) return true;
          if (this.mayBring()) {
            this.seeding = true;
            return false;
          }
        }
        return ++this.refusals < REFUSALS_BEFORE_FINAL;
      },
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.refusals = 0;
    });
    this.provider.messageHandlers[MESSAGE_STATE_QUERY] = (_encoder, decoder) => this.onStateAnswer(decoder);
    this.provider.on('status', ({ status }: { status: ConnectionStatus }) => {
      this.status = status;
      if (status === 'connected') this.failedAttempts = 0;
    });
    this.provider.on('connection-close', (event: { code?: number; reason?: string } | null) => {
      if (event?.reason) this.lastClose = event.reason;
      // Emitted before the provider resets its state: wsconnected says whether this socket ever opened.
      if (event && !this.provider.wsconnected) this.failedAttempts++;
    });
    this.provider.on('closed', ({ code, reason }: RelayRefusal) => {
      if (this.seeding) return void this.bring();
      this.refusal = { code, reason: reason || `closed with code ${code}` };
    });
  }

  /** Hears when this connection has brought its roster to the relay, or was refused doing so. */
  onSeeded(listener: () => void): () => void {
    this.seedListeners.add(listener);
    return () => this.seedListeners.delete(listener);
  }

  /** Whether the roster this member holds proves it a confirmed member (a relay asks no less): then it may bring it, once. */
  private mayBring(): boolean {
    const { workspaceId, transport, identity, now } = this.options;
    return !this.seedTried && mayBringRoster(workspaceId, transport.getArray(ROSTER_LIST).toArray(), identity, now());
  }

  /**
   * The relay has never seen the workspace: bring it this member's directory (roster and keys), then
   * connect again — unless the relay refused them, whose sentence becomes this connection's refusal,
   * or `disconnect()` was called meanwhile.
   */
  private async bring(): Promise<void> {
    this.seedTried = true;
    const { relayUrl, workspaceId, identity, transport, WebSocket, now } = this.options;
    const outcome = await bringRoster({ relayUrl, workspaceId, identity, directory: transport, WebSocket, now });
    if (!this.seeding) return;
    // No answer (the relay went away): try again, and bring it again if still needed — after a
    // backoff, as y-websocket waits: a relay that drops every seed must not have this client
    // upload its roster in a tight loop.
    const answered = outcome.ok || (outcome.code >= 4000 && outcome.code < 5000);
    if (answered) this.unansweredSeeds = 0;
    if (outcome.ok) this.brought = true;
    else {
      await this.options.sleep(Math.min(100 * 2 ** ++this.unansweredSeeds, MAX_BACKOFF_MS));
      if (!this.seeding) return;
      this.seedTried = false;
    }
    this.seeding = false;
    if (outcome.ok || !answered) this.provider.connect();
    else this.refusal = { code: outcome.code, reason: outcome.reason };
    for (const l of this.seedListeners) l();
  }

  /**
   * Bytes this connection has sent since it was made that have left the machine: handed to its sockets,
   * less what the open socket still buffers (a large sync message drains over a slow link).
   */
  uploaded(): number {
    const buffered = (this.provider.ws as { bufferedAmount?: unknown } | null)?.bufferedAmount;
    return Math.max(0, this.upload.sent - (typeof buffered === 'number' ? buffered : 0));
  }

  /** True once several attempts in a row found no relay listening (a wrong address, a relay down). */
  get unreachable(): boolean {
    return this.failedAttempts >= UNREACHABLE_AFTER_ATTEMPTS;
  }

  /** The one sentence that says why this connection cannot proceed, or null while it may. */
  problem(): string | null {
    if (this.refusal) return `the relay refused: ${this.refusal.reason}`;
    if (this.unreachable) return `cannot reach the relay at ${this.options.relayUrl}`;
    return null;
  }

  /**
   * A connection for a transport document as it stands: if it holds the workspace's genesis, that
   * goes along, so a relay that never saw the workspace lets its creator open it.
   */
  static forWorkspace(
    relayUrl: string,
    workspaceId: string,
    transport: Y.Doc,
    identity: Identity,
    platform: ConnectionPlatform,
    connect = true,
  ): RelayConnection {
    const genesis = findGenesis(workspaceId, transport.getArray(ROSTER_LIST).toArray()) ?? undefined;
    const { WebSocket, now, sleep } = platform;
    return new RelayConnection({ relayUrl, workspaceId, identity, transport, genesis, WebSocket, now, sleep, connect });
  }

  /**
   * A connection for one compartment's content room (ADR 0012 §1): no genesis (the relay opens a
   * content room for any member of it), `w` naming the workspace whose directory says who that is.
   */
  static forRoom(
    relayUrl: string,
    workspaceId: string,
    room: string,
    transport: Y.Doc,
    identity: Identity,
    platform: ConnectionPlatform,
    connect = true,
  ): RelayConnection {
    const { WebSocket, now, sleep } = platform;
    return new RelayConnection({ relayUrl, workspaceId, room, identity, transport, WebSocket, now, sleep, connect });
  }

  connect(): void {
    this.refusal = null;
    this.failedAttempts = 0;
    this.refusals = 0;
    this.seedTried = false;
    if (!this.seeding) this.provider.connect();
  }

  disconnect(): void {
    this.seeding = false;
    this.provider.disconnect();
  }

  destroy(): void {
    this.seeding = false;
    this.destroyed = true;
    this.provider.destroy();
  }

  /**
   * Resolves once we hold everything the relay holds and the relay holds everything we do — asked
   * over this connection itself (MESSAGE_STATE_QUERY), so no other channel or credential is needed;
   * rejects with a one-line reason if that does not happen within `timeoutMs`, and at once with
   * the relay's own sentence if it refuses us, or after a few attempts if no relay answers.
   */
  async upToDate(timeoutMs: number, pollMs = 50, signal?: CancelSignal): Promise<void> {
    const deadline = this.options.now() + timeoutMs;
    for (;;) {
      // A wait given up, or a connection destroyed, is over: no poll goes on holding the documents (a
      // cancelled restore's wait would otherwise look every 50 ms until its deadline, minutes later).
      if (signal?.aborted) throw new Error('no longer waited for');
      if (this.destroyed) throw new Error(`the connection to ${this.options.relayUrl} was closed`);
      const problem = this.problem();
      if (problem) throw new Error(problem);
      const remote = await this.relayState(Math.max(pollMs * 10, 500));
      if (remote && snapshotIncludes(remote, Y.snapshot(this.options.transport))) return;
      if (this.options.now() > deadline) {
        const why = this.lastClose ? ` (the relay said: ${this.lastClose})` : '';
        throw new Error(`not up to date with ${this.options.relayUrl} after ${Math.round(timeoutMs / 1000)} s${why}`);
      }
      await this.options.sleep(pollMs);
    }
  }

  /**
   * What the relay holds, as it says over this connection (MESSAGE_STATE_QUERY): the snapshot of
   * its copy, which it answers after everything we sent before the question. Null at once if we
   * are not synced with it, or if no answer comes within `waitMs`.
   */
  relayState(waitMs: number): Promise<Y.Snapshot | null> {
    const socket = this.provider.ws as { send(data: Uint8Array): void } | null;
    if (!this.provider.synced || !this.provider.wsconnected || !socket) return Promise.resolve(null);
    const answer = new Promise<Y.Snapshot | null>((resolve) => {
      this.snapshotWaiters.push(resolve);
      const giveUp = () => resolve(null);
      this.options.sleep(waitMs).then(giveUp, giveUp);
    });
    socket.send(new Uint8Array([MESSAGE_STATE_QUERY]));
    return answer;
  }

  /** Hears every answer the relay gives about what it holds, whoever asked. */
  onRelayState(listener: (snapshot: Y.Snapshot) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  private snapshotWaiters: Array<(snapshot: Y.Snapshot) => void> = [];
  private readonly stateListeners = new Set<(snapshot: Y.Snapshot) => void>();

  private onStateAnswer(decoder: decoding.Decoder): void {
    let snapshot: Y.Snapshot;
    try {
      snapshot = Y.decodeSnapshot(decoding.readVarUint8Array(decoder));
    } catch {
      return; // a malformed answer is no answer: the wait times out and asks again
    }
    const waiters = this.snapshotWaiters;
    this.snapshotWaiters = [];
    for (const w of waiters) w(snapshot);
    for (const l of this.stateListeners) l(snapshot);
  }
}
