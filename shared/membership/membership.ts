import type * as Y from 'yjs';

import { generateSymmetricKey, memberIdOf, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { entryIdOf, KEY_LIST, LOCAL_ORIGIN, ROSTER_LIST } from '../protocol';
import { asAdmin } from './asAdmin';
import { compartmentsLeft, scopeRotations } from './compartmentKeys';
import { compartmentsOf, coreCompartmentId } from './compartments';
import { createKeyEntry, openKeyring } from './keyLog';
import { createConfirmEntry, createRemoveEntry, createRevokeEntry, createRoleEntry, WRITING_ROLES } from './roster';
import type { Role, Roster, RosterInvite, RosterMember } from './roster';
import { streamCutOf } from './streamCutOf';

/** A compartment's room transport, if this admin holds it. */
export type RoomsOf = (compartmentId: string) => Y.Doc | undefined;

/** Where a member's streams in a compartment are cut: its room, or the directory (one document, or a room not held). */
const inRooms =
  (transport: Y.Doc, rooms?: RoomsOf) =>
  (compartmentId: string): Y.Doc =>
    rooms?.(compartmentId) ?? transport;

/** The core compartment's members (ADR 0012 §2): every member but partners; only they get core keys. */
export const coreMembers = (roster: Roster): RosterMember[] =>
  [...roster.members.values()].filter((m) => m.role !== 'partner');

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
  /**
   * Unless told otherwise, every invite nobody used yet is revoked too (F7): the removed member may hold one.
   * `rooms`: the transport of each compartment's room this admin holds, where the member's streams are cut
   * (the directory itself, the single-document layout, by default).
   */
  options: { revokeOpenInvites?: boolean; rooms?: RoomsOf } = {},
): number {
  const roster = asAdmin(transport, workspaceId, admin, now);
  const member = roster.members.get(memberId);
  if (!member) throw new Error('no such member in this workspace');
  if (memberId === memberIdOf(admin) && [...roster.members.values()].filter((m) => m.role === 'admin').length === 1) {
    throw new Error('you are the last admin: make someone else admin first');
  }
  const keyring = openKeyring(workspaceId, transport.getArray(KEY_LIST).toArray(), roster, admin);
  const epoch = Math.max(keyring.current() ?? -1, roster.epoch) + 1;
  keyring.wipe();
  const key = generateSymmetricKey();
  // The core's new key goes to the core members that stay (never to partners), each other compartment
  // the member is in rotates too (ADR 0012 §3).
  const remaining = coreMembers(roster).filter((m) => m.memberId !== memberId);
  const roomOf = inRooms(transport, options.rooms);
  const { cut, held } = streamCutOf(roomOf(coreCompartmentId(workspaceId)), workspaceId, member.signPublicKey);
  const left = compartmentsLeft(roster, memberId, null);
  const { scopes, keyEntries } = scopeRotations(transport, workspaceId, admin, roster, memberId, left, roomOf);
  const remove = createRemoveEntry(workspaceId, admin, memberId, epoch, now, { prev: roster.heads, cut, held, scopes });
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
      .push([...remaining.map((m) => createKeyEntry(workspaceId, epoch, key, m, admin)), ...keyEntries]);
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
  /** The transport of each compartment's room this admin holds (the directory itself by default). */
  rooms?: RoomsOf,
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
  const roomOf = inRooms(transport, rooms);
  const keyring = openKeyring(workspaceId, transport.getArray(KEY_LIST).toArray(), roster, admin);
  const epoch = Math.max(keyring.current() ?? -1, roster.epoch) + 1;
  keyring.wipe();
  const key = generateSymmetricKey();
  // A cut where the member stops writing in the core: losing write rights, or becoming a partner (ADR 0012 §3).
  const leavesCore = role === 'partner' && member.role !== 'partner';
  const cut =
    (WRITING_ROLES.has(member.role) && !WRITING_ROLES.has(role)) || leavesCore
      ? streamCutOf(roomOf(coreCompartmentId(workspaceId)), workspaceId, member.signPublicKey)
      : undefined;
  // A new partner leaves the core (its new key is not wrapped for it) and the compartments that do not list it.
  const core = coreMembers(roster).filter((m) => m.memberId !== memberId);
  if (role !== 'partner') core.push(member);
  const left = compartmentsLeft(roster, memberId, role);
  const { scopes, keyEntries } = scopeRotations(transport, workspaceId, admin, roster, memberId, left, roomOf);
  // Losing write rights where it stays: each such compartment rotates (its key wrapped for the member
  // too) and records the member's cut there, as the core does.
  if (WRITING_ROLES.has(member.role) && !WRITING_ROLES.has(role)) {
    const staying = compartmentsOf(roster, memberId)
      .map((c) => roster.compartments.get(c)!)
      .filter((c) => c.kind !== 'core' && !left.includes(c));
    const kept = scopeRotations(transport, workspaceId, admin, roster, memberId, staying, roomOf, true);
    Object.assign(scopes, kept.scopes);
    keyEntries.push(...kept.keyEntries);
  }
  const entry = createRoleEntry(workspaceId, admin, memberId, role, epoch, now, { prev: roster.heads, ...cut, scopes });
  transport.transact(() => {
    transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
    transport
      .getArray<Uint8Array>(KEY_LIST)
      .push([...core.map((m) => createKeyEntry(workspaceId, epoch, key, m, admin)), ...keyEntries]);
  }, LOCAL_ORIGIN);
  wipe(key);
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

// Key upkeep lives in keyUpkeep.ts since it works per scope; existing importers find it here too.
export { maintainKeys } from './keyUpkeep';
