import type * as Y from 'yjs';

import { generateSymmetricKey, memberIdOf, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { KEY_LIST, LOCAL_ORIGIN, ROSTER_LIST } from '../protocol';
import { compartmentMembers, coreCompartmentId, scopeOf } from './compartments';
import { computeRoster } from './computeRoster';
import { inKeyReach } from './epochReach';
import { autoConfirmable } from './inviteMadeAt';
import { createKeyEntry, keyHolders, keyIdOf, openKeyring, requiredEpoch, scopeEpoch } from './keyLog';
import { createConfirmEntry } from './roster';
import type { Compartment, Roster } from './roster';

/**
 * What an admin's client does whenever membership changes (any admin; doing it twice is harmless):
 * - confirm the one join of each invite that has one (ADR 0007), unless the invite was made before
 *   a removal: a person confirms that one (F7);
 * - for the core and each compartment (ADR 0012 §3, "Key upkeep per scope"): if anyone outside its
 *   members holds a wrap of its current key (two admins removed two members at once, each rotating
 *   for a roster that still had the other; a member who became a partner), or the roster requires
 *   an epoch this admin holds no vouched key of, rotate again, for its members only;
 * - otherwise wrap every key of it this admin holds for every member of it who lacks it (a member
 *   who joined with an invite made before a rotation, a newcomer to a releasable compartment, so
 *   nobody meets "unable to decrypt" — S7).
 * Returns what it did, for logs and tests: `rotatedTo` is the core's, `rotated` every scope's.
 */
export function maintainKeys(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  now: number = Date.now(),
): { rotatedTo: number | null; wrapped: number; confirmed: number; rotated: Record<string, number> } {
  const rosterEntries = transport.getArray(ROSTER_LIST).toArray();
  const roster = computeRoster(workspaceId, rosterEntries, now);
  const me = memberIdOf(admin);
  const done = { rotatedTo: null as number | null, wrapped: 0, confirmed: 0, rotated: {} as Record<string, number> };
  if (roster.members.get(me)?.role !== 'admin' || roster.provisional.has(me)) return done;
  // The one join an invite has is its use for good (ADR 0007): a later claim can no longer evict it.
  // A contested invite (two joins) waits for a person to choose, and an expired one for nobody; so
  // does one made before a removal, whose token the removed member may hold (F7).
  const confirms = [...roster.invites.values()]
    .filter((i) => i.confirmedBy === null && i.usedBy !== null && i.claims.length === 1 && now <= i.expiresAt)
    .filter((i) => autoConfirmable(workspaceId, rosterEntries, roster, i.inviteId))
    .map((i) => createConfirmEntry(workspaceId, admin, i.inviteId, i.usedBy!, now, roster.heads));
  if (confirms.length > 0)
    transport.transact(() => transport.getArray<Uint8Array>(ROSTER_LIST).push(confirms), LOCAL_ORIGIN);
  done.confirmed = confirms.length;
  const entries = transport.getArray(KEY_LIST).toArray();
  const core = coreCompartmentId(workspaceId);
  for (const c of roster.compartments.values()) {
    const { rotatedTo, wrapped } = upkeepScope(transport, workspaceId, admin, roster, entries, c);
    done.wrapped += wrapped;
    if (rotatedTo === null) continue;
    done.rotated[c.compartmentId] = rotatedTo;
    if (c.compartmentId === core) done.rotatedTo = rotatedTo;
  }
  return done;
}

/** Whether `to` (a member, a removed member or an invite) may hold the keys of `c`. */
function entitledTo(roster: Roster, c: Compartment, members: Set<string>, to: string): boolean {
  if (members.has(to)) return true;
  const invite = roster.invites.get(to);
  if (!invite) return false;
  if (c.kind === 'core') return invite.role !== 'partner';
  const named = invite.compartments.includes(c.compartmentId);
  return c.kind === 'releasable' ? invite.role !== 'partner' || named : named && invite.role !== 'partner';
}

function upkeepScope(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  roster: Roster,
  entries: unknown[],
  c: Compartment,
): { rotatedTo: number | null; wrapped: number } {
  const scope = scopeOf(workspaceId, c.compartmentId);
  const members = compartmentMembers(roster, c.compartmentId);
  const keyring = openKeyring(workspaceId, entries, roster, admin, scope);
  try {
    const current = keyring.current();
    // An admin outside a restricted compartment holds none of its keys: a member admin serves it.
    if (current === null) return { rotatedTo: null, wrapped: 0 };
    // Who holds a key counts a former admin's wraps too (they still open); who is served does not (S7).
    const holders = keyHolders(workspaceId, entries, roster, scope, true);
    const served = keyHolders(workspaceId, entries, roster, scope);
    const leaked = keyring
      .opening(current)
      .some((key) => [...(holders.get(keyIdOf(key)) ?? [])].some((to) => !entitledTo(roster, c, members, to)));
    // The roster requires an epoch this admin holds no vouched key of (the admin who rotated to it was
    // removed or demoted since, so its wraps only open): nobody may seal until someone rotates again.
    const required = requiredEpoch(workspaceId, entries, roster, current, scope);
    const recipients = [...members].map((m) => roster.members.get(m)!);
    if (leaked || current < required) {
      // A fresh epoch for the members as they stand; never one out of reach (F5), which would count
      // for nobody and be drawn again at every upkeep.
      const epoch = Math.max(current, required) + 1;
      if (!inKeyReach(epoch, scopeEpoch(roster, scope))) return { rotatedTo: null, wrapped: 0 };
      const key = generateSymmetricKey();
      transport.transact(() => {
        transport
          .getArray<Uint8Array>(KEY_LIST)
          .push(recipients.map((m) => createKeyEntry(workspaceId, epoch, key, m, admin, scope)));
      }, LOCAL_ORIGIN);
      wipe(key);
      return { rotatedTo: epoch, wrapped: recipients.length };
    }
    const missing: Uint8Array[] = [];
    for (const [epoch, key] of keyring.entries()) {
      const have = served.get(keyIdOf(key)) ?? new Set<string>();
      for (const m of recipients)
        if (!have.has(m.memberId)) missing.push(createKeyEntry(workspaceId, epoch, key, m, admin, scope));
    }
    if (missing.length > 0)
      transport.transact(() => transport.getArray<Uint8Array>(KEY_LIST).push(missing), LOCAL_ORIGIN);
    return { rotatedTo: null, wrapped: missing.length };
  } finally {
    keyring.wipe();
  }
}
