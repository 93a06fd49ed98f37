import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto, memberIdOf } from '../../shared/crypto';
import { computeRoster, ROSTER_LIST } from '../../shared/sync';
import { addInvite, completeJoin, createWorkspaceTransport } from '../../shared/sync/workspaceSetup';
import { RosterCache } from './RosterCache';

await initCrypto();

afterEach(() => vi.useRealTimers());

describe('red team: relay admission against the clients’ roster', () => {
  it('stops admitting an unconfirmed join once its invite expires, as every client does', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.now();
    const adminId = generateIdentity();
    const doc = new Y.Doc();
    const room = createWorkspaceTransport(doc, adminId, t0);
    // A token holder joins while no admin is online: nobody confirms it before the invite expires.
    const seed = addInvite(doc, room, adminId, 'analyst', t0 + 60_000, t0);
    const holder = generateIdentity();
    completeJoin(doc, room, seed, holder, t0 + 1000);
    const entries = () => doc.getArray(ROSTER_LIST).toArray();
    const cache = new RosterCache(async () => entries());
    expect((await cache.get(room)).members.has(memberIdOf(holder))).toBe(true);

    // A day later, with no roster change in between.
    vi.setSystemTime(t0 + 24 * 3_600_000);
    const clients = computeRoster(room, entries(), Date.now());
    expect(clients.members.has(memberIdOf(holder))).toBe(false);
    // The relay's admission (RelayAccess reads RosterCache) must agree.
    expect((await cache.get(room)).members.has(memberIdOf(holder)), 'relay still admits the lapsed claim').toBe(false);
  });
});
