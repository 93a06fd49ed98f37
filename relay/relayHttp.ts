import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

import type { WebSocketServer } from 'ws';

export interface RelayRequest {
  room: string;
  path: string[];
  query: Record<string, string>;
}

/**
 * The room, path and query of a request, or null for a target no URL parser accepts (`/%`,
 * `http://[`): any request may come from anyone, and none may end the process.
 */
export function parseRequest(req: IncomingMessage): RelayRequest | null {
  try {
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    const path = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    return { room: path[0] ?? '', path, query: Object.fromEntries(url.searchParams) };
  } catch {
    return null;
  }
}

export const BAD_TARGET = 'bad request target';

const statusText: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers a refused upgrade in plain HTTP, with the reason in the body and a header. */
export function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.destroyed) return;
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status] ?? 'Error'}\r\nContent-Type: text/plain\r\nX-Refused-Because: ${reason}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** What `/health` reports: the relay's own view of whether it can serve what it stores. */
export interface RelayHealth {
  ok: boolean;
  rooms: number;
  /** Why the relay is not healthy (a damaged store), when it is not. */
  problem?: string;
}

/** Plain HTTP: only the health check (for the admin's monitoring); everything else is the WebSocket. */
export function answerHttp(req: IncomingMessage, res: ServerResponse, health: () => RelayHealth): void {
  const request = parseRequest(req);
  if (!request) {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    res.end(`${BAD_TARGET}\n`);
    return;
  }
  if (req.method === 'GET' && request.path.length === 1 && request.path[0] === 'health') {
    const state = health();
    res.writeHead(state.ok ? 200 : 503, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(state));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('Not found\n');
}

/** The HTTP server's request listener: `answerHttp`, where an exception while answering becomes a 500. */
export function httpListener(
  health: () => RelayHealth,
  log: (line: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      answerHttp(req, res, health);
    } catch (e) {
      log(`internal error answering ${req.method ?? '?'}: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    }
  };
}

/**
 * A browser cannot read the HTTP status of a failed upgrade, so a WebSocket is accepted and
 * closed at once with 4000 + status and the reason: y-websocket does not retry 4400–4499, and
 * the client shows the sentence. Anything that is not a WebSocket upgrade gets plain HTTP.
 */
export function refuseUpgrade(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  status: number,
  reason: string,
): void {
  if (req.headers.upgrade?.toLowerCase() !== 'websocket') return refuse(socket, status, reason);
  wss.handleUpgrade(req, socket, head, (ws) => ws.close(4000 + status, reason));
}
