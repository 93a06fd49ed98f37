import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey, identityFromSeed, initCrypto, memberIdOf } from '../crypto';
import { createKeyEntry, openKeyring } from './keyLog';
import { hostileOf, hubWorkspace as workspace } from '../testkit/hubWorkspace';
import { confirmJoin, removeMember } from './membership';
import { createRemoveEntry } from './roster';
import { exchange } from '../testkit/workspaces';
import { KEY_LIST, ROSTER_LIST } from '../protocol/transportLayout';
import { addInvite, completeJoin } from './workspaceSetup';

await initCrypto();

const HOUR = 3_600_000;

describe('red team: an epoch nobody can rotate past (F5)', () => {
  it('a removed admin cannot stop every member from sealing for good by naming the largest epoch', () => {
    const w = workspace();
    const second = w.join(w.invite('admin'));
    const third = w.join(w.invite('admin'));
    const analyst = w.join(w.invite('analyst'));
    w.sync();
    const stale = w.rosterOf(second).heads;
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, second.workspace.me, Date.now());
    w.sync(w.admin, third, analyst);
    // The removed admin's counter-removal (a mutual removal counts) names an epoch nobody can rotate past.
    hostileOf(w.workspaceId, second).append(ROSTER_LIST, [
      createRemoveEntry(w.workspaceId, second.identity, w.admin.workspace.me, Number.MAX_SAFE_INTEGER, w.now - HOUR, {
        prev: stale,
      }),
    ]);
    exchange(second.transport, w.hub);
    // The third admin is still an admin; its key upkeep runs on every round.
    for (let i = 0; i < 5; i++) w.sync(third, analyst);
    expect(w.rosterOf(third).members.get(third.workspace.me)?.role).toBe('admin');
    expect(w.rosterOf(third).epoch, 'the roster epoch').toBeLessThan(1000);
    expect(third.workspace.waitingForKey(), 'the remaining admin waits for a key forever').toBeNull();
    expect(analyst.workspace.waitingForKey(), 'the analyst waits for a key forever').toBeNull();
  });
  it('a current admin’s key wrapped at the largest epoch never seals, and removing that admin rotates as usual', () => {
    const w = workspace();
    const rogue = w.join(w.invite('admin'));
    const analyst = w.join(w.invite('analyst'));
    w.sync();
    const before = w.admin.workspace.currentEpoch();
    const chosen = generateSymmetricKey();
    hostileOf(w.workspaceId, rogue).append(
      KEY_LIST,
      [w.admin, rogue, analyst].map((c) =>
        createKeyEntry(w.workspaceId, Number.MAX_SAFE_INTEGER, chosen, c.identity, rogue.identity),
      ),
    );
    exchange(rogue.transport, w.hub);
    w.sync(w.admin, analyst);
    expect({ admin: w.admin.workspace.currentEpoch(), analyst: analyst.workspace.currentEpoch() }).toEqual({
      admin: before,
      analyst: before,
    });
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, rogue.workspace.me, Date.now());
    w.sync(w.admin, analyst);
    expect(analyst.workspace.waitingForKey()).toBeNull();
    expect(analyst.workspace.currentEpoch()).toBe((before ?? 0) + 1);
    analyst.workspace.document('workspace').getMap('orgs').set('after', 'sealed');
    w.sync(w.admin, analyst);
    expect(w.admin.workspace.document('workspace').getMap('orgs').get('after')).toBe('sealed');
  });
});

describe('red team: a removed member and a spare invite (F7)', () => {
  it('a removed member holding a spare invite the admin kept does not walk back in under a fresh key, confirmed by key upkeep', () => {
    const w = workspace();
    const spare = w.invite('analyst');
    const member = w.join(w.invite('analyst'));
    // The admin explicitly keeps the open invites (the default now revokes them).
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, member.workspace.me, Date.now(), {
      revokeOpenInvites: false,
    });
    w.sync();
    // Same person, fresh identity: nothing ties the new key to the removal.
    const t = new Y.Doc();
    exchange(w.hub, t);
    const fresh = generateIdentity();
    completeJoin(t, w.workspaceId, spare, fresh, Date.now());
    exchange(t, w.hub);
    w.sync();
    const r = w.rosterOf(w.admin);
    const back = r.members.has(memberIdOf(fresh)) && !r.provisional.has(memberIdOf(fresh));
    expect(back, 'back in, confirmed by the admin’s key upkeep without anyone choosing').toBe(false);
    // A person may still choose to let it in (Members tab, `invite confirm`).
    const inviteId = memberIdOf(identityFromSeed(spare));
    confirmJoin(w.admin.transport, w.workspaceId, w.admin.identity, inviteId, memberIdOf(fresh), Date.now());
    expect(w.rosterOf(w.admin).provisional.has(memberIdOf(fresh))).toBe(false);
  });

  it('removing a member revokes by default every invite nobody used yet, so a spare token no longer joins', () => {
    const w = workspace();
    const spare = w.invite('analyst');
    const member = w.join(w.invite('analyst'));
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, member.workspace.me, Date.now());
    w.sync();
    expect(w.rosterOf(w.admin).revokedInvites.has(memberIdOf(identityFromSeed(spare)))).toBe(true);
    const t = new Y.Doc();
    exchange(w.hub, t);
    expect(() => completeJoin(t, w.workspaceId, spare, generateIdentity(), Date.now())).toThrow(/revoked/);
  });

  it('key upkeep still confirms by itself the one join of an invite made after the last removal', () => {
    const w = workspace();
    const member = w.join(w.invite('analyst'));
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, member.workspace.me, Date.now() - 1);
    w.sync();
    const newcomer = w.join(
      addInvite(w.admin.transport, w.workspaceId, w.admin.identity, 'analyst', Date.now() + HOUR, Date.now()),
    );
    w.sync();
    const r = w.rosterOf(w.admin);
    expect(r.members.has(newcomer.workspace.me) && !r.provisional.has(newcomer.workspace.me)).toBe(true);
  });
});

describe('red team: the key log and a token holder (F4)', () => {
  it('a token holder’s wrap of its own key for the invite does not become the newcomer’s sealing key', () => {
    const w = workspace();
    const seed = w.invite('analyst');
    // An insider who saw the token (or anyone the relay admits as the unused invite) writes, before
    // the real invitee joins, a key of its own choosing wrapped for the invite, signed by the invite key.
    const insider = w.join(w.invite('observer'));
    const invite = identityFromSeed(seed);
    const chosen = generateSymmetricKey();
    hostileOf(w.workspaceId, insider).append(KEY_LIST, [
      createKeyEntry(w.workspaceId, 1_000_000, chosen, invite, invite),
    ]);
    exchange(insider.transport, w.hub);
    // The invite's own keyring opens the chosen key but never seals with it: a self-wrap vouches for nothing.
    const rosterNow = w.rosterOf(w.admin);
    const inviteRing = openKeyring(w.workspaceId, w.hub.getArray(KEY_LIST).toArray(), rosterNow, invite);
    expect(inviteRing.sealing(1_000_000)).toBeUndefined();
    expect(inviteRing.current()).toBe(rosterNow.epoch);
    const newcomer = w.join(seed);
    w.sync();
    expect(newcomer.workspace.keys.opening(1_000_000), 'the newcomer holds the chosen key').toEqual([]);
    expect(w.rosterOf(w.admin).members.has(newcomer.workspace.me)).toBe(true);
    expect
      .soft(newcomer.workspace.currentEpoch(), 'the newcomer seals under the insider’s epoch')
      .toBe(w.admin.workspace.currentEpoch());
    newcomer.workspace.document('workspace').getMap('orgs').set('by-newcomer', 'seen');
    w.sync();
    expect(w.admin.workspace.document('workspace').getMap('orgs').get('by-newcomer'), 'the admin never reads it').toBe(
      'seen',
    );
  });
});
