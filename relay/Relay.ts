import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';

import { docs, getYDoc, setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import * as encoding from 'lib0/encoding';
import { LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

import { initCrypto } from '../shared/crypto';
import { computeRoster, guardAppendOnly } from '../shared/membership';
import { MESSAGE_STATE_QUERY, ROSTER_LIST } from '../shared/protocol';
import { DEFAULT_RATE_LIMITS, RateLimiter } from './RateLimiter';
import type { RateLimits } from './RateLimiter';
import { malformedReason, updateSize } from './messageGate';
import { DEFAULT_MEMBER_LIMITS, MemberBudget, mib } from './MemberBudget';
import type { MemberLimits } from './MemberBudget';
import { NonceLog, nonceFileAt } from './NonceLog';
import { RosterCache } from './RosterCache';
import { checkStore, prepareDataDir, privatizeDataDir } from './storeCheck';
import { RelayAccess, rosterOf } from './RelayAccess';
import { answerHttp, BAD_TARGET, parseRequest, refuse } from './relayHttp';

export interface RelayOptions {
  /** Interface to listen on: 127.0.0.1 for this machine only, 0.0.0.0 to host a table for the LAN. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Directory of the embedded store (LevelDB); everything the relay holds survives a restart. */
  dataDir: string;
  /** Larger WebSocket messages close the connection (1009). */
  maxMessageBytes?: number;
  rateLimits?: RateLimits;
  /** Per member (over all its sockets): the largest single update and bytes per window. */
  limits?: Partial<MemberLimits>;
  /** Logs one line per refused connection or closed flood; silent by default in tests. */
  log?: (line: string) => void;
}

export interface Relay {
  /** ws://host:port — the address clients connect to. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** The close reason for every room of a damaged store (a close reason holds at most 123 bytes). */
const STORE_DAMAGED = "the relay's store is damaged; its admin must restore it";

/** How often expired nonces are dropped from the log (off the request path). */
const NONCE_COMPACTION_MS = 60_000;

/**
 * The relay: the stock y-websocket server over an embedded LevelDB store, inside our own HTTP
 * server so that every WebSocket upgrade passes through access control first. It stores and
 * forwards transport documents — envelopes, signed rosters, wrapped keys — and holds no key.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  await initCrypto();
  const log = options.log ?? (() => {});
  prepareDataDir(options.dataDir);
  const store = new LeveldbPersistence(options.dataDir);
  /** Why the store cannot be served (found at start, or on a failed read): every room is refused. */
  let damage: string | null = null;
  const damaged = (problem: string): void => {
    if (damage !== null) return;
    damage = problem;
    log(`the relay's store is damaged (${options.dataDir}): ${problem}; every room is refused until it is restored`);
  };
  const found = await checkStore(store, options.dataDir);
  if (found) damaged(found);
  privatizeDataDir(options.dataDir);
  let stopped = false;
  /** Resolves once a room's stored state is loaded into its live document. */
  const loaded = new Map<string, Promise<void>>();
  const rosters = new RosterCache(async (room) => rosterOf(await currentDoc(room)));
  setPersistence({
    provider: store,
    bindState: (docName: string, doc: Y.Doc) => {
      const ready = (async () => {
        const persisted = (await store.getYDoc(docName)) as Y.Doc | null;
        if (persisted === null) return damaged(`room ${docName} could not be read`);
        // No await from here on: an update arriving between the snapshot and the listener would be lost.
        void store.storeUpdate(docName, Y.encodeStateAsUpdate(doc));
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(persisted));
        doc.on('update', (update: Uint8Array) => {
          if (!stopped) void store.storeUpdate(docName, update);
        });
        // A roster change may remove someone who is connected right now: they go at once (S4).
        // Checked a moment later, once the append-only guard below has put back anything deleted: a
        // vandal who empties the roster must not get everyone disconnected.
        let pending: NodeJS.Timeout | null = null;
        doc.getArray(ROSTER_LIST).observe(() => {
          rosters.invalidate(docName);
          pending ??= setTimeout(() => {
            pending = null;
            if (!stopped) enforceMembership(docName, doc);
          }, 20);
        });
        // The relay too puts back roster and key entries someone deleted (it holds no key: they are signed bytes).
        guardAppendOnly(doc, (fn, ms) => {
          const timer = setTimeout(fn, ms);
          return () => clearTimeout(timer);
        });
      })();
      loaded.set(docName, ready);
      void ready.finally(() => loaded.get(docName) === ready && loaded.delete(docName));
    },
    writeState: async () => {},
  });

  /** Who is connected to each room, as which member (or invite) key. */
  const connected = new Map<string, Map<WebSocket, string>>();
  const enforceMembership = (room: string, doc: Y.Doc): void => {
    const here = connected.get(room);
    if (!here || here.size === 0) return;
    const now = Date.now();
    const roster = computeRoster(room, rosterOf(doc), now);
    for (const [ws, memberId] of here) {
      const invite = roster.invites.get(memberId);
      if (roster.members.has(memberId) || (invite && invite.usedBy === null && now <= invite.expiresAt)) continue;
      log(`closed ${memberId.slice(0, 8)}… on ${room}: no longer a member`);
      // 4403: in y-websocket's 4400–4499 range, where the client does not retry (like HTTP 403).
      ws.close(4403, 'no longer a member of this workspace');
    }
  };

  /** A room's live document if it is open, else what the store holds. */
  const currentDoc = async (room: string): Promise<Y.Doc> => {
    const live = docs.get(room);
    if (live) {
      await loaded.get(room);
      return live;
    }
    return store.getYDoc(room);
  };
  const nonces = new NonceLog(nonceFileAt(join(options.dataDir, 'used-credentials.log')), Date.now());
  const compaction = setInterval(() => {
    // An unconfirmed join lapses with its invite (F8): its open sockets go too, not only new ones.
    for (const [room, here] of connected)
      if (here.size > 0 && rosters.lapsed(room, Date.now()))
        void currentDoc(room).then(
          (doc) => !stopped && enforceMembership(room, doc),
          () => {},
        );
    nonces.compact(Date.now());
    budget.prune(Date.now());
    privatizeDataDir(options.dataDir);
  }, NONCE_COMPACTION_MS);
  compaction.unref();
  const access = new RelayAccess((room) => rosters.get(room), Date.now, nonces);
  const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const memberLimits: MemberLimits = { ...DEFAULT_MEMBER_LIMITS, ...options.limits };
  const budget = new MemberBudget(memberLimits);

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES });
  const server = createServer((req, res) => {
    try {
      answerHttp(req, res, () =>
        damage === null
          ? { ok: true, rooms: docs.size }
          : { ok: false, rooms: docs.size, problem: `the relay's store is damaged: ${damage}` },
      );
    } catch (e) {
      log(`internal error answering ${req.method ?? '?'}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    upgrade(req, socket, head).catch(() => refuse(socket, 500, 'internal error'));
  });

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const request = parseRequest(req);
    if (!request) return refuse(socket, 400, BAD_TARGET);
    const { room, query } = request;
    if (damage !== null) return refuseUpgrade(req, socket, head, 503, STORE_DAMAGED);
    const decision = await access.decide(room, query);
    if (!decision.ok) {
      log(`refused ${req.socket.remoteAddress ?? '?'} for ${room.slice(0, 32)}: ${decision.reason}`);
      return refuseUpgrade(req, socket, head, decision.status, decision.reason);
    }
    getYDoc(room);
    await loaded.get(room);
    // Not served half: a room whose stored state could not be read whole is refused.
    if (damage !== null) return refuseUpgrade(req, socket, head, 503, STORE_DAMAGED);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const limiter = new RateLimiter(limits, Date.now());
      const who = `${decision.memberId.slice(0, 8)}… on ${room}`;
      ws.on('error', (e) => log(`closed ${who}: ${e.message}`));
      // Every frame passes the rate limit and a structural check before y-websocket sees it.
      const gate = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): boolean => {
        if (!limiter.take(messageSize(data), Date.now())) return refuseFrame(1008, 'rate limit exceeded');
        if (!isBinary) return refuseFrame(1003, 'binary messages only');
        const bytes = toBytes(data);
        if (bytes.length === 1 && bytes[0] === MESSAGE_STATE_QUERY) {
          answerStateQuery(ws, room);
          return false;
        }
        const reason = malformedReason(bytes);
        if (reason !== null) return refuseFrame(1007, reason);
        // A member's limits hold over all its sockets: one observer must not flood every member's copy.
        const size = updateSize(bytes);
        if (size > memberLimits.maxUpdateBytes) {
          // 4413 (like HTTP 413) is final: resending the same update would only be refused again.
          return refuseFrame(
            4413,
            `update too large (${mib(size)} MiB; the limit is ${mib(memberLimits.maxUpdateBytes)} MiB)`,
          );
        }
        if (!budget.take(`${room} ${decision.memberId}`, bytes.length, Date.now())) {
          const { memberBytesPerWindow: perWindow, windowMs } = memberLimits;
          return refuseFrame(1008, `member write limit exceeded (${mib(perWindow)} MiB per ${windowMs / 1000} s)`);
        }
        return true;
      };
      const refuseFrame = (code: number, reason: string): false => {
        log(`closed ${who}: ${reason}`);
        ws.close(code, reason);
        return false;
      };
      const on = ws.on.bind(ws) as (event: string, listener: (...args: never[]) => void) => WebSocket;
      ws.on = ((event: string, listener: (...args: never[]) => void) =>
        event === 'message'
          ? on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
              if (gate(data, isBinary)) (listener as (d: unknown, b: boolean) => void)(data, isBinary);
            })
          : on(event, listener)) as typeof ws.on;
      let here = connected.get(room);
      if (!here) connected.set(room, (here = new Map()));
      here.set(ws, decision.memberId);
      ws.on('close', () => here.delete(ws));
      setupWSConnection(ws, req, { docName: room });
    });
  }

  /**
   * A browser cannot read the HTTP status of a failed upgrade, so a WebSocket is accepted and
   * closed at once with 4000 + status and the reason: y-websocket does not retry 4400–4499, and
   * the client shows the sentence. Anything that is not a WebSocket upgrade gets plain HTTP.
   */
  function refuseUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, status: number, reason: string): void {
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') return refuse(socket, status, reason);
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(4000 + status, reason));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `ws://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    close: () =>
      (closing ??= (async () => {
        // y-websocket's per-document state is module-global: let every connection's own close
        // handler run (it removes the connection and its document) before the store goes away.
        const closed = [...wss.clients].map((ws) => new Promise((resolve) => ws.once('close', resolve)));
        for (const client of wss.clients) client.close(1001, 'relay shutting down');
        await Promise.all(closed);
        wss.close();
        clearInterval(compaction);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled(loaded.values());
        stopped = true;
        setPersistence(null);
        docs.clear();
        await store.destroy();
      })()),
  };
}

/** Answers MESSAGE_STATE_QUERY: the room's snapshot (what it holds, not what it says). */
function answerStateQuery(ws: WebSocket, room: string): void {
  const doc = docs.get(room);
  if (!doc) return;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_STATE_QUERY);
  encoding.writeVarUint8Array(e, Y.encodeSnapshot(Y.snapshot(doc)));
  ws.send(encoding.toUint8Array(e));
}

/** y-websocket switches sockets to ArrayBuffer; fragmented messages arrive as Buffer[]. */
const messageSize = (data: Buffer | ArrayBuffer | Buffer[]): number =>
  Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;

const toBytes = (data: Buffer | ArrayBuffer | Buffer[]): Uint8Array =>
  Array.isArray(data) ? Buffer.concat(data) : new Uint8Array(data);
