import type { AddressInfo } from 'node:net';

import { WebSocketServer } from 'ws';

export interface PlainContentServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The plain first join's server: on loopback, it sends each connection `content` (a plaintext
 * Yjs update) as one binary message. No protocol, no access control, no store: the floor under
 * the relay (the page's CSP allows ws: connections, so the app's page can reach it).
 */
export async function servePlainContent(content: Uint8Array): Promise<PlainContentServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (ws) => ws.send(content));
  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}
