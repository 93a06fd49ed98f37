import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import type { RawData, WebSocketServer } from 'ws';

import { SEEDED_CLOSE } from '../shared/protocol';
import { refuseUpgrade } from './relayHttp';
import type { RelayAccess } from './RelayAccess';
import type { RosterSeeding, SeedAnswer } from './RosterSeeding';

/** The parts of a relay a seed uses. */
export interface SeedParts {
  access: RelayAccess;
  seeding: RosterSeeding;
  /** Its own server, whose one frame has its own limit (ROSTER_SEED_MAX_BYTES). */
  seedWss: WebSocketServer;
  log: (line: string) => void;
}

/** How long a seed socket may stay open without its one frame. */
const SEED_WAIT_MS = 10_000;

/**
 * `/<workspace id>/roster` (ADR 0014): the credentials first (signed over the seed's own string,
 * nonce used once), then the socket, which takes one binary frame — the roster entries — and is
 * closed with the answer: `SEEDED_CLOSE` and a sentence, or 4000 + status and the reason. A
 * socket that sends nothing or text is closed with nothing stored; a second frame ends it.
 */
export function seedUpgrade(
  parts: SeedParts,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  workspaceId: string,
  query: Record<string, string>,
): void {
  const { access, seeding, seedWss, log } = parts;
  const who = req.socket.remoteAddress ?? '?';
  const auth = access.seedCredentials(workspaceId, query);
  if (!auth.ok) {
    log(`refused the seed of ${who} for ${workspaceId.slice(0, 32)}: ${auth.reason}`);
    return refuseUpgrade(seedWss, req, socket, head, auth.status, auth.reason);
  }
  seedWss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => ws.terminate());
    const close = (answer: SeedAnswer): void => {
      clearTimeout(timer);
      ws.removeAllListeners('message');
      if (answer.ok) log(`${auth.memberId.slice(0, 8)}… brought ${workspaceId}: ${answer.sentence}`);
      else log(`refused the seed of ${auth.memberId.slice(0, 8)}… for ${workspaceId}: ${answer.reason}`);
      if (ws.readyState === ws.OPEN) ws.close(...closeOf(answer));
    };
    const timer = setTimeout(
      () => close({ ok: false, status: 400, reason: 'no roster arrived in time' }),
      SEED_WAIT_MS,
    );
    ws.once('message', (data: RawData, isBinary: boolean) => {
      ws.on('message', () => ws.terminate());
      if (!isBinary) return close({ ok: false, status: 400, reason: 'this is not a list of roster entries' });
      seeding.seed(workspaceId, auth.memberId, bytesOf(data)).then(close, (e: unknown) => {
        log(`the seed of ${workspaceId} failed: ${e instanceof Error ? e.message : String(e)}`);
        close({ ok: false, status: 503, reason: 'the relay could not store the roster' });
      });
    });
    ws.once('close', () => clearTimeout(timer));
  });
}

const closeOf = (answer: SeedAnswer): [number, string] =>
  answer.ok ? [SEEDED_CLOSE, answer.sentence] : [4000 + answer.status, answer.reason];

/** A frame's bytes as one view (the server's binary type is Node buffers; fragments are joined). */
function bytesOf(data: RawData): Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : data;
  return buffer instanceof ArrayBuffer
    ? new Uint8Array(buffer)
    : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
