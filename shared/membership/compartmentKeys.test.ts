import { describe, expect, it } from 'vitest';

import { initCrypto, utf8 } from '../crypto';
import { KEY_LIST, openEnvelopeWithAny, parseEnvelope, ROSTER_LIST, sealEnvelope } from '../protocol';
import { hostileOf, hubWorkspace } from '../testkit/hubWorkspace';
import type { TestClient } from '../testkit/workspaces';
import { addToCompartment, createCompartment, removeFromCompartment } from './compartmentKeys';
import {
  compartmentMembers,
  coreCompartmentId,
  createCompartmentAddEntry,
  createCompartmentEntry,
  createCompartmentRemoveEntry,
  openLabel,
  sealLabel,
} from './compartments';
import { createKeyEntry, keyHolders, keyIdOf, openKeyring, parseKeyEntry, WORKSPACE_SCOPE } from './keyLog';
import { changeRole, maintainKeys, removeMember } from './membership';
import type { Role } from './roster';
import { addInvite } from './workspaceSetup';

await initCrypto();

const HOUR = 3_600_000;

/** An admin, a second admin and an analyst; `sheriff` and `police`, partners invited into the releasable `c`. */
function table() {
  const w = hubWorkspace();
  const second = w.join(w.invite('admin'));
  const analyst = w.join(w.invite('analyst'));
  const c = createCompartment(
    w.admin.transport,
    w.workspaceId,
    w.admin.identity,
    { kind: 'releasable', title: 'Webb County SO', members: [] },
    w.now,
  );
  const inviteInto = (role: Role, compartments: string[]) =>
    addInvite(w.admin.transport, w.workspaceId, w.admin.identity, role, w.now + HOUR, w.now, undefined, compartments);
  const sheriff = w.join(inviteInto('partner', [c]));
  const police = w.join(inviteInto('partner', [c]));
  w.sync();
  const ring = (who: TestClient, scope: string) =>
    openKeyring(w.workspaceId, who.transport.getArray(KEY_LIST).toArray(), w.rosterOf(who), who.identity, scope);
  /** Every wrap in `who`'s key log of `scope` and `epoch`, by recipient. */
  const wrapsTo = (who: TestClient, scope: string, epoch?: number) =>
    who.transport
      .getArray(KEY_LIST)
      .toArray()
      .map(parseKeyEntry)
      .filter((e) => e !== null && e.scope === scope && (epoch === undefined || e.epoch === epoch))
      .map((e) => e!.to);
  const id = (who: TestClient) => who.workspace.me;
  return { w, c, second, analyst, sheriff, police, inviteInto, ring, wrapsTo, id };
}

describe('taking a member out of a compartment', () => {
  it('taking a member out of a compartment rotates the key: it reads nothing written there afterwards', () => {
    const { w, c, analyst, sheriff, police, ring, wrapsTo, id } = table();
    expect(ring(sheriff, c).current()).toBe(0);
    expect(removeFromCompartment(w.admin.transport, w.workspaceId, w.admin.identity, c, id(sheriff), w.now)).toBe(1);
    w.sync();
    // The roster: out of the list, the compartment's epoch is the rotation's, the cut recorded.
    const roster = w.rosterOf(analyst);
    expect(compartmentMembers(roster, c).has(id(sheriff))).toBe(false);
    expect(roster.compartments.get(c)!.epoch).toBe(1);
    expect(roster.compartments.get(c)!.wroteUntilEpoch.get(id(sheriff))).toBe(1);
    // The key log: epoch 1 of `c` is wrapped for every remaining member, never for the one taken out.
    const to = wrapsTo(analyst, c, 1);
    for (const m of compartmentMembers(roster, c)) expect(to).toContain(m);
    expect(to).not.toContain(id(sheriff));
    expect(to).toContain(id(police));

    // On a sealed envelope under the new epoch: members open it, the one taken out holds no key that does.
    const key = ring(analyst, c).sealing(1)!;
    const envelope = parseEnvelope(
      sealEnvelope(
        {
          kind: 'update',
          workspaceId: w.workspaceId,
          docId: 'workspace',
          keyScope: c,
          epoch: 1,
          author: analyst.identity.signPublicKey,
          replica: 7,
          seq: 1,
        },
        utf8('written in the compartment after the removal'),
        key,
        analyst.identity.signSecretKey,
      ),
    );
    expect(openEnvelopeWithAny(envelope, ring(police, c).opening(1))).not.toBeNull();
    const theirs = ring(sheriff, c);
    expect(theirs.current()).toBe(0);
    expect(theirs.opening(1)).toEqual([]);
    const everyKey = theirs.entries().flatMap(([epoch]) => theirs.opening(epoch));
    expect(everyKey.length).toBeGreaterThan(0);
    expect(openEnvelopeWithAny(envelope, everyKey)).toBeNull();
  });

  it('a workspace removal rotates every compartment the member was in, in the same step', () => {
    const { w, c, analyst, police, ring, wrapsTo, id } = table();
    const restricted = createCompartment(
      w.admin.transport,
      w.workspaceId,
      w.admin.identity,
      { kind: 'restricted', title: 'Source 7', members: [id(analyst)] },
      w.now,
    );
    w.sync();
    expect(ring(analyst, restricted).current()).toBe(0);
    removeMember(w.admin.transport, w.workspaceId, w.admin.identity, id(analyst), w.now);
    // One transaction: before any sync, the admin's own copy holds the entry's scopes and every wrap.
    const roster = w.rosterOf(w.admin);
    for (const scope of [c, restricted]) {
      expect(roster.compartments.get(scope)!.epoch).toBe(1);
      expect(wrapsTo(w.admin, scope, 1)).not.toContain(id(analyst));
    }
    expect(wrapsTo(w.admin, restricted, 1)).toEqual([id(w.admin)]);
    expect(wrapsTo(w.admin, c, 1)).toContain(id(police));
    expect(wrapsTo(w.admin, WORKSPACE_SCOPE, 1)).not.toContain(id(police)); // the core's new key: core members only
    w.sync();
    expect(ring(analyst, c).opening(1)).toEqual([]);
  });

  it('settles two admins taking two members out of one compartment at once: a rotation neither holds', () => {
    const { w, c, second, analyst, sheriff, police, ring, id } = table();
    // Concurrently: each admin takes one partner out and rotates, not yet seeing the other's move.
    removeFromCompartment(w.admin.transport, w.workspaceId, w.admin.identity, c, id(sheriff), w.now);
    removeFromCompartment(second.transport, w.workspaceId, second.identity, c, id(police), w.now);
    w.sync();
    const current = ring(w.admin, c).current()!;
    expect(current).toBeGreaterThanOrEqual(2);
    expect(ring(second, c).current()).toBe(current);
    expect(ring(analyst, c).current()).toBe(current);
    for (const gone of [sheriff, police]) expect(ring(gone, c).opening(current)).toEqual([]);
    expect(compartmentMembers(w.rosterOf(analyst), c).has(id(sheriff))).toBe(false);
    expect(compartmentMembers(w.rosterOf(analyst), c).has(id(police))).toBe(false);
  });
});

describe('a partner and the core key', () => {
  it('a partner never holds a core key through invite, join or upkeep; a partner invited with compartment C holds its key', () => {
    const { w, c, sheriff, inviteInto, ring, wrapsTo, id } = table();
    // The invite: C's keys, none of the core's.
    const seed = inviteInto('partner', [c]);
    w.sync();
    const inviteId = [...w.rosterOf(w.admin).invites.values()].find((i) => i.compartments.includes(c) && !i.usedBy)!;
    expect(wrapsTo(w.admin, c)).toContain(inviteId.inviteId);
    expect(wrapsTo(w.admin, WORKSPACE_SCOPE)).not.toContain(inviteId.inviteId);
    // The join, and every admin's upkeep since.
    const deputy = w.join(seed);
    w.sync();
    maintainKeys(w.admin.transport, w.workspaceId, w.admin.identity, w.now);
    w.sync();
    for (const partner of [sheriff, deputy]) {
      expect(wrapsTo(w.admin, WORKSPACE_SCOPE)).not.toContain(id(partner));
      expect(ring(partner, WORKSPACE_SCOPE).size).toBe(0);
      expect(ring(partner, c).current()).toBe(0);
      expect(w.rosterOf(partner).compartments.get(c)!.listed.has(id(partner))).toBe(true);
    }
    // A title sealed under C's key opens for its partners.
    const roster = w.rosterOf(sheriff);
    expect(openLabel(w.workspaceId, roster.compartments.get(c)!.label!, ring(sheriff, c).sealing(0)!)?.title).toBe(
      'Webb County SO',
    );
  });

  it('rotates the core away from a partner that holds a core key (made partner, or a wrap from before compartments)', () => {
    const { w, c, analyst, sheriff, ring, id } = table();
    // As before compartments: an admin wrapped the core key for a partner.
    const core = ring(w.admin, WORKSPACE_SCOPE);
    const epoch = core.current()!;
    const member = w.rosterOf(w.admin).members.get(id(sheriff))!;
    w.admin.transport
      .getArray<Uint8Array>(KEY_LIST)
      .push([createKeyEntry(w.workspaceId, epoch, core.sealing(epoch)!, member, w.admin.identity)]);
    w.sync(); // the admin's upkeep sees a partner holding the current core key, and rotates
    const now = ring(w.admin, WORKSPACE_SCOPE).current()!;
    expect(now).toBeGreaterThan(epoch);
    expect(ring(sheriff, WORKSPACE_SCOPE).opening(now)).toEqual([]);
    // An analyst made partner leaves the core and every releasable compartment that does not list it.
    changeRole(w.admin.transport, w.workspaceId, w.admin.identity, id(analyst), 'partner', w.now);
    w.sync();
    const after = ring(w.admin, WORKSPACE_SCOPE).current()!;
    // It left the core as one who loses write rights does: what it sealed there after the change never counts.
    expect(w.rosterOf(w.admin).wroteUntilEpoch.get(id(analyst))).toBe(w.rosterOf(w.admin).epoch);
    expect(w.rosterOf(w.admin).cuts.has(id(analyst))).toBe(true);
    expect(ring(analyst, WORKSPACE_SCOPE).opening(after)).toEqual([]);
    expect(ring(analyst, c).opening(ring(w.admin, c).current()!)).toEqual([]);
    expect(ring(w.admin, c).current()).toBe(1);
  });
});

describe('refusals', () => {
  it('refuses with a sentence: a non-admin, a partner into a restricted compartment, the core, the last admin, an unknown compartment', () => {
    const { w, c, second, analyst, sheriff, id } = table();
    const make = (by: TestClient, kind: 'releasable' | 'restricted', members: string[]) => () =>
      createCompartment(by.transport, w.workspaceId, by.identity, { kind, title: 'x', members }, w.now);
    expect(make(analyst, 'releasable', [])).toThrow('only an admin');
    expect(make(w.admin, 'restricted', [id(sheriff)])).toThrow('a partner cannot be in a restricted compartment');
    expect(make(w.admin, 'releasable', [id(analyst)])).toThrow('list partners only');
    const restricted = make(w.admin, 'restricted', [id(analyst)])();
    const admin = w.admin;
    expect(() =>
      addToCompartment(admin.transport, w.workspaceId, admin.identity, restricted, id(sheriff), w.now),
    ).toThrow('a partner cannot be in a restricted compartment');
    const core = coreCompartmentId(w.workspaceId);
    expect(() => addToCompartment(admin.transport, w.workspaceId, admin.identity, core, id(sheriff), w.now)).toThrow(
      'change the role instead',
    );
    expect(() =>
      removeFromCompartment(admin.transport, w.workspaceId, admin.identity, restricted, id(admin), w.now),
    ).toThrow('the last admin in this restricted compartment');
    expect(() =>
      removeFromCompartment(admin.transport, w.workspaceId, admin.identity, 'nope', id(sheriff), w.now),
    ).toThrow('no such compartment');
    expect(() => removeFromCompartment(admin.transport, w.workspaceId, admin.identity, c, id(second), w.now)).toThrow(
      'change its role',
    );
    expect(() =>
      addInvite(admin.transport, w.workspaceId, admin.identity, 'partner', w.now + HOUR, w.now, undefined, [
        restricted,
      ]),
    ).toThrow('a partner cannot be in a restricted compartment');
  });
});

describe('hostile members', () => {
  it("an analyst's and a partner's compartment entries and key wraps count for nothing", () => {
    const { w, c, analyst, sheriff, police, ring, id } = table();
    removeFromCompartment(w.admin.transport, w.workspaceId, w.admin.identity, c, id(police), w.now);
    w.sync();
    const before = JSON.stringify([...w.rosterOf(w.admin).compartments.keys()].sort());
    for (const who of [analyst, sheriff]) {
      const h = hostileOf(w.workspaceId, who);
      const heads = h.roster().heads;
      const label = sealLabel(w.workspaceId, ring(who, c).sealing(1)!, 1, { title: 'x', marking: 'TLP:CLEAR' });
      h.append(ROSTER_LIST, [
        createCompartmentEntry(
          w.workspaceId,
          who.identity,
          'releasable',
          [id(police)],
          { ...label, epoch: 0 },
          w.now,
          heads,
        ),
        createCompartmentAddEntry(w.workspaceId, who.identity, c, id(police), w.now, heads),
        createCompartmentRemoveEntry(w.workspaceId, who.identity, c, id(sheriff), 9, w.now, { prev: heads }),
      ]);
      // It wraps the compartment's current key for the partner taken out of it.
      const outsider = h.roster().members.get(id(police))!;
      h.append(KEY_LIST, [createKeyEntry(w.workspaceId, 1, ring(who, c).sealing(1)!, outsider, who.identity, c)]);
    }
    w.sync();
    const roster = w.rosterOf(w.admin);
    expect(JSON.stringify([...roster.compartments.keys()].sort())).toBe(before);
    expect(compartmentMembers(roster, c).has(id(police))).toBe(false);
    expect(compartmentMembers(roster, c).has(id(sheriff))).toBe(true);
    expect(roster.compartments.get(c)!.epoch).toBe(1);
    // The wraps open for nobody and serve nobody: the partner still holds no key of epoch 1.
    expect(ring(police, c).opening(1)).toEqual([]);
    const holders = keyHolders(w.workspaceId, w.admin.transport.getArray(KEY_LIST).toArray(), roster, c);
    const current = ring(w.admin, c).opening(1).map(keyIdOf);
    expect(current.length).toBeGreaterThan(0);
    for (const kid of current) expect(holders.get(kid)?.has(id(police))).toBe(false);
  });
});
