import * as prng from 'lib0/prng';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';

import { identityFromSeed, initCrypto, toBase64Url, utf8, wrapKey } from '../crypto';
import { HostileClient } from '../testkit/HostileClient';
import { withSeededRandom } from '../testkit/seededRandom';
import { addToCompartment, createCompartment, removeFromCompartment } from './compartmentKeys';
import {
  compartmentMembers,
  createCompartmentAddEntry,
  createCompartmentEntry,
  createCompartmentLabelEntry,
  createCompartmentRemoveEntry,
  sealLabel,
} from './compartments';
import { computeRoster } from './computeRoster';
import { createKeyEntry, keyIdOf, openKeyring } from './keyLog';
import { changeRole, removeMember, revokeInvite } from './membership';
import { createInviteEntry, createJoinEntry, createRemoveEntry, createRevokeEntry, createRoleEntry } from './roster';
import type { Role, Roster } from './roster';
import { exchange, testClient } from '../testkit/workspaces';
import type { TestClient } from '../testkit/workspaces';
import { KEY_LIST, ROSTER_LIST } from '../protocol/transportLayout';
import { addInvite, completeJoin, createWorkspaceTransport } from './workspaceSetup';

await initCrypto();

const HOUR = 3_600_000;
const NON_ADMIN: Role[] = ['lead', 'analyst', 'partner', 'observer'];

/**
 * Items 4–7 and 13 (membership) as one property: honest admins and members, and one hostile
 * member of a random role doing random attacks from a menu — second joins of used invites,
 * backdated and stale-parent entries, revokes, bogus wraps, junk, deletions — under random
 * partitions. Once everyone reconnects, honest members agree on the roster and the current key,
 * everyone is served that key, and nothing the hostile member may not do counts.
 * Replay one run with SEED=<n> (the seed is printed on failure).
 */
function run(seed: number): void {
  // What the code under test draws itself — the genesis nonce (hence the workspace id and every
  // entry's bytes, which break ties), rotation keys (whose ids pick the sealing key), replicas —
  // comes from a stream of its own, so the scenario a seed draws from `gen` stays what it was.
  withSeededRandom(seed ^ 0x5eed5, () => play(seed));
}

function play(seed: number): void {
  const gen = prng.create(seed);
  // Every identity, Yjs client id and time comes from the seed too, and the clock stands still at
  // a fixed moment (every entry's bytes hold times, which break ties), so a run replays exactly.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.UTC(2026, 0, 1));
  const now = Date.now();
  const ident = () => identityFromSeed(prng.uint8Array(gen, 32));
  const doc = () => {
    const d = new Y.Doc();
    d.clientID = prng.uint32(gen, 1, 2 ** 31);
    return d;
  };
  const hub = doc();
  const creator = ident();
  const t0 = doc();
  const workspaceId = createWorkspaceTransport(t0, creator, now);
  const honest: TestClient[] = [testClient(workspaceId, t0, creator)];
  const tokens: Uint8Array[] = [];
  const sync = (who: TestClient[]) => {
    for (let r = 0; r < 3; r++)
      for (const c of who) {
        c.clock.tick();
        exchange(c.transport, hub);
      }
  };
  const joinAs = (role: Role): TestClient => {
    const admin = honest[0]!;
    const seedBytes = addInvite(
      admin.transport,
      workspaceId,
      admin.identity,
      role,
      now + HOUR,
      now,
      prng.uint8Array(gen, 32),
    );
    tokens.push(seedBytes);
    sync([admin]);
    const t = doc();
    exchange(hub, t);
    const id = ident();
    completeJoin(t, workspaceId, seedBytes, id, now);
    const c = testClient(workspaceId, t, id);
    exchange(t, hub);
    sync([admin, c]);
    return c;
  };
  const honestCount = prng.int32(gen, 1, 3);
  for (let i = 0; i < honestCount; i++) honest.push(joinAs(prng.oneOf(gen, ['admin', ...NON_ADMIN] as Role[])));
  const hostileRole = prng.oneOf(gen, NON_ADMIN);
  const h = joinAs(hostileRole);
  const hostile = new HostileClient(workspaceId, h.identity, h.transport);
  sync([...honest, h]);
  // Tokens the hostile member saw (all of them: it was handed the used ones, and some spare ones).
  for (let i = prng.int32(gen, 0, 2); i > 0; i--) {
    const admin = honest[0]!;
    tokens.push(
      addInvite(
        admin.transport,
        workspaceId,
        admin.identity,
        prng.oneOf(gen, ['admin', 'analyst'] as Role[]),
        now + HOUR,
        now,
        prng.uint8Array(gen, 32),
      ),
    );
  }
  // Two compartments (ADR 0012): `shared`, which honest admins add partners to and take them out of,
  // and `kept`, which only the hostile member's entries touch — so it must stay as it was made.
  const first = honest[0]!;
  const compartment = (title: string) =>
    createCompartment(first.transport, workspaceId, first.identity, { kind: 'releasable', title, members: [] }, now);
  const shared = compartment('Webb County SO');
  const kept = compartment('Laredo PD');
  const keptLabel = computeRoster(workspaceId, first.transport.getArray(ROSTER_LIST).toArray(), now).compartments.get(
    kept,
  )!.label;
  const everyone = [...honest, h];
  sync(everyone); // else a removal of their maker concurrent with them would void them (ADR 0007)
  const online = everyone.map(() => true);
  // Keys the hostile member joined with: through a spare token such a join may count (an invite is an
  // invite); through a used one it must never evict the member who used it (checked below).
  const friends = new Set<string>();
  const fresh = () => {
    const id = ident();
    friends.add(toBase64Url(id.signPublicKey));
    return id;
  };

  const steps = prng.int32(gen, 20, 45);
  for (let step = 0; step < steps; step++) {
    const at = now + step * 1000;
    const r = hostile.roster();
    const members = [...r.members.keys()].sort();
    if (members.length === 0) members.push(h.workspace.me);
    const someone = () => prng.oneOf(gen, members);
    const heads = prng.bool(gen) ? r.heads : undefined; // stale or no parents at all
    const early = now - prng.int32(gen, 1, 10) * HOUR;
    switch (prng.int32(gen, 0, 16)) {
      case 0: // a second join of some invite, backdated, with a fresh key
        hostile.append(ROSTER_LIST, [
          createJoinEntry(
            workspaceId,
            identityFromSeed(prng.oneOf(gen, tokens)),
            fresh(),
            early,
            heads ? { prev: heads } : {},
          ),
        ]);
        break;
      case 1: {
        // a join through a spare token with a friend's key (may legitimately count: an invite is an invite)
        const friend = fresh();
        hostile.append(ROSTER_LIST, [
          createJoinEntry(
            workspaceId,
            identityFromSeed(prng.oneOf(gen, tokens)),
            friend,
            at,
            heads ? { prev: heads } : {},
          ),
        ]);
        break;
      }
      case 2: // admin entries signed by itself, backdated
        hostile.append(ROSTER_LIST, [
          prng.bool(gen)
            ? createRemoveEntry(workspaceId, h.identity, someone(), 9, early, heads ? { prev: heads } : {})
            : createRoleEntry(workspaceId, h.identity, h.workspace.me, 'admin', 9, early, heads ? { prev: heads } : {}),
          createInviteEntry(workspaceId, h.identity, ident(), 'admin', now + HOUR, early, heads ? { prev: heads } : {}),
        ]);
        break;
      case 3: // a revoke of some invite, signed by itself
        hostile.append(ROSTER_LIST, [
          createRevokeEntry(
            workspaceId,
            h.identity,
            toBase64Url(identityFromSeed(prng.oneOf(gen, tokens)).signPublicKey),
            early,
            r.heads,
          ),
        ]);
        break;
      case 4: {
        // a bogus wrap of the current key id for some member
        const current = honest[0]!.workspace.keys.current();
        const key = current === null ? undefined : honest[0]!.workspace.keys.sealing(current);
        if (!key || current === null) break;
        const to = someone();
        const m = r.members.get(to);
        if (!m) break;
        const head = { ws: workspaceId, scope: '', epoch: current, kid: keyIdOf(key), to };
        const w = wrapKey(
          prng.uint8Array(gen, 32),
          `unity-table/v1/epoch-key/${workspaceId}//${current}/${head.kid}/${to}`,
          m.boxPublicKey,
          h.identity.signSecretKey,
        );
        hostile.append(KEY_LIST, [
          utf8(
            JSON.stringify({
              ...head,
              by: h.workspace.me,
              sealed: toBase64Url(w.sealed),
              sig: toBase64Url(w.signature),
            }),
          ),
        ]);
        break;
      }
      case 5: // junk
        hostile.append(ROSTER_LIST, [
          prng.uint8Array(gen, prng.int32(gen, 1, 64)),
          hostile.signEntry({ t: 'remove', ws: workspaceId, member: someone(), by: h.workspace.me, at: early }),
        ]);
        break;
      case 6: // deletions
        hostile.delete(prng.bool(gen) ? ROSTER_LIST : KEY_LIST);
        break;
      case 7:
      case 8: {
        // an honest admin acts
        const admins = honest.filter((c) => c.workspace.roster.members.get(c.workspace.me)?.role === 'admin');
        if (admins.length === 0) break;
        const a = prng.oneOf(gen, admins);
        const target = prng.oneOf(gen, [...a.workspace.roster.members.keys()].sort());
        try {
          const what = prng.int32(gen, 0, 3);
          if (what === 0)
            removeMember(a.transport, workspaceId, a.identity, target, at, {
              revokeOpenInvites: prng.bool(gen),
            });
          else if (what === 1) changeRole(a.transport, workspaceId, a.identity, target, prng.oneOf(gen, NON_ADMIN), at);
          else if (what === 2)
            tokens.push(
              addInvite(a.transport, workspaceId, a.identity, 'analyst', now + HOUR, at, prng.uint8Array(gen, 32)),
            );
          else {
            const open = [...a.workspace.roster.invites.keys()].sort();
            if (open.length > 0) revokeInvite(a.transport, workspaceId, a.identity, prng.oneOf(gen, open), at);
          }
        } catch {
          // the last admin, an unconfirmed admin, nothing to revoke: refused with a sentence, as in the app
        }
        break;
      }
      case 9:
        online[prng.int32(gen, 0, everyone.length - 1)] = prng.bool(gen);
        break;
      case 14: {
        // compartment entries signed by itself: a compartment, an add (of itself), a remove, a label, a wrap
        const target = prng.oneOf(gen, [shared, kept]);
        const prev = heads ?? r.heads;
        const label = sealLabel(workspaceId, prng.uint8Array(gen, 32), 0, { title: 'x', marking: 'TLP:CLEAR' });
        hostile.append(ROSTER_LIST, [
          createCompartmentEntry(workspaceId, h.identity, 'releasable', [h.workspace.me], label, early, prev),
          createCompartmentAddEntry(
            workspaceId,
            h.identity,
            target,
            prng.bool(gen) ? h.workspace.me : someone(),
            at,
            prev,
          ),
          createCompartmentRemoveEntry(workspaceId, h.identity, target, someone(), prng.int32(gen, 1, 9), early, {
            prev,
          }),
          createCompartmentLabelEntry(workspaceId, h.identity, target, label, at, prev),
        ]);
        const to = r.members.get(someone());
        if (to)
          hostile.append(KEY_LIST, [createKeyEntry(workspaceId, 0, prng.uint8Array(gen, 32), to, h.identity, target)]);
        break;
      }
      case 15:
      case 16: {
        // an honest admin puts a partner into `shared`, or takes someone listed out (which rotates it)
        const admins = honest.filter((c) => c.workspace.roster.members.get(c.workspace.me)?.role === 'admin');
        if (admins.length === 0) break;
        const a = prng.oneOf(gen, admins);
        const roster = a.workspace.roster;
        const partners = [...roster.members.values()].filter((m) => m.role === 'partner').map((m) => m.memberId);
        const listed = [...(roster.compartments.get(shared)?.listed ?? [])].sort();
        try {
          if (prng.bool(gen) && partners.length > 0)
            addToCompartment(a.transport, workspaceId, a.identity, shared, prng.oneOf(gen, partners.sort()), at);
          else if (listed.length > 0)
            removeFromCompartment(a.transport, workspaceId, a.identity, shared, prng.oneOf(gen, listed), at);
        } catch {
          // already in it, not confirmed yet: refused with a sentence, as in the app
        }
        break;
      }
      default:
        for (const [k, c] of everyone.entries()) {
          if (!online[k]) continue;
          c.clock.tick();
          exchange(c.transport, hub);
        }
    }
  }
  sync(everyone);
  sync(everyone);

  const views = honest.map((c) => c.workspace.roster);
  const summary = (roster: Roster) =>
    JSON.stringify({
      members: [...roster.members.values()].map((m) => `${m.memberId}:${m.role}`).sort(),
      removed: [...roster.removed.keys()].sort(),
      epoch: roster.epoch,
      invites: [...roster.invites.values()].map((i) => `${i.inviteId}:${i.usedBy}:${i.confirmedBy}`).sort(),
      compartments: [...roster.compartments.values()]
        .map(
          (c) => `${c.compartmentId}:${c.epoch}:${[...compartmentMembers(roster, c.compartmentId)].sort().join(',')}`,
        )
        .sort(),
    });
  for (const v of views) expect(summary(v)).toBe(summary(views[0]!));
  const roster = views[0]!;
  const admins = [...roster.members.values()].filter((m) => m.role === 'admin');

  // Nothing the hostile member may not do counts (it never was an admin).
  const allowed = new Set([...honest.map((c) => c.workspace.me), h.workspace.me, ...friends]);
  for (const id of roster.members.keys()) expect(allowed.has(id)).toBe(true);
  for (const gone of roster.removed.values()) expect(gone.removedBy).not.toBe(h.workspace.me);
  for (const i of [...roster.invites.values(), ...roster.revokedInvites.values()])
    expect(i.createdBy).not.toBe(h.workspace.me);
  for (const i of roster.revokedInvites.values()) expect(i.revokedBy).not.toBe(h.workspace.me);
  expect(roster.members.get(h.workspace.me)?.role ?? hostileRole).not.toBe('admin');
  // Every honest member still in the roster joined with its own invite and was never evicted by a second join.
  for (const c of honest)
    if (!roster.removed.has(c.workspace.me)) expect(roster.members.has(c.workspace.me)).toBe(true);

  // No compartment entry of the hostile member counts: it made none, and `kept` is as it was made.
  for (const c of roster.compartments.values()) expect(c.createdBy).not.toBe(h.workspace.me);
  expect(roster.compartments.get(kept)?.listed.size).toBe(0);
  expect(roster.compartments.get(kept)?.label).toEqual(keptLabel);

  // With an honest admin online, every honest member is served the current key (bogus wraps notwithstanding),
  // of the core and of `shared`, and no honest member outside `shared` holds that one.
  if (admins.some((a) => honest.some((c) => c.workspace.me === a.memberId))) {
    const ringOf = (c: TestClient) =>
      openKeyring(workspaceId, c.transport.getArray(KEY_LIST).toArray(), roster, c.identity, shared);
    const inShared = compartmentMembers(roster, shared);
    const sharedEpochs = honest.filter((c) => inShared.has(c.workspace.me)).map((c) => ringOf(c).current());
    // Upkeep may have rotated past the roster's epoch in the key log alone (a leaked wrap): all hold the same one.
    for (const e of sharedEpochs) expect(e).toBe(sharedEpochs[0]);
    const sharedNow = sharedEpochs[0] ?? roster.compartments.get(shared)!.epoch;
    expect(sharedNow).toBeGreaterThanOrEqual(roster.compartments.get(shared)!.epoch);
    for (const c of honest)
      if (!inShared.has(c.workspace.me)) expect(ringOf(c).current() ?? -1).toBeLessThan(sharedNow);
    const inRoster = honest.filter(
      (c) => roster.members.has(c.workspace.me) && roster.members.get(c.workspace.me)!.role !== 'partner',
    );
    const epochs = inRoster.map((c) => c.workspace.currentEpoch());
    for (const e of epochs) expect(e).not.toBeNull();
    for (const e of epochs) expect(e).toBe(epochs[0]);
    // A partner never holds the current core key, through invite, join or upkeep (one made partner keeps older ones).
    for (const c of honest)
      if (roster.members.get(c.workspace.me)?.role === 'partner')
        expect(c.workspace.keys.current() ?? -1).toBeLessThan(epochs[0]!);
    const kids = inRoster.map((c) => keyIdOf(c.workspace.keys.sealing(epochs[0]!)!));
    for (const k of kids) expect(k).toBe(kids[0]);
  }
}

describe('membership under a hostile member and random partitions (items 4–7, 13)', () => {
  const fixed = process.env['SEED'];
  const runs = Number(process.env['MEMBERSHIP_RUNS'] ?? 12);
  const seeds = fixed ? [Number(fixed)] : Array.from({ length: runs }, (_, i) => (Date.now() + i * 7919) % 2 ** 31);
  it(
    'honest members agree, and count nothing a hostile member may not do, in every random run',
    { timeout: 120_000 },
    () => {
      for (const seed of seeds) {
        try {
          run(seed);
        } catch (e) {
          console.error(
            `membership property failed with SEED=${seed} (replay: SEED=${seed} npx vitest run shared/membership/membershipProperty.test.ts)`,
          );
          throw e;
        } finally {
          vi.useRealTimers();
        }
      }
    },
  );
});
