import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { WebSocketServer } from 'ws';
import * as Y from 'yjs';

import { initCrypto } from '../shared/crypto';
import { ROSTER_LIST, ROSTER_SEED_MAX_BYTES } from '../shared/protocol';
import { DEFAULT_MEMBER_LIMITS, MemberBudget } from './MemberBudget';
import type { MemberLimits } from './MemberBudget';
import { MembershipEnforcer } from './MembershipEnforcer';
import { NonceLog, nonceFileAt } from './NonceLog';
import { DEFAULT_RATE_LIMITS } from './RateLimiter';
import type { RateLimits } from './RateLimiter';
import { holdsContent, rosterOf, RelayAccess } from './RelayAccess';
import { STORE_DAMAGED, upgradeListener } from './RelayUpgrade';
import { httpListener } from './relayHttp';
import { RoomStore } from './RoomStore';
import { RosterCache } from './RosterCache';
import { RosterSeeding } from './RosterSeeding';

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

/** How often the relay tidies up off the request path: lapsed joins, expired nonces, idle budgets, file modes. */
const UPKEEP_MS = 60_000;

/**
 * The relay: the stock y-websocket server over an embedded LevelDB store (`RoomStore`), inside our
 * own HTTP server so that every WebSocket upgrade passes through access control first
 * (`RelayUpgrade`), and every frame through a gate (`messageGate`). It stores and forwards
 * transport documents — envelopes, signed rosters, wrapped keys — and holds no key.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  await initCrypto();
  const log = options.log ?? (() => {});
  const members = new MembershipEnforcer(log);
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES });
  // The roster cache reads the directories, and a roster change in a directory makes its cached
  // roster stale and may close sockets in every room of its workspace.
  // A damaged store closes every socket: a member must not hear "in sync" for writes not on disk.
  const rooms = await RoomStore.open(
    options.dataDir,
    {
      changed: (room) => rosters.invalidate(room),
      settled: (room, doc) => members.enforce(room, doc),
      damaged: () => {
        for (const client of wss.clients) client.close(4503, STORE_DAMAGED);
      },
    },
    log,
  );
  const rosters = new RosterCache(async (room) => rosterOf(await rooms.current(room)));
  const nonces = new NonceLog(nonceFileAt(join(options.dataDir, 'used-credentials.log')), Date.now());
  const budget = new MemberBudget({ ...DEFAULT_MEMBER_LIMITS, ...options.limits });
  const upkeep = setInterval(() => {
    members.enforceLapsed(
      (room) => rosters.lapsed(room, Date.now()),
      (room) => rooms.current(room),
    );
    nonces.compact(Date.now());
    budget.prune(Date.now());
    rooms.privatize();
  }, UPKEEP_MS);
  upkeep.unref();

  const access = new RelayAccess(
    {
      roster: (workspaceId) => rosters.get(workspaceId),
      holdsContent: async (workspaceId) => holdsContent(await rooms.current(workspaceId)),
    },
    Date.now,
    nonces,
  );
  const seeding = new RosterSeeding(
    {
      roster: (workspaceId) => rosters.get(workspaceId),
      // Into the directory's live document, if nobody got there first; answered once it is on disk.
      store: async (workspaceId, update) => {
        await rooms.load(workspaceId, true);
        const live = rooms.live(workspaceId);
        if (rooms.damage !== null || !live) throw new Error(rooms.damage ?? 'the directory did not load');
        if (live.getArray(ROSTER_LIST).length > 0) return false;
        Y.applyUpdate(live, update);
        if (!(await rooms.written(workspaceId))) throw new Error(rooms.damage ?? 'not written');
        return true;
      },
    },
    Date.now,
  );
  const seedWss = new WebSocketServer({ noServer: true, maxPayload: ROSTER_SEED_MAX_BYTES });
  const rateLimits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const server = createServer(httpListener(() => rooms.health(), log));
  server.on('upgrade', upgradeListener({ rooms, access, members, budget, rateLimits, wss, seeding, seedWss, log }));
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
        const clients = [...wss.clients, ...seedWss.clients];
        const closed = clients.map((ws) => new Promise((resolve) => ws.once('close', resolve)));
        for (const client of clients) client.close(1001, 'relay shutting down');
        await Promise.all(closed);
        wss.close();
        seedWss.close();
        clearInterval(upkeep);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await rooms.close();
      })()),
  };
}
