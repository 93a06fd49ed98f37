import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto, memberIdOf } from '../shared/crypto';
import { computeRoster } from '../shared/membership';
import { ROSTER_LIST } from '../shared/protocol';
import { addInvite, completeJoin, createWorkspaceTransport } from '../shared/membership/workspaceSetup';
import { RosterCache } from './RosterCache';

await initCrypto();

describe('relay admission: an unconfirmed join lapses with its invite (red team F8)', () => {
  it('the cached roster stops admitting an unconfirmed join once its invite expires, as every client does', async () => {
    const t0 = Date.now();
    let now = t0;
    const adminId = generateIdentity();
    const doc = new Y.Doc();
    const room = createWorkspaceTransport(doc, adminId, t0);
    // A token holder joins while no admin is online: nobody confirms it before the invite expires.
    const seed = addInvite(doc, room, adminId, 'analyst', t0 + 60_000, t0);
    const holder = generateIdentity();
    completeJoin(doc, room, seed, holder, t0 + 1000);
    const entries = () => doc.getArray(ROSTER_LIST).toArray();
    let computed = 0;
    const cache = new RosterCache(
      async () => {
        computed++;
        return entries();
      },
      1000,
      () => now,
    );
    expect((await cache.get(room)).members.has(memberIdOf(holder))).toBe(true);
    // Before the expiry the cached roster holds: no recomputation per admission.
    now = t0 + 59_000;
    expect((await cache.get(room)).members.has(memberIdOf(holder))).toBe(true);
    expect(computed, 'roster computations before the expiry').toBe(1);

    // A day later, with no roster change in between.
    now = t0 + 24 * 3_600_000;
    const clients = computeRoster(room, entries(), now);
    expect(clients.members.has(memberIdOf(holder))).toBe(false);
    // The relay's admission (RelayAccess reads RosterCache) agrees, and keeps the new roster.
    expect((await cache.get(room)).members.has(memberIdOf(holder)), 'relay still admits the lapsed claim').toBe(false);
    await cache.get(room);
    expect(computed, 'roster computations in all').toBe(2);
  });

  it('reports a lapsed cached roster once, so the relay closes the sockets it no longer admits', async () => {
    const t0 = Date.now();
    let now = t0;
    const adminId = generateIdentity();
    const doc = new Y.Doc();
    const room = createWorkspaceTransport(doc, adminId, t0);
    addInvite(doc, room, adminId, 'analyst', t0 + 60_000, t0);
    const cache = new RosterCache(
      async () => doc.getArray(ROSTER_LIST).toArray(),
      1000,
      () => now,
    );
    await cache.get(room);
    expect(cache.lapsed(room), 'before the expiry').toBe(false);
    now = t0 + 61_000;
    expect(cache.lapsed(room), 'past the expiry').toBe(true);
    expect(cache.lapsed(room), 'asked again').toBe(false);
  });
});
