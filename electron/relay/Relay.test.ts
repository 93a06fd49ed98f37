import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

import type { Relay } from './Relay';
import { startRelay } from './Relay';

const open: Array<{ destroy(): void }> = [];
afterEach(() => open.splice(0).forEach((p) => p.destroy()));

function connect(relay: Relay, room: string): { doc: Y.Doc; synced: Promise<void> } {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(relay.url, room, doc, {
    WebSocketPolyfill: WebSocket as never,
    // Same-process providers would otherwise talk over BroadcastChannel, bypassing the relay.
    disableBc: true,
  });
  open.push(provider);
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  return { doc, synced };
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('relay', () => {
  it('answers /health and 404 elsewhere', async () => {
    const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir: mkdtempSync(join(tmpdir(), 'relay-')) });
    try {
      const base = relay.url.replace('ws:', 'http:');
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ ok: true, documents: 0 });
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      await relay.close();
    }
  });

  it('carries updates between two clients and keeps them across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-'));
    let relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
    const a = connect(relay, 'room-1');
    const b = connect(relay, 'room-1');
    await Promise.all([a.synced, b.synced]);
    a.doc.getText('t').insert(0, 'hello');
    await until(() => b.doc.getText('t').toString() === 'hello');
    open.splice(0).forEach((p) => p.destroy());
    await relay.close();

    relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
    try {
      const c = connect(relay, 'room-1');
      await until(() => c.doc.getText('t').toString() === 'hello');
    } finally {
      open.splice(0).forEach((p) => p.destroy());
      await relay.close();
    }
  });
});
