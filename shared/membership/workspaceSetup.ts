import type * as Y from 'yjs';

import { generateSymmetricKey, identityFromSeed, memberIdOf, randomBytes, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { LOCAL_ORIGIN } from '../protocol';
import { createKeyEntry, openKeyring } from './keyLog';
import { scopeOf } from './compartments';
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
 * the roster records its public half with the role, expiry and the compartments its use enters, and
 * the keys of every scope its member will hold are wrapped for it (the core's for a core role only,
 * never for a partner; each compartment's it will be in — ADR 0012 §3), so the invitee can read
 * and join without the admin being online.
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
  /**
   * Compartments its use enters: a partner's releasable ones, a core member's restricted ones. A partner
   * invited with none joins the directory only and reads nothing until an admin adds it somewhere (the
   * workspace API and the CLI ask for one).
   */
  compartments: readonly string[] = [],
): Uint8Array {
  const { rosterList, keyList } = membershipLists(transport);
  const roster = computeRoster(workspaceId, rosterList.toArray(), now);
  const me = roster.members.get(memberIdOf(admin));
  if (me?.role !== 'admin') throw new Error('only an admin of this workspace can invite');
  if (roster.provisional.has(me.memberId))
    throw new Error('your join is not confirmed yet: another admin must confirm it before you can invite');
  const named = [...new Set(compartments)];
  for (const id of named) {
    const c = roster.compartments.get(id);
    if (!c) throw new Error(`no such compartment in this workspace: ${id}`);
    if (c.kind === 'core') throw new Error('the core (Task force) is every member but partners: it needs no naming');
    if (role === 'partner' && c.kind === 'restricted')
      throw new Error('a partner cannot be in a restricted compartment');
  }
  const invite = identityFromSeed(seed);
  const scopes = [...roster.compartments.values()]
    .filter((c) =>
      c.kind === 'core'
        ? role !== 'partner'
        : named.includes(c.compartmentId) || (c.kind === 'releasable' && role !== 'partner'),
    )
    .map((c) => scopeOf(workspaceId, c.compartmentId));
  const keyrings = scopes.map((scope) => ({
    scope,
    keys: openKeyring(workspaceId, keyList.toArray(), roster, admin, scope),
  }));
  transport.transact(() => {
    rosterList.push([
      createInviteEntry(workspaceId, admin, invite, role, expiresAt, now, { prev: roster.heads }, named),
    ]);
    for (const { scope, keys } of keyrings)
      keyList.push(keys.entries().map(([epoch, key]) => createKeyEntry(workspaceId, epoch, key, invite, admin, scope)));
  }, LOCAL_ORIGIN);
  for (const { keys } of keyrings) keys.wipe();
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
  // Every scope the invite carries keys of, the core's only for a core role: a partner never takes a
  // core key with it, even from an invite made before compartments (ADR 0012, "Migration").
  const keyrings = [...roster.compartments.values()]
    .filter((c) => c.kind !== 'core' || entry.role !== 'partner')
    .map((c) => scopeOf(workspaceId, c.compartmentId))
    .map((scope) => ({ scope, keys: openKeyring(workspaceId, keyList.toArray(), roster, invite, scope) }));
  if (entry.role !== 'partner' && keyrings.every(({ keys }) => keys.size === 0))
    throw new Error('the invite carries no workspace key: ask the admin for a new invite');
  transport.transact(() => {
    rosterList.push([createJoinEntry(workspaceId, invite, me, now, { prev: roster.heads })]);
    for (const { scope, keys } of keyrings)
      keyList.push(keys.entries().map(([epoch, key]) => createKeyEntry(workspaceId, epoch, key, me, me, scope)));
  }, LOCAL_ORIGIN);
  for (const { keys } of keyrings) keys.wipe();
  wipe(invite.signSecretKey, invite.boxSecretKey);
}
