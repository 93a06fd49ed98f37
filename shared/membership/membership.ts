import type * as Y from 'yjs';

import { generateSymmetricKey, memberIdOf, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { computeRoster } from './computeRoster';
import { LOCAL_ORIGIN } from '../protocol';
import { inKeyReach } from './epochReach';
import { autoConfirmable } from './inviteMadeAt';
import { createKeyEntry, keyHolders, keyIdOf, openKeyring, requiredEpoch } from './keyLog';
import { WRITING_ROLES } from './roster';
import { entryIdOf } from '../protocol';
import { createConfirmEntry, createRemoveEntry, createRevokeEntry, createRoleEntry } from './roster';
import type { Role, Roster, RosterInvite } from './roster';
import { streamCutOf } from './streamCutOf';
import { KEY_LIST, ROSTER_LIST } from '../protocol';

function asAdmin(transport: Y.Doc, workspaceId: string, admin: Identity, now: number): Roster {
  const roster = computeRoster(workspaceId, transport.getArray(ROSTER_LIST).toArray(), now);
  const me = memberIdOf(admin);
  if (roster.members.get(me)?.role !== 'admin') throw new Error('only an admin of this workspace can do that');
  if (roster.provisional.has(me))
    throw new Error('your join is not confirmed yet: another admin must confirm it before you can do that');
  return roster;
}

/**
 * Removes a member and rotates in the same step (S4): a new epoch key, wrapped for every remaining
 * member and never for the removed one, so nothing written from now on is readable by it; the
 * relay refuses its connections as soon as it holds the removal. It keeps what it already had.
 */
export function removeMember(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  memberId: string,
  now: number,
  /** Unless told otherwise, every invite nobody used yet is revoked too (F7): the removed member may hold one. */
  options: { revokeOpenInvites?: boolean } = {},
): number {
  const roster = asAdmin(transport, workspaceId, admin, now);
  const member = roster.members.get(memberId);
  if (!member) throw new Error('no such member in this workspace');
  if (memberId === memberIdOf(admin) && [...roster.members.values()].filter((m) => m.role === 'admin').length === 1) {
    throw new Error('you are the last admin: make someone else admin first');
  }
  const keyring = openKeyring(workspaceId, transport.getArray(KEY_LIST).toArray(), roster, admin);
  const epoch = Math.max(keyring.current() ?? -1, roster.epoch) + 1;
  const key = generateSymmetricKey();
  const remaining = [...roster.members.values()].filter((m) => m.memberId !== memberId);
  const { cut, held } = streamCutOf(transport, workspaceId, member.signPublicKey);
  const remove = createRemoveEntry(workspaceId, admin, memberId, epoch, now, { prev: roster.heads, cut, held });
  // The removed member may hold the token of an invite nobody used yet: revoked unless the admin
  // explicitly keeps them (a fresh key under such a token is not tied to this removal).
  const open = (options.revokeOpenInvites ?? true) ? openInvites(roster) : [];
  const removeId = entryIdOf(remove);
  transport.transact(() => {
    transport
      .getArray<Uint8Array>(ROSTER_LIST)
      .push([remove, ...open.map((i) => createRevokeEntry(workspaceId, admin, i.inviteId, now, [removeId]))]);
    transport
      .getArray<Uint8Array>(KEY_LIST)
      .push(remaining.map((m) => createKeyEntry(workspaceId, epoch, key, m, admin)));
  }, LOCAL_ORIGIN);
  wipe(key);
  return epoch;
}

/** Changes a member's role (and rotates); enforced by every client on every envelope sealed from then on. */
export function changeRole(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  memberId: string,
  role: Role,
  now: number,
): void {
  const roster = asAdmin(transport, workspaceId, admin, now);
  const member = roster.members.get(memberId);
  if (!member) throw new Error('no such member in this workspace');
  const admins = [...roster.members.values()].filter((m) => m.role === 'admin');
  if (member.role === 'admin' && role !== 'admin' && admins.length === 1) {
    throw new Error('that is the last admin: make someone else admin first');
  }
  // A role change rotates too: the new epoch marks where the old role's writing ends, so what the
  // member wrote before stays applied everywhere while anything sealed later is judged by the new role.
  const keyring = openKeyring(workspaceId, transport.getArray(KEY_LIST).toArray(), roster, admin);
  const epoch = Math.max(keyring.current() ?? -1, roster.epoch) + 1;
  const key = generateSymmetricKey();
  const cut =
    WRITING_ROLES.has(member.role) && !WRITING_ROLES.has(role)
      ? streamCutOf(transport, workspaceId, member.signPublicKey)
      : undefined;
  const entry = createRoleEntry(workspaceId, admin, memberId, role, epoch, now, { prev: roster.heads, ...cut });
  transport.transact(() => {
    transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
    transport
      .getArray<Uint8Array>(KEY_LIST)
      .push([...roster.members.values()].map((m) => createKeyEntry(workspaceId, epoch, key, m, admin)));
  }, LOCAL_ORIGIN);
  wipe(key);
}

/**
 * What an admin's client does whenever membership changes (any admin; doing it twice is harmless):
 * - confirm the one join of each invite that has one (ADR 0007), unless the invite was made before
 *   a removal: a person confirms that one (F7);
 * - if a removed member holds a wrap of the current epoch's key (two admins removed two members
 *   at once, each rotating for a roster that still had the other), or the roster requires an
 *   epoch this admin holds no vouched key of, rotate again;
 * - otherwise wrap every key this admin holds for every member who lacks it (a member who joined
 *   with an invite made before a rotation, so nobody meets "unable to decrypt" — S7).
 * Returns what it did, for logs and tests.
 */
export function maintainKeys(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  now: number = Date.now(),
): { rotatedTo: number | null; wrapped: number; confirmed: number } {
  const rosterEntries = transport.getArray(ROSTER_LIST).toArray();
  const roster = computeRoster(workspaceId, rosterEntries, now);
  const me = memberIdOf(admin);
  if (roster.members.get(me)?.role !== 'admin' || roster.provisional.has(me))
    return { rotatedTo: null, wrapped: 0, confirmed: 0 };
  // The one join an invite has is its use for good (ADR 0007): a later claim can no longer evict it.
  // A contested invite (two joins) waits for a person to choose, and an expired one for nobody; so
  // does one made before a removal, whose token the removed member may hold (F7).
  const confirms = [...roster.invites.values()]
    .filter((i) => i.confirmedBy === null && i.usedBy !== null && i.claims.length === 1 && now <= i.expiresAt)
    .filter((i) => autoConfirmable(workspaceId, rosterEntries, roster, i.inviteId))
    .map((i) => createConfirmEntry(workspaceId, admin, i.inviteId, i.usedBy!, now, roster.heads));
  if (confirms.length > 0)
    transport.transact(() => transport.getArray<Uint8Array>(ROSTER_LIST).push(confirms), LOCAL_ORIGIN);
  const done = { confirmed: confirms.length };
  const entries = transport.getArray(KEY_LIST).toArray();
  const keyring = openKeyring(workspaceId, entries, roster, admin);
  const current = keyring.current();
  if (current === null) return { rotatedTo: null, wrapped: 0, ...done };
  const holders = keyHolders(workspaceId, entries, roster);
  const leaked = keyring
    .opening(current)
    .some((key) => [...(holders.get(keyIdOf(key)) ?? [])].some((to) => roster.removed.has(to)));
  // The roster requires an epoch this admin holds no vouched key of (the admin who rotated to it was
  // removed or demoted since, so its wraps only open): nobody may seal until someone rotates again.
  const required = requiredEpoch(workspaceId, entries, roster, current);
  if (leaked || current < required) {
    // A fresh epoch for the roster as it stands, wrapped for its members only; never one out of
    // reach (F5), which would count for nobody and be drawn again at every upkeep.
    const epoch = Math.max(current, required) + 1;
    if (!inKeyReach(epoch, roster.epoch)) return { rotatedTo: null, wrapped: 0, ...done };
    const key = generateSymmetricKey();
    transport.transact(() => {
      transport
        .getArray<Uint8Array>(KEY_LIST)
        .push([...roster.members.values()].map((m) => createKeyEntry(workspaceId, epoch, key, m, admin)));
    }, LOCAL_ORIGIN);
    wipe(key);
    return { rotatedTo: epoch, wrapped: roster.members.size, ...done };
  }
  const missing: Uint8Array[] = [];
  for (const [epoch, key] of keyring.entries()) {
    const have = holders.get(keyIdOf(key)) ?? new Set<string>();
    for (const m of roster.members.values())
      if (!have.has(m.memberId)) missing.push(createKeyEntry(workspaceId, epoch, key, m, admin));
  }
  if (missing.length > 0)
    transport.transact(() => transport.getArray<Uint8Array>(KEY_LIST).push(missing), LOCAL_ORIGIN);
  return { rotatedTo: null, wrapped: missing.length, ...done };
}

/** Invites nobody has used yet (no join counts for them), for admins to see and revoke. */
export const openInvites = (roster: Roster): RosterInvite[] =>
  [...roster.invites.values()].filter((i) => i.usedBy === null && i.confirmedBy === null);

/** An admin chooses which join is an invite's one use: for a contested invite (two joins, none confirmed). */
export function confirmJoin(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  inviteId: string,
  memberId: string,
  now: number,
): void {
  const roster = asAdmin(transport, workspaceId, admin, now);
  const invite = roster.invites.get(inviteId);
  if (!invite) throw new Error('no such invite in this workspace (revoked, or never made)');
  if (invite.confirmedBy !== null) throw new Error('this invite is already confirmed for a member');
  if (!invite.claims.includes(memberId)) throw new Error('nobody with that member id joined with this invite');
  if (now > invite.expiresAt) throw new Error('this invite has expired: make a new one');
  const entry = createConfirmEntry(workspaceId, admin, inviteId, memberId, now, roster.heads);
  transport.transact(() => transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]), LOCAL_ORIGIN);
}

/** An admin revokes an invite: no join with it counts any more, unless an admin confirmed one already. */
export function revokeInvite(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  inviteId: string,
  now: number,
): void {
  const roster = asAdmin(transport, workspaceId, admin, now);
  if (roster.revokedInvites.has(inviteId)) throw new Error('this invite is already revoked');
  if (!roster.invites.has(inviteId)) throw new Error('no such invite in this workspace');
  const entry = createRevokeEntry(workspaceId, admin, inviteId, now, roster.heads);
  transport.transact(() => transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]), LOCAL_ORIGIN);
}
