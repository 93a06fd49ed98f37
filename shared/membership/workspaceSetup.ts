import type * as Y from 'yjs';

import { generateSymmetricKey, identityFromSeed, memberIdOf, randomBytes, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { LOCAL_ORIGIN } from '../protocol';
import { createKeyEntry, openKeyring } from './keyLog';
import { computeRoster } from './computeRoster';
import { createGenesis, createInviteEntry, createJoinEntry } from './roster';
import type { Role } from './roster';
import { KEY_LIST, membershipLists, ROSTER_LIST } from '../protocol';

/** Writes a new workspace into an empty transport document: genesis, and epoch 0's key for its creator. */
export function createWorkspaceTransport(transport: Y.Doc, creator: Identity, now: number): string {
  const { workspaceId, entry } = createGenesis(creator, now);
  const key = generateSymmetricKey();
  transport.transact(() => {
    transport.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
    transport.getArray<Uint8Array>(KEY_LIST).push([createKeyEntry(workspaceId, 0, key, creator, creator)]);
  }, LOCAL_ORIGIN);
  wipe(key);
  return workspaceId;
}

/**
 * An admin invites: a fresh key pair whose 32-byte seed is the secret carried by the invite token;
 * the roster records its public half with the role and expiry, and every epoch key is wrapped for
 * it, so the invitee can read the workspace and join without the admin being online.
 */
export function addInvite(
  transport: Y.Doc,
  workspaceId: string,
  admin: Identity,
  role: Role,
  expiresAt: number,
  now: number,
  /** The invite key's seed: random unless given (seeded tests). */
  seed: Uint8Array = randomBytes(32),
): Uint8Array {
  const { rosterList, keyList } = membershipLists(transport);
  const roster = computeRoster(workspaceId, rosterList.toArray(), now);
  const me = roster.members.get(memberIdOf(admin));
  if (me?.role !== 'admin') throw new Error('only an admin of this workspace can invite');
  if (roster.provisional.has(me.memberId))
    throw new Error('your join is not confirmed yet: another admin must confirm it before you can invite');
  const invite = identityFromSeed(seed);
  const keys = openKeyring(workspaceId, keyList.toArray(), roster, admin);
  transport.transact(() => {
    rosterList.push([createInviteEntry(workspaceId, admin, invite, role, expiresAt, now, { prev: roster.heads })]);
    keyList.push(keys.entries().map(([epoch, key]) => createKeyEntry(workspaceId, epoch, key, invite, admin)));
  }, LOCAL_ORIGIN);
  for (const [, key] of keys.entries()) wipe(key);
  return seed;
}

/** The invitee joins: the join entry (signed by invite and member) and its own wraps of every epoch key. */
export function completeJoin(
  transport: Y.Doc,
  workspaceId: string,
  inviteSeed: Uint8Array,
  me: Identity,
  now: number,
): void {
  const { rosterList, keyList } = membershipLists(transport);
  const roster = computeRoster(workspaceId, rosterList.toArray(), now);
  if (roster.creator === null) throw new Error('the relay has no such workspace (or it has not synced yet)');
  const invite = identityFromSeed(inviteSeed);
  const entry = roster.invites.get(memberIdOf(invite));
  if (roster.revokedInvites.has(memberIdOf(invite))) throw new Error('this invite was revoked by an admin');
  if (!entry) throw new Error('this invite is not in the workspace roster (revoked, or from another workspace)');
  if (entry.confirmedBy !== null || entry.claims.length > 0) {
    if (!entry.claims.includes(memberIdOf(me))) throw new Error('this invite has already been used');
  }
  if (entry.expiresAt < now) throw new Error('this invite has expired');
  const keys = openKeyring(workspaceId, keyList.toArray(), roster, invite);
  if (keys.size === 0) throw new Error('the invite carries no workspace key: ask the admin for a new invite');
  transport.transact(() => {
    rosterList.push([createJoinEntry(workspaceId, invite, me, now, { prev: roster.heads })]);
    keyList.push(keys.entries().map(([epoch, key]) => createKeyEntry(workspaceId, epoch, key, me, me)));
  }, LOCAL_ORIGIN);
  for (const [, key] of keys.entries()) wipe(key);
  wipe(invite.signSecretKey, invite.boxSecretKey);
}
