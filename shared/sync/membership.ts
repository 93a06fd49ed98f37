import type * as Y from 'yjs';

import { generateSymmetricKey, memberIdOf, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { computeRoster } from './computeRoster';
import { LOCAL_ORIGIN } from './DocumentChannel';
import { createKeyEntry, keyHolders, keyIdOf, openKeyring } from './keyLog';
import { createRemoveEntry, createRoleEntry } from './roster';
import type { Role, Roster } from './roster';
import { KEY_LIST, ROSTER_LIST } from './transportLayout';

function asAdmin(transport: Y.Doc, workspaceId: string, admin: Identity): Roster {
  const roster = computeRoster(workspaceId, transport.getArray(ROSTER_LIST).toArray());
  if (roster.members.get(memberIdOf(admin))?.role !== 'admin')
    throw new Error('only an admin of this workspace can do that');
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
): number {
  const roster = asAdmin(transport, workspaceId, admin);
  if (!roster.members.has(memberId)) throw new Error('no such member in this workspace');
  if (memberId === memberIdOf(admin) && [...roster.members.values()].filter((m) => m.role === 'admin').length === 1) {
    throw new Error('you are the last admin: make someone else admin first');
  }
  const keyring = openKeyring(workspaceId, transport.getArray(KEY_LIST).toArray(), roster, admin);
  const epoch = (keyring.current() ?? -1) + 1;
  const key = generateSymmetricKey();
  const remaining = [...roster.members.values()].filter((m) => m.memberId !== memberId);
  transport.transact(() => {
    transport.getArray<Uint8Array>(ROSTER_LIST).push([createRemoveEntry(workspaceId, admin, memberId, epoch, now)]);
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
  const roster = asAdmin(transport, workspaceId, admin);
  const member = roster.members.get(memberId);
  if (!member) throw new Error('no such member in this workspace');
  const admins = [...roster.members.values()].filter((m) => m.role === 'admin');
  if (member.role === 'admin' && role !== 'admin' && admins.length === 1) {
    throw new Error('that is the last admin: make someone else admin first');
  }
  // A role change rotates too: the new epoch marks where the old role's writing ends, so what the
  // member wrote before stays applied everywhere while anything sealed later is judged by the new role.
  const keyring = openKeyring(workspaceId, transport.getArray(KEY_LIST).toArray(), roster, admin);
  const epoch = (keyring.current() ?? -1) + 1;
  const key = generateSymmetricKey();
  transport.transact(() => {
    transport.getArray<Uint8Array>(ROSTER_LIST).push([createRoleEntry(workspaceId, admin, memberId, role, epoch, now)]);
    transport
      .getArray<Uint8Array>(KEY_LIST)
      .push([...roster.members.values()].map((m) => createKeyEntry(workspaceId, epoch, key, m, admin)));
  }, LOCAL_ORIGIN);
  wipe(key);
}

/**
 * What an admin's client does whenever membership changes (any admin; doing it twice is harmless):
 * - if a removed member holds a wrap of the current epoch's key (two admins removed two members
 *   at once, each rotating for a roster that still had the other), rotate again;
 * - otherwise wrap every key this admin holds for every member who lacks it (a member who joined
 *   with an invite made before a rotation, so nobody meets "unable to decrypt" — S7).
 * Returns what it did, for logs and tests.
 */
export function maintainKeys(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
): { rotatedTo: number | null; wrapped: number } {
  const roster = computeRoster(workspaceId, transport.getArray(ROSTER_LIST).toArray());
  if (roster.members.get(memberIdOf(admin))?.role !== 'admin') return { rotatedTo: null, wrapped: 0 };
  const entries = transport.getArray(KEY_LIST).toArray();
  const keyring = openKeyring(workspaceId, entries, roster, admin);
  const current = keyring.current();
  if (current === null) return { rotatedTo: null, wrapped: 0 };
  const holders = keyHolders(workspaceId, entries, roster);
  const leaked = keyring
    .opening(current)
    .some((key) => [...(holders.get(keyIdOf(key)) ?? [])].some((to) => roster.removed.has(to)));
  if (leaked) {
    // A fresh epoch for the roster as it stands, wrapped for its members only.
    const epoch = current + 1;
    const key = generateSymmetricKey();
    transport.transact(() => {
      transport
        .getArray<Uint8Array>(KEY_LIST)
        .push([...roster.members.values()].map((m) => createKeyEntry(workspaceId, epoch, key, m, admin)));
    }, LOCAL_ORIGIN);
    wipe(key);
    return { rotatedTo: epoch, wrapped: roster.members.size };
  }
  const missing: Uint8Array[] = [];
  for (const [epoch, key] of keyring.entries()) {
    const have = holders.get(keyIdOf(key)) ?? new Set<string>();
    for (const m of roster.members.values())
      if (!have.has(m.memberId)) missing.push(createKeyEntry(workspaceId, epoch, key, m, admin));
  }
  if (missing.length > 0)
    transport.transact(() => transport.getArray<Uint8Array>(KEY_LIST).push(missing), LOCAL_ORIGIN);
  return { rotatedTo: null, wrapped: missing.length };
}
