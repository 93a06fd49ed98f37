import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type { WebSocket, WebSocketServer } from 'ws';

import { ROSTER_SEED_PATH } from '../shared/protocol';
import { GatedSocket, serveRoom } from './GatedSocket';
import type { MemberBudget } from './MemberBudget';
import type { MembershipEnforcer } from './MembershipEnforcer';
import { messageGate } from './messageGate';
import { RateLimiter } from './RateLimiter';
import type { RateLimits } from './RateLimiter';
import type { RelayAccess } from './RelayAccess';
import { BAD_TARGET, parseRequest, refuse, refuseUpgrade } from './relayHttp';
import type { RoomStore } from './RoomStore';
import { seedUpgrade } from './seedUpgrade';
import type { SeedParts } from './seedUpgrade';
import { stateAnswer } from './stateQuery';

/** The parts of a relay the way in uses (a seed's too: ADR 0014). */
export interface RelayParts extends SeedParts {
  rooms: RoomStore;
  access: RelayAccess;
  members: MembershipEnforcer;
  budget: MemberBudget;
  rateLimits: RateLimits;
  wss: WebSocketServer;
}

/** The close reason for every room of a damaged store (a close reason holds at most 123 bytes). */
export const STORE_DAMAGED = "the relay's store is damaged; its admin must restore it";

/**
 * The relay's way in, its HTTP server's 'upgrade' listener: access control first (a damaged store,
 * then `RelayAccess`), then the room loaded whole, then y-websocket over the socket behind its gate.
 */
export function upgradeListener(parts: RelayParts): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    upgrade(parts, req, socket, head).catch(() => refuse(socket, 500, 'internal error'));
  };
}

async function upgrade(parts: RelayParts, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const { rooms, access, wss, log } = parts;
  const request = parseRequest(req);
  if (!request) return refuse(socket, 400, BAD_TARGET);
  const { room, query } = request;
  if (rooms.damage !== null) return refuseUpgrade(wss, req, socket, head, 503, STORE_DAMAGED);
  if (request.path.length === 2 && request.path[1] === ROSTER_SEED_PATH)
    return seedUpgrade(parts, req, socket, head, room, query);
  const decision = await access.decide(room, query);
  if (!decision.ok) {
    log(`refused ${req.socket.remoteAddress ?? '?'} for ${room.slice(0, 32)}: ${decision.reason}`);
    return refuseUpgrade(wss, req, socket, head, decision.status, decision.reason);
  }
  const { memberId, workspaceId } = decision;
  await rooms.load(room, workspaceId === room);
  // Not served half: a room whose stored state could not be read whole is refused.
  if (rooms.damage !== null) return refuseUpgrade(wss, req, socket, head, 503, STORE_DAMAGED);
  wss.handleUpgrade(req, socket, head, (ws) => serve(parts, ws, req, room, memberId, workspaceId));
}

/**
 * Serves an admitted socket its room: every frame through the gate, the socket known as its
 * member's in its workspace (whose directory's roster may close it later).
 */
function serve(
  parts: RelayParts,
  ws: WebSocket,
  req: IncomingMessage,
  room: string,
  memberId: string,
  workspaceId: string,
): void {
  const { rooms, members, budget, rateLimits, log } = parts;
  const who = `${memberId.slice(0, 8)}… on ${room}`;
  ws.on('error', (e) => log(`closed ${who}: ${e.message}`));
  const gate = messageGate(new RateLimiter(rateLimits, Date.now()), budget, `${room} ${memberId}`);
  const gated = new GatedSocket(ws, (data, isBinary) => {
    const verdict = gate(data, isBinary, Date.now());
    if (verdict === 'forward') return true;
    if (verdict === 'state query') {
      // The answer is what the room holds now, sent once it is all on disk; a damaged store answers nothing.
      const doc = rooms.live(room);
      const answer = doc ? stateAnswer(doc) : null;
      const send = (onDisk: boolean) => {
        if (answer && onDisk && ws.readyState === ws.OPEN) ws.send(answer);
      };
      rooms.written(room).then(send, () => send(false));
    } else {
      log(`closed ${who}: ${verdict.reason}`);
      ws.close(verdict.close, verdict.reason);
    }
    return false;
  });
  members.admit(room, ws, memberId, workspaceId);
  serveRoom(gated, req, room);
}
