import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../shared/crypto';
import { addInvite, createWorkspaceTransport } from '../shared/membership';
import { joinByToken } from '../shared/sync';
import { connectRelay, nodePlatform } from '../cli';
import { liveMember, tempRelay } from '../cli/testkit/liveWorkspaces';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A workspace with its admin live on a fresh relay, and an invite for a newcomer. */
async function table(expiresIn = 3600_000) {
  const relay = await tempRelay();
  cleanup.push(() => relay.close());
  const admin = generateIdentity();
  const transport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(transport, admin, Date.now());
  const seed = addInvite(transport, workspaceId, admin, 'analyst', Date.now() + expiresIn, Date.now());
  const live = liveMember(relay.url, workspaceId, admin, transport);
  cleanup.push(() => live.close());
  await live.connection.upToDate(10_000);
  return { relay, workspaceId, token: { workspaceId, relayUrl: relay.url, seed } };
}

// Long timeouts on purpose: the refusal must arrive with the relay's sentence, not after a wait.
const JOIN_TIMEOUT = 60_000;

describe('issue 11, item 14: the relay says why it refuses, and the client says it at once', () => {
  it('a used invite is refused at once with the sentence: this invite has already been used', async () => {
    const { token } = await table();
    await joinByToken(token, generateIdentity(), nodePlatform, JOIN_TIMEOUT);
    await expect(joinByToken(token, generateIdentity(), nodePlatform, JOIN_TIMEOUT)).rejects.toThrow(
      'the relay refused: this invite has already been used',
    );
  }, 20_000);

  it('an expired invite is refused at once with the sentence: this invite has expired', async () => {
    const { token } = await table(-60_000);
    await expect(joinByToken(token, generateIdentity(), nodePlatform, JOIN_TIMEOUT)).rejects.toThrow(
      'the relay refused: this invite has expired',
    );
  }, 20_000);

  it('an invite to a workspace this relay does not hold is refused at once: no such workspace on this relay', async () => {
    const { relay } = await table();
    // A workspace that lives on another relay: this one has never seen it.
    const admin = generateIdentity();
    const transport = new Y.Doc();
    const workspaceId = createWorkspaceTransport(transport, admin, Date.now());
    const seed = addInvite(transport, workspaceId, admin, 'analyst', Date.now() + 3600_000, Date.now());
    const foreign = { workspaceId, relayUrl: relay.url, seed };
    await expect(joinByToken(foreign, generateIdentity(), nodePlatform, JOIN_TIMEOUT)).rejects.toThrow(
      'the relay refused: no such workspace on this relay',
    );
  }, 20_000);

  it('a stranger syncing is refused at once: not a member of this workspace', async () => {
    const { relay, workspaceId } = await table();
    const c = connectRelay(relay.url, workspaceId, new Y.Doc(), generateIdentity());
    cleanup.push(() => c.destroy());
    await expect(c.upToDate(JOIN_TIMEOUT)).rejects.toThrow('the relay refused: not a member of this workspace');
    expect(c.refusal).toEqual({ code: 4403, reason: 'not a member of this workspace' });
  }, 20_000);

  it('an unreachable relay fails after a few attempts: cannot reach the relay at its address', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    const { token } = await table();
    const unreachable = { ...token, relayUrl: `ws://127.0.0.1:${port}` };
    await expect(joinByToken(unreachable, generateIdentity(), nodePlatform, JOIN_TIMEOUT)).rejects.toThrow(
      `cannot reach the relay at ws://127.0.0.1:${port}`,
    );
  }, 20_000);
});
