import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';

import { generateIdentity, identityFromSeed, initCrypto, randomBytes, toBase64Url, utf8, wrapKey } from '../crypto';
import { computeRoster } from './computeRoster';
import { openEnvelopeWithAny, parseEnvelope } from '../protocol/envelope';
import { HostileClient } from '../testkit/HostileClient';
import { hostileOf, hubWorkspace as workspace } from '../testkit/hubWorkspace';
import { keyIdOf, openKeyring } from './keyLog';
import { changeRole, removeMember } from './membership';
import * as membership from './membership';
import { createJoinEntry, createInviteEntry, createRemoveEntry } from './roster';
import * as roster from './roster';
import { exchange, testClient } from '../testkit/workspaces';
import { docListName, KEY_LIST, ROSTER_LIST } from '../protocol/transportLayout';
import { addInvite, completeJoin } from './workspaceSetup';

await initCrypto();

const HOUR = 3_600_000;

describe('hardening 4: an invite is spent once', () => {
  it('a second join of a used admin invite, dated before the real one, neither evicts nor replaces the member', () => {
    const w = workspace();
    const seed = w.invite('admin');
    const real = w.join(seed);
    const insider = w.join(w.invite('observer'));
    // The insider also holds the admin invite's token: it joins again with a fresh key, backdated.
    const thief = generateIdentity();
    const hostile = hostileOf(w.workspaceId, insider);
    hostile.append(ROSTER_LIST, [
      createJoinEntry(w.workspaceId, identityFromSeed(seed), thief, w.now - HOUR),
      createJoinEntry(w.workspaceId, identityFromSeed(seed), generateIdentity(), w.now - HOUR, { prev: [] }),
    ]);
    w.sync();
    for (const c of [w.admin, real]) {
      const r = c.workspace.roster;
      expect(r.members.get(real.workspace.me)?.role).toBe('admin');
      expect(r.members.has(toBase64Url(thief.signPublicKey))).toBe(false);
      expect(r.members.size).toBe(3);
    }
  });

  it("judges expiry by the evaluating clock, not by the joiner's claimed time", () => {
    const w = workspace();
    const seed = addInvite(w.admin.transport, w.workspaceId, w.admin.identity, 'analyst', w.now - 1000, w.now - HOUR);
    const insider = w.join(w.invite('observer'));
    const late = generateIdentity();
    hostileOf(w.workspaceId, insider).append(ROSTER_LIST, [
      createJoinEntry(w.workspaceId, identityFromSeed(seed), late, w.now - 2000),
    ]);
    w.sync(); // the admin's key upkeep runs too, and confirms nothing past the expiry
    expect(w.admin.workspace.roster.members.has(toBase64Url(late.signPublicKey))).toBe(false);
    expect(w.rosterOf(w.admin).members.has(toBase64Url(late.signPublicKey))).toBe(false);
  });

  it('keeps a removed member out when it holds another unused invite, and lets it back through an invite made after the removal', () => {
    const w = workspace();
    const spare = w.invite('analyst');
    const member = w.join(w.invite('analyst'));
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, member.workspace.me, Date.now(), {
      revokeOpenInvites: false, // kept on purpose: the default revokes every open invite (F7)
    });
    w.sync();
    const hostile = hostileOf(w.workspaceId, member);
    // Dated after its removal, and once more naming the heads it holds (the removal among them).
    hostile.append(ROSTER_LIST, [
      createJoinEntry(w.workspaceId, identityFromSeed(spare), member.identity, Date.now() + 1),
    ]);
    w.sync();
    expect(w.admin.workspace.roster.members.has(member.workspace.me)).toBe(false);
    completeJoin(member.transport, w.workspaceId, spare, member.identity, Date.now());
    w.sync();
    expect(w.admin.workspace.roster.members.has(member.workspace.me)).toBe(false);
    expect(w.admin.workspace.roster.removed.has(member.workspace.me)).toBe(true);

    const again = w.invite('analyst');
    w.sync();
    completeJoin(member.transport, w.workspaceId, again, member.identity, Date.now());
    w.sync();
    expect(w.admin.workspace.roster.members.get(member.workspace.me)?.role).toBe('analyst');
  });

  it('admits nobody with a revoked invite, and removing a member can revoke every open invite', () => {
    const w = workspace();
    const revoked = w.invite('lead');
    const inviteId = toBase64Url(identityFromSeed(revoked).signPublicKey);
    membership.revokeInvite(w.admin.transport, w.workspaceId, w.admin.identity, inviteId, Date.now());
    expect(() => w.join(revoked)).toThrow(/revoked/);
    const r = w.rosterOf(w.admin);
    expect(r.invites.has(inviteId)).toBe(false); // the relay admits invite keys from this map only
    expect(r.revokedInvites.get(inviteId)?.revokedBy).toBe(w.admin.workspace.me);

    // A join written before the revocation (no admin online to confirm it) stops counting.
    const pending = w.invite('analyst');
    const early = w.join(pending, { syncAll: false });
    const pendingId = toBase64Url(identityFromSeed(pending).signPublicKey);
    membership.revokeInvite(w.admin.transport, w.workspaceId, w.admin.identity, pendingId, Date.now());
    w.sync();
    expect(w.admin.workspace.roster.members.has(early.workspace.me)).toBe(false);

    const member = w.join(w.invite('analyst'));
    const open = w.invite('admin');
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, member.workspace.me, Date.now(), {
      revokeOpenInvites: true,
    });
    w.sync();
    const after = w.admin.workspace.roster;
    expect(after.revokedInvites.has(toBase64Url(identityFromSeed(open).signPublicKey))).toBe(true);
    expect(membership.openInvites(after)).toEqual([]);
  });

  it('counts neither of two unconfirmed joins of one admin invite until an admin confirms one, and a provisional admin cannot confirm itself', () => {
    const w = workspace();
    const seed = w.invite('admin');
    w.sync();
    // No admin online: the real invitee and a thief both join, and the thief confirms itself.
    const real = w.join(seed, { syncAll: false });
    const thief = generateIdentity();
    const thiefId = toBase64Url(thief.signPublicKey);
    const inviteId = toBase64Url(identityFromSeed(seed).signPublicKey);
    const hostile = new HostileClient(w.workspaceId, thief, real.transport);
    hostile.append(ROSTER_LIST, [createJoinEntry(w.workspaceId, identityFromSeed(seed), thief, w.now - HOUR)]);
    const heads = w.rosterOf(real).heads;
    hostile.append(ROSTER_LIST, [
      roster.createConfirmEntry(w.workspaceId, thief, inviteId, thiefId, w.now, heads),
      createInviteEntry(w.workspaceId, thief, generateIdentity(), 'admin', w.now + HOUR, w.now, { prev: heads }),
    ]);
    const contested = w.rosterOf(real);
    expect(contested.invites.get(inviteId)?.claims).toHaveLength(2);
    expect(contested.members.has(thiefId)).toBe(false);
    expect(contested.members.has(real.workspace.me)).toBe(false);
    expect(contested.invites.size).toBe(1);

    exchange(real.transport, w.hub);
    w.sync(w.admin); // the admin's upkeep does not pick one by itself
    expect(w.admin.workspace.roster.members.has(real.workspace.me)).toBe(false);
    membership.confirmJoin(w.admin.transport, w.workspaceId, w.admin.identity, inviteId, real.workspace.me, Date.now());
    w.sync();
    for (const c of [w.admin, real]) {
      expect(c.workspace.roster.members.get(real.workspace.me)?.role).toBe('admin');
      expect(c.workspace.roster.members.has(thiefId)).toBe(false);
    }
  });

  it('gives a lone unconfirmed admin joiner no admin powers until an admin confirms it', () => {
    const w = workspace();
    const late = w.join(w.invite('admin'), { syncAll: false });
    expect(w.rosterOf(late).provisional.has(late.workspace.me)).toBe(true);
    expect(() => addInvite(late.transport, w.workspaceId, late.identity, 'admin', w.now + HOUR, Date.now())).toThrow(
      /not confirmed yet/,
    );
    w.sync();
    expect(w.admin.workspace.roster.provisional.has(late.workspace.me)).toBe(false);
    expect(() => w.invite('analyst', late)).not.toThrow();
  });
});

describe('hardening 4: a removed admin signs entries dated before its removal', () => {
  it("counts nothing a removed admin signed outside its removal's causal past", () => {
    const w = workspace();
    const second = w.join(w.invite('admin'));
    const analyst = w.join(w.invite('analyst'));
    // The second admin goes offline with what it holds; the first removes it.
    const stale = w.rosterOf(second).heads;
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, second.workspace.me, Date.now());
    w.sync(w.admin);
    // From its old copy, backdated an hour, it invites a friend (who joins) and removes the analyst.
    const friendInvite = generateIdentity();
    const friend = generateIdentity();
    const hostile = hostileOf(w.workspaceId, second);
    const early = w.now - HOUR;
    const inviteEntry = createInviteEntry(w.workspaceId, second.identity, friendInvite, 'admin', w.now + HOUR, early, {
      prev: stale,
    });
    hostile.append(ROSTER_LIST, [
      inviteEntry,
      createRemoveEntry(w.workspaceId, second.identity, analyst.workspace.me, 7, early, { prev: stale }),
      createRemoveEntry(w.workspaceId, second.identity, analyst.workspace.me, 7, early),
    ]);
    hostile.append(ROSTER_LIST, [createJoinEntry(w.workspaceId, friendInvite, friend, early)]);
    exchange(second.transport, w.hub);
    w.sync(w.admin, analyst);
    for (const c of [w.admin, analyst]) {
      const r = c.workspace.roster;
      expect(r.members.has(analyst.workspace.me)).toBe(true);
      expect(r.members.has(toBase64Url(friend.signPublicKey))).toBe(false);
      expect(r.members.has(second.workspace.me)).toBe(false);
      expect(r.members.get(w.admin.workspace.me)?.role).toBe('admin');
    }
  });

  it('settles a mutual removal for one side: a removed admin cannot keep its role by removing its remover', () => {
    const w = workspace();
    const second = w.join(w.invite('admin'));
    const third = w.join(w.invite('admin'));
    const stale = w.rosterOf(second).heads;
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, second.workspace.me, Date.now());
    hostileOf(w.workspaceId, second).append(ROSTER_LIST, [
      createRemoveEntry(w.workspaceId, second.identity, w.admin.workspace.me, 5, w.now - HOUR, { prev: stale }),
    ]);
    exchange(second.transport, w.hub);
    w.sync(w.admin, third);
    const r = third.workspace.roster;
    expect(r.members.has(second.workspace.me)).toBe(false);
    expect(r.members.get(third.workspace.me)?.role).toBe('admin');
    // The creator's removal wins the pair: the answer from a stale past takes nothing from it.
    expect(r.members.get(w.admin.workspace.me)?.role).toBe('admin');
  });
});

describe('hardening 5 (roster half): a cut per stream', () => {
  it('records in a removal and a demotion the last seq of each stream of the member that the admin held', () => {
    const w = workspace();
    const leaving = w.join(w.invite('analyst'));
    const demoted = w.join(w.invite('lead'));
    for (const [c, n] of [
      [leaving, 3],
      [demoted, 2],
    ] as const) {
      for (let i = 0; i < n; i++) {
        c.workspace.document('workspace').getMap('orgs').set(`k${i}`, i);
        c.clock.tick();
      }
    }
    w.sync();
    // Someone else's envelope that claims to be the leaving member's, with a bad signature: not counted.
    const own = leaving.transport
      .getArray<Uint8Array>(docListName('workspace'))
      .toArray()
      .map(parseEnvelope)
      .find((e) => toBase64Url(e.header.author) === leaving.workspace.me)!;
    const bytes = hostileOf(w.workspaceId, demoted).seal(
      { author: leaving.identity.signPublicKey, seq: 99 },
      utf8('x'),
    );
    w.admin.transport.getArray<Uint8Array>(docListName('workspace')).push([bytes]);
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, leaving.workspace.me, Date.now());
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, demoted.workspace.me, 'observer', Date.now());
    const r = w.rosterOf(w.admin);
    expect(r.cuts.get(leaving.workspace.me)).toEqual({ workspace: { [String(own.header.replica)]: 3 } });
    expect(Object.values(r.cuts.get(demoted.workspace.me)?.['workspace'] ?? {})).toEqual([2]);
    expect(r.wroteUntilEpoch.get(leaving.workspace.me)).toBe(1);
    expect(r.wroteUntilEpoch.get(demoted.workspace.me)).toBe(2);
    expect(r.epoch).toBe(2);
  });
});

describe('hardening 6: never seal under an epoch older than the roster', () => {
  it('keeps a newcomer on a pre-rotation invite from sealing until it holds the current key, so the removed member opens nothing it wrote', () => {
    const w = workspace();
    const removed = w.join(w.invite('analyst'));
    const seed = w.invite('analyst'); // wrapped for epoch 0 only
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, removed.workspace.me, Date.now(), {
      revokeOpenInvites: false, // kept on purpose: the default revokes every open invite (F7)
    });
    w.sync(w.admin);
    // No admin online: the newcomer joins from the relay's copy and starts working.
    const t = new Y.Doc();
    exchange(w.hub, t);
    const id = generateIdentity();
    completeJoin(t, w.workspaceId, seed, id, Date.now());
    const newcomer = testClient(w.workspaceId, t, id);
    const awareness = new Awareness(new Y.Doc());
    newcomer.workspace.attachPresence(awareness).setLocal({ card: 'falcon' });
    newcomer.workspace.document('workspace').getMap('orgs').set('n', 'by the newcomer');
    newcomer.clock.tick();
    expect(newcomer.workspace.waitingForKey()).toEqual({ required: 1, held: 0 });
    expect(newcomer.workspace.waiting()).toBe(1);
    expect(t.getArray(docListName('workspace')).length).toBe(0);
    expect(awareness.getLocalState()?.['e']).toBeUndefined();

    // An admin comes online: its upkeep wraps epoch 1 for the newcomer, who then sends what it kept.
    exchange(t, w.hub);
    w.sync(w.admin);
    exchange(w.hub, t);
    newcomer.clock.tick();
    expect(newcomer.workspace.waitingForKey()).toBeNull();
    exchange(t, w.hub);
    const envelopes = w.hub.getArray<Uint8Array>(docListName('workspace')).toArray().map(parseEnvelope);
    expect(envelopes.length).toBeGreaterThan(0);
    const theirs = openKeyring(
      w.workspaceId,
      w.hub.getArray(KEY_LIST).toArray(),
      computeRoster(w.workspaceId, w.hub.getArray(ROSTER_LIST).toArray()),
      removed.identity,
    );
    for (const env of envelopes) {
      expect(env.header.epoch).toBe(1);
      expect(openEnvelopeWithAny(env, theirs.opening(env.header.epoch))).toBeNull();
    }
  });
  it("seals every member under the same key after an admin rotates while being demoted: the demoted admin's own key only opens", () => {
    const w = workspace();
    const second = w.join(w.invite('admin'));
    const analyst = w.join(w.invite('analyst'));
    w.sync(); // the creator's upkeep confirms the second admin
    expect(w.admin.workspace.roster.provisional.has(second.workspace.me)).toBe(false);
    // Apart, at the same moment: the creator demotes the second admin (epoch 1, key A) while the
    // second admin demotes the analyst (epoch 1, key B, wrapped for everyone, itself included).
    const at = Date.now();
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, second.workspace.me, 'analyst', at);
    changeRole(second.transport, w.workspaceId, second.identity, analyst.workspace.me, 'observer', at);
    const keyB = keyIdOf(second.workspace.keys.sealing(1)!);
    w.sync();
    w.sync();
    const keyA = keyIdOf(w.admin.workspace.keys.sealing(1)!);
    expect(keyA).not.toBe(keyB);
    // The second admin's entry was concurrent with its demotion: it does not count, its key B is
    // inherited for everyone. Before, its own wrap of B made B vouched for it alone, and whenever
    // B's id sorted lower it sealed under B while everyone else sealed under A.
    for (const c of [w.admin, second, analyst]) {
      expect(c.workspace.roster.members.get(analyst.workspace.me)?.role).toBe('analyst');
      expect(c.workspace.roster.members.get(second.workspace.me)?.role).toBe('analyst');
      expect(c.workspace.currentEpoch()).toBe(1);
      expect(
        c.workspace.keys
          .entries()
          .filter(([epoch]) => epoch === 1)
          .map(([, key]) => keyIdOf(key)),
      ).toEqual([keyA]);
      expect(keyIdOf(c.workspace.keys.sealing(1)!)).toBe(keyA);
      // Everything sealed under B stays readable (S7).
      expect(c.workspace.keys.opening(1).map(keyIdOf)).toContain(keyB);
    }
  });
});

describe('hardening 7: only entitled wraps count as served', () => {
  it("does not take an observer's bogus wrap for a newcomer as served: an admin still wraps the current key for it", () => {
    const w = workspace();
    const observer = w.join(w.invite('observer'));
    const gone = w.join(w.invite('analyst'));
    const seed = w.invite('analyst');
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, gone.workspace.me, Date.now(), {
      revokeOpenInvites: false, // kept on purpose: the default revokes every open invite (F7)
    });
    w.sync(w.admin, observer);
    const newcomer = w.join(seed, { syncAll: false });
    exchange(newcomer.transport, w.hub);
    exchange(w.hub, observer.transport);
    // The observer wraps garbage for the newcomer under the real epoch-1 key id, signed by itself.
    const kid = keyIdOf(observer.workspace.keys.opening(0)[0]!); // any kid will do; use epoch 1's below
    const epoch1Kid = keyIdOf(w.admin.workspace.keys.sealing(1)!);
    expect(kid).not.toBe(epoch1Kid);
    const head = { ws: w.workspaceId, scope: '', epoch: 1, kid: epoch1Kid, to: newcomer.workspace.me };
    const wrapped = wrapKey(
      randomBytes(32),
      `unity-table/v1/epoch-key/${head.ws}/${head.scope}/${head.epoch}/${head.kid}/${head.to}`,
      newcomer.identity.boxPublicKey,
      observer.identity.signSecretKey,
    );
    const bogus = {
      ...head,
      by: observer.workspace.me,
      sealed: toBase64Url(wrapped.sealed),
      sig: toBase64Url(wrapped.signature),
    };
    hostileOf(w.workspaceId, observer).append(KEY_LIST, [utf8(JSON.stringify(bogus))]);
    exchange(observer.transport, w.hub);
    w.sync(w.admin, newcomer);
    expect(newcomer.workspace.currentEpoch()).toBe(1);
  });
});

describe('hardening 13 (roster half): junk', () => {
  it("restores deleted roster and key entries that someone entitled signed, and none of an observer's junk", () => {
    const w = workspace();
    const observer = w.join(w.invite('observer'));
    w.join(w.invite('analyst'));
    const genuineRoster = w.hub.getArray(ROSTER_LIST).length;
    const genuineKeys = w.hub.getArray(KEY_LIST).length;
    const hostile = hostileOf(w.workspaceId, observer);
    const junk = Array.from({ length: 40 }, (_, i) =>
      hostile.signEntry({
        t: 'remove',
        ws: w.workspaceId,
        member: w.admin.workspace.me,
        by: observer.workspace.me,
        at: i,
      }),
    );
    hostile.append(ROSTER_LIST, [...junk, randomBytes(40)]);
    const fakeWrap = {
      ws: w.workspaceId,
      scope: '',
      epoch: 0,
      kid: 'x',
      to: w.admin.workspace.me,
      by: 'y',
      sealed: 'z',
      sig: 'w',
    };
    hostile.append(KEY_LIST, [utf8(JSON.stringify(fakeWrap))]);
    exchange(observer.transport, w.hub);
    exchange(w.hub, w.admin.transport);
    // Now the observer deletes both lists whole.
    hostile.delete(ROSTER_LIST);
    hostile.delete(KEY_LIST);
    exchange(observer.transport, w.hub);
    exchange(w.hub, w.admin.transport);
    w.admin.clock.tick(); // the admin's guard puts back what was deleted
    expect(w.admin.transport.getArray(ROSTER_LIST).length).toBe(genuineRoster);
    expect(w.admin.transport.getArray(KEY_LIST).length).toBe(genuineKeys);
    expect(w.admin.workspace.roster.members.size).toBe(3);
  });

  it('deletes entries forged in an admin’s name, so a client opening later never checks them', () => {
    const w = workspace();
    const observer = w.join(w.invite('observer'));
    const genuine = w.hub.getArray(ROSTER_LIST).length;
    const hostile = hostileOf(w.workspaceId, observer);
    // Signed by the observer, in the admin's name: each costs an honest client a failed signature check.
    const forged = Array.from({ length: 200 }, (_, i) =>
      hostile.signEntry({
        t: 'remove',
        ws: w.workspaceId,
        member: observer.workspace.me,
        epoch: 1,
        by: w.admin.workspace.me,
        at: Date.now() + i,
        prev: [],
      }),
    );
    hostile.append(ROSTER_LIST, forged);
    exchange(observer.transport, w.hub);
    exchange(w.hub, w.admin.transport);
    expect(w.admin.workspace.roster.members.has(observer.workspace.me)).toBe(true);
    w.admin.clock.tick(); // the admin's client deletes what it found forged
    exchange(w.admin.transport, w.hub);
    expect(w.hub.getArray(ROSTER_LIST).length).toBe(genuine);
    // A client opening from that copy later sees the honest entries alone, and the same roster.
    const later = new Y.Doc();
    exchange(w.hub, later);
    expect(later.getArray(ROSTER_LIST).length).toBe(genuine);
    expect([...computeRoster(w.workspaceId, later.getArray(ROSTER_LIST).toArray()).members.keys()].sort()).toEqual(
      [...w.admin.workspace.roster.members.keys()].sort(),
    );
  });
});
