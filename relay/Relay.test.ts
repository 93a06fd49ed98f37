import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../shared/crypto';
import type { Identity } from '../shared/crypto';
import { createRelayAuth, MESSAGE_STATE_QUERY, ROSTER_LIST } from '../shared/protocol';
import { createWorkspaceTransport, findGenesis } from '../shared/membership';
import { connectRelay } from '../cli';
import type { Relay, RelayOptions } from './Relay';
import { startRelay } from './Relay';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function relay(options: Partial<RelayOptions> = {}): Promise<Relay> {
  const r = await startRelay({
    host: '127.0.0.1',
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'relay-')),
    ...options,
  });
  cleanup.push(() => r.close());
  return r;
}

function workspace() {
  const creator = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, creator, Date.now());
  return { creator, transport, workspaceId };
}

function connect(r: Relay, workspaceId: string, transport: Y.Doc, identity: Identity) {
  const c = connectRelay(r.url, workspaceId, transport, identity);
  cleanup.push(() => c.destroy());
  return c;
}

/**
 * What a raw WebSocket upgrade gets: 101 once the relay serves it (it answers a state query), the
 * close code if it accepts only to refuse (4000 + the HTTP status), or a plain HTTP status.
 */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => ws.send(new Uint8Array([MESSAGE_STATE_QUERY])));
    ws.on('message', () => {
      ws.close();
      resolve(101);
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => {});
  });
}

const query = (auth: object) =>
  Object.entries(auth)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

describe('relay', () => {
  it('answers /health', async () => {
    const r = await relay();
    const response = await fetch(`${r.url.replace('ws:', 'http:')}/health`);
    expect(await response.json()).toEqual({ ok: true, rooms: 0 });
  });

  it('lets the creator open a new workspace, and keeps it across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-'));
    const first = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
    const { creator, transport, workspaceId } = workspace();
    transport.getMap('probe').set('k', 'v');
    const c = connectRelay(first.url, workspaceId, transport, creator);
    await c.upToDate(5000);
    c.destroy();
    await first.close();

    const second = await relay({ dataDir });
    const fresh = new Y.Doc();
    // A fresh copy has no genesis to show: the relay must know the workspace from its store.
    await connect(second, workspaceId, fresh, creator).upToDate(5000);
    expect(fresh.getMap('probe').get('k')).toBe('v');
    expect(fresh.getArray(ROSTER_LIST).length).toBe(1);
  });

  describe('access control at the upgrade', () => {
    it('refuses missing, forged, replayed and stale credentials, strangers and unknown rooms', async () => {
      const r = await relay();
      const { creator, transport, workspaceId } = workspace();
      await connect(r, workspaceId, transport, creator).upToDate(5000);
      const base = `${r.url}/${workspaceId}`;

      expect(await upgradeStatus(base)).toBe(4401);
      const good = createRelayAuth(workspaceId, creator, Date.now());
      expect(await upgradeStatus(`${base}?${query(good)}`)).toBe(101);
      expect(await upgradeStatus(`${base}?${query(good)}`)).toBe(4401); // replayed
      const forged = {
        ...createRelayAuth(workspaceId, creator, Date.now()),
        m: createRelayAuth(workspaceId, generateIdentity(), 0).m,
      };
      expect(await upgradeStatus(`${base}?${query(forged)}`)).toBe(4401);
      const stale = createRelayAuth(workspaceId, creator, Date.now() - 10 * 60 * 1000);
      expect(await upgradeStatus(`${base}?${query(stale)}`)).toBe(4401);
      const stranger = createRelayAuth(workspaceId, generateIdentity(), Date.now());
      expect(await upgradeStatus(`${base}?${query(stranger)}`)).toBe(4403);
      const other = workspace();
      const noGenesis = createRelayAuth(other.workspaceId, other.creator, Date.now());
      expect(await upgradeStatus(`${r.url}/${other.workspaceId}?${query(noGenesis)}`)).toBe(4404);
      // Someone else's genesis does not open a room for you.
      const genesis = findGenesis(other.workspaceId, other.transport.getArray(ROSTER_LIST).toArray())!;
      const squatter = createRelayAuth(other.workspaceId, generateIdentity(), Date.now(), genesis);
      expect(await upgradeStatus(`${r.url}/${other.workspaceId}?${query(squatter)}`)).toBe(4404);
      expect(await upgradeStatus(`${r.url}/not-a-room?${query(good)}`)).toBe(4404);
    });
  });

  it('refuses a used credential even after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-'));
    const first = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
    const { creator, transport, workspaceId } = workspace();
    const c = connectRelay(first.url, workspaceId, transport, creator);
    await c.upToDate(5000);
    c.destroy();
    const captured = query(createRelayAuth(workspaceId, creator, Date.now()));
    expect(await upgradeStatus(`${first.url}/${workspaceId}?${captured}`)).toBe(101);
    await first.close();
    const second = await relay({ dataDir });
    expect(await upgradeStatus(`${second.url}/${workspaceId}?${captured}`)).toBe(4401);
  });

  describe('bad input (S6)', () => {
    it('closes an oversized message with 1009 and keeps serving', async () => {
      const r = await relay({ maxMessageBytes: 64 * 1024 });
      const { creator, transport, workspaceId } = workspace();
      await connect(r, workspaceId, transport, creator).upToDate(5000);
      const ws = new WebSocket(`${r.url}/${workspaceId}?${query(createRelayAuth(workspaceId, creator, Date.now()))}`);
      await new Promise((resolve) => ws.on('open', resolve));
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      ws.send(new Uint8Array(128 * 1024));
      expect(await closed).toBe(1009);
      await connect(r, workspaceId, new Y.Doc(), creator).upToDate(5000);
    });

    it('closes a flood with "rate limit exceeded"', async () => {
      const r = await relay({ rateLimits: { messagesPerSecond: 5, bytesPerSecond: 1e6, burstSeconds: 1 } });
      const { creator, transport, workspaceId } = workspace();
      await connect(r, workspaceId, transport, creator).upToDate(5000);
      const ws = new WebSocket(`${r.url}/${workspaceId}?${query(createRelayAuth(workspaceId, creator, Date.now()))}`);
      await new Promise((resolve) => ws.on('open', resolve));
      const closed = new Promise<string>((resolve) => ws.on('close', (_code, reason) => resolve(reason.toString())));
      for (let i = 0; i < 50; i++) ws.send(new Uint8Array([3])); // query-awareness: valid, cheap, many
      expect(await closed).toBe('rate limit exceeded');
    });

    it('survives garbage frames and keeps the room intact', async () => {
      const r = await relay();
      const { creator, transport, workspaceId } = workspace();
      transport.getMap('probe').set('k', 'v');
      await connect(r, workspaceId, transport, creator).upToDate(5000);
      const ws = new WebSocket(`${r.url}/${workspaceId}?${query(createRelayAuth(workspaceId, creator, Date.now()))}`);
      await new Promise((resolve) => ws.on('open', resolve));
      for (const frame of [
        new Uint8Array([0, 2, 200, 1, 2]),
        new Uint8Array([255, 255, 255]),
        'text frame',
        new Uint8Array(),
      ]) {
        ws.send(frame);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      ws.close();
      const health = await fetch(`${r.url.replace('ws:', 'http:')}/health`);
      expect(health.status).toBe(200);
      const fresh = new Y.Doc();
      await connect(r, workspaceId, fresh, creator).upToDate(5000);
      expect(fresh.getMap('probe').get('k')).toBe('v');
    });
  });
});
