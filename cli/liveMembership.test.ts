import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, identityFromSeed, initCrypto, toBase64Url } from '../shared/crypto';
import { addInvite, createJoinEntry, revokeInvite } from '../shared/membership';
import { joinByToken } from '../shared/sync';
import { ROSTER_LIST } from '../shared/protocol';
import { eventually, hostileMember, liveMember, liveTable, tempRelay } from './testkit/liveWorkspaces';
import { connectRelay, nodePlatform } from './nodePlatform';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('invites over the real relay (hardening 4)', () => {
  it("keeps a confirmed member through a token holder's backdated second join, and the relay admits neither the spent nor a revoked invite", async () => {
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const { workspaceId, members } = await liveTable(relay.url, 1, 'observer');
    cleanup.push(() => members.forEach((m) => m.close()));
    const [admin, insider] = members as [NonNullable<(typeof members)[0]>, NonNullable<(typeof members)[0]>];

    const seed = addInvite(admin.transport, workspaceId, admin.identity, 'admin', Date.now() + 3_600_000, Date.now());
    const newcomerId = generateIdentity();
    const t = await joinByToken({ workspaceId, relayUrl: relay.url, seed }, newcomerId, nodePlatform, 10_000);
    const newcomer = liveMember(relay.url, workspaceId, newcomerId, t);
    cleanup.push(() => newcomer.close());
    const inviteId = toBase64Url(identityFromSeed(seed).signPublicKey);
    await eventually(
      'the admin to confirm the join',
      () => admin.workspace.roster.invites.get(inviteId)?.confirmedBy !== null,
    );

    // The insider, who also saw the token, joins again with a fresh key, an hour "before" the newcomer.
    const live = hostileMember(relay.url, workspaceId, insider.identity, new Y.Doc());
    cleanup.push(() => live.close());
    await live.connection.upToDate(10_000);
    const thief = generateIdentity();
    live.hostile.append(ROSTER_LIST, [
      createJoinEntry(workspaceId, identityFromSeed(seed), thief, Date.now() - 3_600_000),
    ]);
    await eventually(
      'the admin to hold the second join',
      () => admin.transport.getArray(ROSTER_LIST).length >= live.hostile.list(ROSTER_LIST).length,
    );
    for (const m of [admin, newcomer]) {
      expect(m.workspace.roster.members.get(newcomer.workspace.me)?.role).toBe('admin');
      expect(m.workspace.roster.members.has(toBase64Url(thief.signPublicKey))).toBe(false);
    }
    const asSpent = connectRelay(relay.url, workspaceId, new Y.Doc(), identityFromSeed(seed));
    cleanup.push(() => asSpent.destroy());
    await expect(asSpent.upToDate(1500)).rejects.toThrow();

    const revoked = addInvite(
      admin.transport,
      workspaceId,
      admin.identity,
      'analyst',
      Date.now() + 3_600_000,
      Date.now(),
    );
    revokeInvite(
      admin.transport,
      workspaceId,
      admin.identity,
      toBase64Url(identityFromSeed(revoked).signPublicKey),
      Date.now(),
    );
    await admin.connection.upToDate(10_000);
    await expect(
      joinByToken({ workspaceId, relayUrl: relay.url, seed: revoked }, generateIdentity(), nodePlatform, 1500),
    ).rejects.toThrow();
  });
});
