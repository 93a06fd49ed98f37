import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { LeveldbPersistence } from 'y-leveldb';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../shared/crypto';
import type { Identity } from '../shared/crypto';
import { createRelayAuth } from '../shared/protocol';
import { createWorkspaceTransport } from '../shared/membership';
import { connectRelay } from '../cli';
import { startRelay } from './Relay';
import type { Relay } from './Relay';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
  vi.restoreAllMocks();
});

/** A relay store holding one workspace with 30 writes, closed cleanly. */
async function storeWithWorkspace(): Promise<{ dataDir: string; workspaceId: string; creator: Identity }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-damage-'));
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
  const creator = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, creator, Date.now());
  const c = connectRelay(relay.url, workspaceId, transport, creator);
  await c.upToDate(10_000);
  for (let i = 0; i < 30; i++) {
    transport.getMap('probe').set(`k${i}`, 'x'.repeat(200));
    await c.upToDate(10_000);
  }
  c.destroy();
  await relay.close();
  return { dataDir, workspaceId, creator };
}

const fileOf = (dataDir: string, test: (name: string) => boolean) =>
  join(
    dataDir,
    readdirSync(dataDir).find((f) => test(f) && f !== 'used-credentials.log')!,
  );

function flipBytes(path: string, from: number, every: number): void {
  const bytes = readFileSync(path);
  for (let i = from; i < bytes.length; i += every) bytes[i]! ^= 0xff;
  writeFileSync(path, bytes);
}

async function restart(dataDir: string): Promise<{ relay: Relay; lines: string[] }> {
  const lines: string[] = [];
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, log: (l) => lines.push(l) });
  cleanup.push(() => relay.close());
  return { relay, lines };
}

/** Opens the room as its creator; resolves with how the relay closed it, and what arrived. */
function openRoom(relay: Relay, workspaceId: string, creator: Identity) {
  const auth = createRelayAuth(workspaceId, creator, Date.now());
  const query = Object.entries(auth)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return new Promise<{ code: number; reason: string; messages: number }>((resolve) => {
    const ws = new WebSocket(`${relay.url}/${workspaceId}?${query}`);
    let messages = 0;
    ws.on('message', () => messages++);
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), messages }));
    ws.on('error', () => {});
  });
}

async function health(relay: Relay): Promise<{ status: number; body: { ok: boolean; problem?: string } }> {
  const res = await fetch(`${relay.url.replace('ws:', 'http:')}/health`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; problem?: string } };
}

describe('a damaged relay store is reported loudly (issue 11, item 3)', () => {
  it('a damaged manifest: /health says so, rooms are refused with a reason, one log line and no trace per request', async () => {
    const { dataDir, workspaceId, creator } = await storeWithWorkspace();
    flipBytes(
      fileOf(dataDir, (f) => f.startsWith('MANIFEST')),
      8,
      9,
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { relay, lines } = await restart(dataDir);

    const state = await health(relay);
    expect(state.status).toBe(503);
    expect(state.body.ok).toBe(false);
    expect(state.body.problem).toMatch(/^the relay's store is damaged/);
    for (let i = 0; i < 3; i++) {
      const closed = await openRoom(relay, workspaceId, creator);
      expect(closed.code).toBe(4503);
      expect(closed.reason).toMatch(/^the relay's store is damaged/);
      expect(closed.messages).toBe(0);
    }
    expect(lines.filter((l) => l.includes('damaged'))).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('records lost from the write-ahead log: the room is not served half', async () => {
    const { dataDir, workspaceId, creator } = await storeWithWorkspace();
    flipBytes(
      fileOf(dataDir, (f) => f.endsWith('.log')),
      2000,
      1500,
    );
    const { relay, lines } = await restart(dataDir);

    const state = await health(relay);
    expect(state.status).toBe(503);
    expect(state.body.problem).toMatch(/^the relay's store is damaged/);
    const closed = await openRoom(relay, workspaceId, creator);
    expect(closed.code).toBe(4503);
    expect(closed.messages).toBe(0);
    expect(lines.filter((l) => l.includes('damaged'))).toHaveLength(1);
  });

  it('a write the store cannot make (a full disk): every socket is closed, no state query is answered, nothing more is stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-unwritable-'));
    const { relay, lines } = await restart(dataDir);
    const creator = generateIdentity();
    const transport = new Y.Doc();
    const workspaceId = createWorkspaceTransport(transport, creator, Date.now());
    const c = connectRelay(relay.url, workspaceId, transport, creator);
    cleanup.push(() => c.destroy());
    await c.upToDate(10_000);

    const write = vi
      .spyOn(LeveldbPersistence.prototype, 'storeUpdate')
      .mockRejectedValue(new Error('IO error: No space left on device'));
    transport.getMap('probe').set('after', 'x'.repeat(200));
    // The member never hears "up to date" for a write the relay could not keep.
    await expect(c.upToDate(5_000)).rejects.toThrow(/store is damaged/);
    expect(write).toHaveBeenCalledTimes(1);
    transport.getMap('probe').set('later', 'y');
    expect(write).toHaveBeenCalledTimes(1);

    const state = await health(relay);
    expect(state.status).toBe(503);
    expect(state.body.problem).toMatch(/could not be written: IO error: No space left on device/);
    const closed = await openRoom(relay, workspaceId, creator);
    expect(closed.code).toBe(4503);
    expect(lines.filter((l) => l.includes('damaged'))).toHaveLength(1);
  });

  it('an undamaged store is healthy and served whole after a restart', async () => {
    const { dataDir, workspaceId, creator } = await storeWithWorkspace();
    const { relay } = await restart(dataDir);
    expect((await health(relay)).status).toBe(200);
    const fresh = new Y.Doc();
    const c = connectRelay(relay.url, workspaceId, fresh, creator);
    cleanup.push(() => c.destroy());
    await c.upToDate(10_000);
    expect(fresh.getMap('probe').size).toBe(30);
  });

  it('keeps its store private to its user: directories 0700, files 0600 (the nonce log too)', async () => {
    const { dataDir } = await storeWithWorkspace();
    await restart(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(dataDir)) {
      expect([f, statSync(join(dataDir, f)).mode & 0o777]).toEqual([f, 0o600]);
    }
  });
});
