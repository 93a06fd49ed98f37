import type { IncomingMessage } from 'node:http';

import { setupWSConnection } from '@y/websocket-server/utils';
import type { RawData, WebSocket } from 'ws';

/**
 * The socket y-websocket serves a room over: the admitted socket, except that its 'message'
 * listeners hear only the frames `pass` lets through. A wrapper rather than a patched `ws.on`, so
 * the socket stays what `ws` made it for everyone else (the relay's own listeners, `wss.clients`,
 * shutdown). It has what y-websocket's `setupWSConnection` uses of a socket and nothing more
 * (@y/websocket-server src/utils.js: binaryType, readyState, on, send, ping, close).
 */
export class GatedSocket {
  constructor(
    private readonly ws: WebSocket,
    private readonly pass: (data: RawData, isBinary: boolean) => boolean,
  ) {}

  get binaryType(): WebSocket['binaryType'] {
    return this.ws.binaryType;
  }

  set binaryType(type: WebSocket['binaryType']) {
    this.ws.binaryType = type;
  }

  get readyState(): WebSocket['readyState'] {
    return this.ws.readyState;
  }

  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): this;
  on(event: 'close' | 'pong', listener: () => void): this;
  on(event: string, listener: (...args: never[]) => void): this {
    if (event === 'message') {
      const heard = listener as (data: RawData, isBinary: boolean) => void;
      this.ws.on('message', (data, isBinary) => {
        if (this.pass(data, isBinary)) heard(data, isBinary);
      });
    } else {
      this.ws.on(event, listener as (...args: unknown[]) => void);
    }
    return this;
  }

  send(data: Uint8Array, options: object, cb?: (err?: Error) => void): void {
    this.ws.send(data, options, cb);
  }

  ping(): void {
    this.ws.ping();
  }

  close(): void {
    this.ws.close();
  }
}

/** Serves `room` to the gated socket with the stock y-websocket server. */
export function serveRoom(socket: GatedSocket, req: IncomingMessage, room: string): void {
  // Typed as taking a `WebSocket`; it uses only what GatedSocket has (above).
  setupWSConnection(socket as unknown as WebSocket, req, { docName: room });
}
