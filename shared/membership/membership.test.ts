import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto, memberIdOf } from '../crypto';
import { computeRoster } from './computeRoster';
import { openEnvelopeWithAny, parseEnvelope } from '../protocol/envelope';
import { openKeyring } from './keyLog';
import { changeRole, removeMember } from './membership';
import { createRemoveEntry } from './roster';
import { exchange, joinByInvite, sealUpdateAs, testClient } from '../testkit/workspaces';
import type { TestClient } from '../testkit/workspaces';
import { docListName, KEY_LIST, ROSTER_LIST } from '../protocol/transportLayout';
import { addInvite, completeJoin, createWorkspaceTransport } from './workspaceSetup';

await initCrypto();

/** An admin and `roles.length` members, every transport in step through a hub. */
function table(...roles: Array<'admin' | 'analyst' | 'lead'>) {
  const adminId = generateIdentity();
  const adminTransport = new Y.Doc();
  const workspaceId = createWorkspaceTransport(adminTransport, adminId, Date.now());
  const clients: TestClient[] = [testClient(workspaceId, adminTransport, adminId)];
  for (const role of roles) {
    const { transport, identity } = joinByInvite(adminTransport, workspaceId, adminId, role);
    clients.push(testClient(workspaceId, transport, identity));
  }
  const hub = new Y.Doc();
  const syncAll = () => {
    for (let round = 0; round < 3; round++) {
      for (const c of clients) {
        c.clock.tick();
        exchange(c.transport, hub);
      }
    }
  };
  syncAll();
  return { workspaceId, clients, hub, syncAll };
}

const orgs = (c: TestClient) => c.workspace.document('workspace').getMap('orgs').toJSON();

describe('removal and rotation (S4)', () => {
  it('leaves the removed member unable to read anything written afterwards', () => {
    const { workspaceId, clients, hub, syncAll } = table('analyst', 'analyst');
    const [admin, stays, removed] = clients as [TestClient, TestClient, TestClient];
    expect(removeMember(admin.transport, workspaceId, admin.identity, removed.workspace.me, Date.now())).toBe(1);
    syncAll();
    expect(stays.workspace.currentEpoch()).toBe(1);
    expect(removed.workspace.keys.current()).toBe(0);
    // It holds no key of the roster's epoch, so it seals nothing more (hardening item 6).
    expect(removed.workspace.currentEpoch()).toBeNull();

    stays.workspace.document('workspace').getMap('orgs').set('after', 'written after the removal');
    syncAll();
    expect(orgs(admin)).toEqual({ after: 'written after the removal' });
    expect(orgs(removed)).toEqual({});

    // On the stored envelopes themselves: no key the removed member holds opens any of them.
    const theirKeys = openKeyring(
      workspaceId,
      hub.getArray(KEY_LIST).toArray(),
      computeRoster(workspaceId, hub.getArray(ROSTER_LIST).toArray()),
      removed.identity,
    );
    const envelopes = hub.getArray<Uint8Array>(docListName('workspace')).toArray().map(parseEnvelope);
    expect(envelopes.length).toBeGreaterThan(0);
    for (const env of envelopes) {
      expect(env.header.epoch).toBe(1);
      expect(openEnvelopeWithAny(env, theirKeys.opening(env.header.epoch))).toBeNull();
    }
  });

  it("ignores the removed member's later edits everywhere", () => {
    const { workspaceId, clients, syncAll } = table('analyst');
    const [admin, removed] = clients as [TestClient, TestClient];
    removeMember(admin.transport, workspaceId, admin.identity, removed.workspace.me, Date.now());
    syncAll();
    removed.workspace.document('workspace').getMap('orgs').set('late', 'from a removed member');
    syncAll();
    expect(orgs(admin)).toEqual({});
    // Its own client does not send it (and the relay would refuse its connection anyway)…
    expect(removed.reports.map((r) => r.code)).toContain('read-only');
    // …and one sealed under the new epoch by a modified client is refused by everyone.
    // The worst case: it got hold of the new key.
    const forged = sealUpdateAs(
      removed.identity,
      admin.workspace.keys.sealing(1)!,
      { workspaceId, epoch: 1, replica: 9 },
      [Y.encodeStateAsUpdate(new Y.Doc())],
    );
    admin.transport.getArray<Uint8Array>(docListName('workspace')).push([forged]);
    expect(admin.reports.map((r) => r.code)).toContain('unknown-author');
  });

  it('keeps what a member wrote before removal or demotion: for newcomers and after a restart too', () => {
    const { workspaceId, clients, hub, syncAll } = table('analyst', 'analyst');
    const [admin, leaving, demoted] = clients as [TestClient, TestClient, TestClient];
    leaving.workspace.document('workspace').getMap('orgs').set('a', 'by the member later removed');
    demoted.workspace.document('workspace').getMap('orgs').set('b', 'by the member later made observer');
    syncAll();
    removeMember(admin.transport, workspaceId, admin.identity, leaving.workspace.me, Date.now());
    changeRole(admin.transport, workspaceId, admin.identity, demoted.workspace.me, 'observer', Date.now());
    syncAll();

    // A restart: a fresh client on a copy of everything the relay holds.
    const restarted = new Y.Doc();
    Y.applyUpdate(restarted, Y.encodeStateAsUpdate(hub));
    const again = testClient(workspaceId, restarted, admin.identity);
    expect(orgs(again)).toEqual({ a: 'by the member later removed', b: 'by the member later made observer' });
    expect(again.reports).toEqual([]);

    // A newcomer who joins afterwards reads them too.
    const { transport, identity } = joinByInvite(admin.transport, workspaceId, admin.identity, 'analyst');
    exchange(transport, hub);
    const newcomer = testClient(workspaceId, transport, identity);
    expect(orgs(newcomer)).toEqual({ a: 'by the member later removed', b: 'by the member later made observer' });
  });

  it('settles two admins removing two members at once: a third rotation neither of them holds', () => {
    const { workspaceId, clients, syncAll } = table('admin', 'analyst', 'analyst');
    const [a1, a2, x, y] = clients as [TestClient, TestClient, TestClient, TestClient];
    // Concurrently: each admin removes one member and rotates, not yet seeing the other's move.
    removeMember(a1.transport, workspaceId, a1.identity, x.workspace.me, Date.now());
    removeMember(a2.transport, workspaceId, a2.identity, y.workspace.me, Date.now());
    syncAll();
    const current = a1.workspace.currentEpoch()!;
    expect(current).toBeGreaterThanOrEqual(2);
    expect(a2.workspace.currentEpoch()).toBe(current);
    for (const gone of [x, y]) expect(gone.workspace.keys.opening(current)).toEqual([]);
    a2.workspace.document('workspace').getMap('orgs').set('k', 'after both removals');
    syncAll();
    expect(orgs(a1)).toEqual({ k: 'after both removals' });
    expect(orgs(x)).toEqual({});
    expect(orgs(y)).toEqual({});
  });

  it('serves a member who joins with an invite made before a rotation (no "unable to decrypt")', () => {
    const { workspaceId, clients, syncAll } = table('analyst');
    const [admin, other] = clients as [TestClient, TestClient];
    const seed = addInvite(admin.transport, workspaceId, admin.identity, 'analyst', Date.now() + 60_000, Date.now());
    removeMember(admin.transport, workspaceId, admin.identity, other.workspace.me, Date.now(), {
      revokeOpenInvites: false, // kept on purpose: the default revokes every open invite (F7)
    });
    syncAll();
    const late = new Y.Doc();
    exchange(admin.transport, late);
    const lateId = generateIdentity();
    completeJoin(late, workspaceId, seed, lateId, Date.now());
    const newcomer = testClient(workspaceId, late, lateId);
    clients.push(newcomer);
    syncAll(); // the admin's key upkeep wraps epoch 1 for the newcomer
    expect(newcomer.workspace.currentEpoch()).toBe(1);
    admin.workspace.document('workspace').getMap('orgs').set('k', 'for the newcomer');
    syncAll();
    expect(orgs(newcomer)).toEqual({ k: 'for the newcomer' });
  });
});

describe('roles and authority', () => {
  it('makes a demoted analyst an observer whose edits everyone refuses', () => {
    const { workspaceId, clients, syncAll } = table('analyst');
    const [admin, analyst] = clients as [TestClient, TestClient];
    changeRole(admin.transport, workspaceId, admin.identity, analyst.workspace.me, 'observer', Date.now());
    syncAll();
    expect(analyst.workspace.roster.members.get(analyst.workspace.me)?.role).toBe('observer');
    analyst.workspace.document('workspace').getMap('orgs').set('k', 'v');
    syncAll();
    expect(orgs(admin)).toEqual({});
    expect(analyst.reports.map((r) => r.code)).toEqual(['read-only']);
  });

  it('ignores a roster change signed by a non-admin', () => {
    const { workspaceId, clients, syncAll } = table('analyst');
    const [admin, analyst] = clients as [TestClient, TestClient];
    const forged = createRemoveEntry(workspaceId, analyst.identity, admin.workspace.me, 9, Date.now());
    analyst.transport.getArray<Uint8Array>(ROSTER_LIST).push([forged]);
    syncAll();
    expect(admin.workspace.roster.members.has(admin.workspace.me)).toBe(true);
    expect(() =>
      changeRole(analyst.transport, workspaceId, analyst.identity, admin.workspace.me, 'observer', Date.now()),
    ).toThrow(/only an admin/);
  });

  it('refuses an expired invite and a used one, each with a message', () => {
    const adminId = generateIdentity();
    const t = new Y.Doc();
    const workspaceId = createWorkspaceTransport(t, adminId, Date.now());
    const expired = addInvite(t, workspaceId, adminId, 'analyst', Date.now() - 1, Date.now() - 60_000);
    expect(() => completeJoin(t, workspaceId, expired, generateIdentity(), Date.now())).toThrow(/expired/);
    const once = addInvite(t, workspaceId, adminId, 'analyst', Date.now() + 60_000, Date.now());
    completeJoin(t, workspaceId, once, generateIdentity(), Date.now());
    expect(() => completeJoin(t, workspaceId, once, generateIdentity(), Date.now())).toThrow(/already been used/);
    expect(computeRoster(workspaceId, t.getArray(ROSTER_LIST).toArray()).members.size).toBe(2);
  });

  it('will not remove or demote the last admin', () => {
    const { workspaceId, clients } = table('analyst');
    const [admin] = clients as [TestClient];
    expect(() =>
      removeMember(admin.transport, workspaceId, admin.identity, memberIdOf(admin.identity), Date.now()),
    ).toThrow(/last admin/);
    expect(() =>
      changeRole(admin.transport, workspaceId, admin.identity, admin.workspace.me, 'lead', Date.now()),
    ).toThrow(/last admin/);
  });
});
