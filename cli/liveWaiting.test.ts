import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey, initCrypto } from '../shared/crypto';
import { addOrganization } from '../shared/model';
import { coreCompartmentId, createWorkspaceTransport } from '../shared/membership';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import type { WebSocketClass } from '../shared/sync';
import { openWorkspace } from '../shared/workspace';
import type { OpenWorkspace } from '../shared/workspace';
import { filePlatform } from './nodePlatform';
import { eventually, tempRelay } from './testkit/liveWorkspaces';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/**
 * Sockets that can hold back what this machine writes to the relay (y-websocket's sync step 2 and
 * updates: frames [0, 1 | 2, …]) while everything else goes through, the relay's answers included.
 */
function holdingSockets() {
  let holding = false;
  const held: Array<() => void> = [];
  class HoldingSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      const send = this.send.bind(this) as (data: Uint8Array) => void;
      this.send = ((data: Uint8Array) => {
        if (holding && data[0] === 0 && data[1] !== 0) held.push(() => send(data));
        else send(data);
      }) as typeof this.send;
    }
  }
  return {
    WebSocket: HoldingSocket as unknown as WebSocketClass,
    held: () => held.length,
    hold: () => void (holding = true),
    release: () => {
      holding = false;
      for (const send of held.splice(0)) send();
    },
  };
}

/** A new workspace created by its admin, opened through openWorkspace over `sockets`. */
async function created(relayUrl: string, sockets: ReturnType<typeof holdingSockets>, live: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'unity-waiting-'));
  const identity = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, identity, Date.now());
  const platform = {
    ...filePlatform((id, room) => join(dir, id, room ? `rooms/${room}.utrec` : 'transport.utrec')),
    WebSocket: sockets.WebSocket,
  };
  const session = await openWorkspace(platform, {
    workspaceId,
    identity,
    storageKey: generateSymmetricKey(),
    relayUrl,
    transport,
    live,
  });
  cleanup.push(() => session.close());
  return session;
}

const write = (session: OpenWorkspace, name: string): void => {
  addOrganization(session.workspace.document(WORKSPACE_DOC_ID), { name });
  session.workspace.flush();
};

describe('the changes waiting count', () => {
  it('stays above zero after synced while the relay lacks the offline writes, and reaches zero once it holds them', async () => {
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const sockets = holdingSockets();
    const session = await created(relay.url, sockets, true);
    await session.connection.upToDate(10_000);
    await eventually('nothing waiting once the relay holds the workspace', () => session.waiting() === 0);

    session.connection.disconnect();
    write(session, 'Org Written-Offline-1');
    write(session, 'Org Written-Offline-2');
    expect(session.waiting()).toBe(2);

    sockets.hold();
    session.connection.connect();
    await eventually('synced with the relay', () => session.connection.provider.synced);
    expect(sockets.held()).toBeGreaterThan(0);
    // Synced means the first exchange is over, not that the relay stored what we sent: ask it.
    const remote = await session.connection.relayState(5000);
    expect(remote).not.toBeNull();
    expect(session.status()).toMatchObject({ connection: 'connected', waiting: 2 });

    sockets.release();
    await eventually('nothing waiting once the relay holds the writes', () => session.waiting() === 0);
    await session.connection.upToDate(10_000);
  });

  it('counts a write made online until the relay says it holds it', async () => {
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const sockets = holdingSockets();
    const session = await created(relay.url, sockets, true);
    await session.connection.upToDate(10_000);
    // The board is written to the core room (ADR 0012 §5): its own connection, which must be up too.
    await session.roomConnection(coreCompartmentId(session.workspaceId))!.upToDate(10_000);
    await eventually('nothing waiting once the relay holds the workspace', () => session.waiting() === 0);

    sockets.hold();
    write(session, 'Org Written-Online');
    expect(sockets.held()).toBe(1);
    expect(await session.connection.relayState(5000)).not.toBeNull();
    expect(session.waiting()).toBe(1);

    sockets.release();
    await eventually('nothing waiting once the relay holds the write', () => session.waiting() === 0);
  });

  it('the CLI (not live): its writes wait until `sync` has the relay hold them', async () => {
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const session = await created(relay.url, holdingSockets(), false);
    write(session, 'Org Written-By-The-CLI');
    expect(session.status()).toMatchObject({ connection: 'disconnected', waiting: 1 });
    await session.sync(10_000);
    expect(session.status()).toMatchObject({ connection: 'disconnected', waiting: 0 });
  });
});
