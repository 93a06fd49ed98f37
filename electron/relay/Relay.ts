import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { docs, setPersistence, setupWSConnection } from '@y/websocket-server/utils';
import { LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';
import { WebSocketServer } from 'ws';

export interface RelayOptions {
  /** Interface to listen on: 127.0.0.1 for this machine only, 0.0.0.0 to host a table for the LAN. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Directory of the embedded store (LevelDB); everything the relay holds survives a restart. */
  dataDir: string;
}

export interface Relay {
  /** ws://host:port — the address clients connect to. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The relay: the stock y-websocket server over an embedded LevelDB store, inside our own HTTP
 * server so that every WebSocket upgrade passes through one place (where access control goes)
 * and `/health` answers for monitoring. It stores and forwards; it holds no key.
 */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const store = new LeveldbPersistence(options.dataDir);
  let stopped = false;
  setPersistence({
    provider: store,
    bindState: async (docName: string, doc: Y.Doc) => {
      const persisted = await store.getYDoc(docName);
      // No await from here on: an update arriving between the snapshot and the listener would be lost.
      void store.storeUpdate(docName, Y.encodeStateAsUpdate(doc));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(persisted));
      doc.on('update', (update: Uint8Array) => {
        if (!stopped) void store.storeUpdate(docName, update);
      });
    },
    writeState: async () => {},
  });

  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((req, res) => answerHttp(req, res));
  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req));
  });

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
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        stopped = true;
        setPersistence(null);
        docs.clear();
        await store.destroy();
      })()),
  };
}

function answerHttp(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ ok: true, documents: docs.size }));
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain' });
  res.end('Not found\n');
}
