import { blake2b, fromBase64Url, memberIdOf, randomBytes, SignatureDomain, toBase64Url } from '../crypto';
import type { Identity, PublicIdentity } from '../crypto';
import { decodeSignedEntry, encodeSignedEntry, entryJson, signedBy } from './signedEntry';
import type { SignedEntry } from './signedEntry';

export const ROLES = ['admin', 'lead', 'analyst', 'partner', 'observer'] as const;
export type Role = (typeof ROLES)[number];
/** Roles whose envelopes are applied; an observer's edits are rejected by every client. */
export const WRITING_ROLES: ReadonlySet<Role> = new Set(['admin', 'lead', 'analyst', 'partner']);

export interface RosterMember {
  memberId: string;
  signPublicKey: Uint8Array;
  boxPublicKey: Uint8Array;
  role: Role;
  /** memberId of the admin who added them, or of the invite they joined with; null for the creator. */
  addedBy: string | null;
}

export interface RosterInvite {
  inviteId: string;
  signPublicKey: Uint8Array;
  boxPublicKey: Uint8Array;
  role: Role;
  expiresAt: number;
  createdBy: string;
  /** The member who used it; an invite is good once. */
  usedBy: string | null;
}

export interface Roster {
  workspaceId: string;
  creator: string | null;
  members: Map<string, RosterMember>;
  invites: Map<string, RosterInvite>;
}

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

function keyPair(v: unknown): { sign: Uint8Array; box: Uint8Array } | null {
  if (typeof v !== 'object' || v === null) return null;
  const { sign, box } = v as Record<string, unknown>;
  if (typeof sign !== 'string' || typeof box !== 'string') return null;
  try {
    const pair = { sign: fromBase64Url(sign), box: fromBase64Url(box) };
    return pair.sign.length === 32 && pair.box.length === 32 ? pair : null;
  } catch {
    return null;
  }
}

const publicPair = (i: PublicIdentity) => ({ sign: toBase64Url(i.signPublicKey), box: toBase64Url(i.boxPublicKey) });

/** The workspace id is the hash of its genesis body: only one genesis can ever match it. */
const workspaceIdOf = (genesisBody: Uint8Array) => toBase64Url(blake2b(genesisBody, 16));

/** A new workspace: the creator's signed genesis entry, whose hash is the workspace id. */
export function createGenesis(creator: Identity, now: number): { workspaceId: string; entry: Uint8Array } {
  const entry = encodeSignedEntry(
    SignatureDomain.roster,
    { t: 'genesis', creator: publicPair(creator), nonce: toBase64Url(randomBytes(16)), at: now },
    [creator.signSecretKey],
  );
  return { workspaceId: workspaceIdOf(decodeSignedEntry(entry)!.body), entry };
}

export function createInviteEntry(
  workspaceId: string,
  admin: Identity,
  invite: PublicIdentity,
  role: Role,
  expiresAt: number,
  now: number,
): Uint8Array {
  return encodeSignedEntry(
    SignatureDomain.roster,
    {
      t: 'invite',
      ws: workspaceId,
      invite: publicPair(invite),
      role,
      expires: expiresAt,
      by: memberIdOf(admin),
      at: now,
    },
    [admin.signSecretKey],
  );
}

/** Signed by the invite's key (I hold the token) and by the new member's key (these keys are mine). */
export function createJoinEntry(workspaceId: string, invite: Identity, member: Identity, now: number): Uint8Array {
  return encodeSignedEntry(
    SignatureDomain.roster,
    { t: 'join', ws: workspaceId, invite: memberIdOf(invite), member: publicPair(member), at: now },
    [invite.signSecretKey, member.signSecretKey],
  );
}

/** The genesis entry if `bytes` is the genesis of `workspaceId` (for the relay's first contact). */
export function genesisCreator(bytes: Uint8Array, workspaceId: string): PublicIdentity | null {
  const entry = decodeSignedEntry(bytes);
  if (!entry || workspaceIdOf(entry.body) !== workspaceId) return null;
  const body = entryJson(entry);
  const creator = body?.['t'] === 'genesis' ? keyPair(body['creator']) : null;
  if (!creator || !signedBy(SignatureDomain.roster, entry, 0, creator.sign)) return null;
  return { signPublicKey: creator.sign, boxPublicKey: creator.box };
}

/**
 * The membership that a set of roster entries proves, checked from the genesis down: entries not
 * signed by someone entitled to make them are ignored. The result depends only on the set of
 * entries, never on their order, so every client (and the relay) computes the same roster.
 */
export function computeRoster(workspaceId: string, entries: Iterable<unknown>): Roster {
  const roster: Roster = { workspaceId, creator: null, members: new Map(), invites: new Map() };
  const parsed: Array<{ entry: SignedEntry; body: Record<string, unknown> }> = [];
  for (const bytes of entries) {
    const entry = decodeSignedEntry(bytes);
    const body = entry && entryJson(entry);
    if (!entry || !body) continue;
    if (body['t'] === 'genesis') {
      const creator = genesisCreator(bytes as Uint8Array, workspaceId);
      if (creator && roster.creator === null) {
        const memberId = memberIdOf(creator);
        roster.creator = memberId;
        roster.members.set(memberId, { memberId, ...creator, role: 'admin', addedBy: null });
      }
    } else if (body['ws'] === workspaceId) {
      parsed.push({ entry, body });
    }
  }
  if (roster.creator === null) return roster;

  const isAdmin = (id: unknown) => typeof id === 'string' && roster.members.get(id)?.role === 'admin';
  // Invites need an admin, and an admin may itself have joined by invite: apply invites and the
  // joins that use them round by round until nothing changes (the order of entries never matters).
  // Sorted, so that which invite a member is credited to never depends on arrival order.
  // Ties (two entries for one invite key, which only an admin can make) break on the entry's bytes.
  const inviteKey = (body: Record<string, unknown>) => JSON.stringify([body['invite'] ?? '', body]);
  const pendingInvites = parsed
    .filter(({ body }) => body['t'] === 'invite')
    .sort((x, y) => (inviteKey(x.body) < inviteKey(y.body) ? -1 : inviteKey(x.body) > inviteKey(y.body) ? 1 : 0));
  const joins = parsed.filter(({ body }) => body['t'] === 'join');
  for (let changed = true; changed;) {
    changed = false;
    for (const [i, { entry, body }] of pendingInvites.entries()) {
      const invite = acceptInvite(entry, body, isAdmin(body['by']) ? roster.members.get(body['by'] as string)! : null);
      if (!invite || roster.invites.has(invite.inviteId)) continue;
      roster.invites.set(invite.inviteId, invite);
      pendingInvites.splice(i, 1);
      changed = true;
      const member = winningJoin(invite, joins);
      if (member && !roster.members.has(member.memberId)) {
        roster.members.set(member.memberId, member);
        invite.usedBy = member.memberId;
      }
      break; // the admin set may have grown: start the round again
    }
  }
  return roster;
}

/** The genesis entry among roster entries (what a creator shows a relay that never saw the workspace). */
export function findGenesis(workspaceId: string, entries: Iterable<unknown>): Uint8Array | null {
  for (const bytes of entries) if (bytes instanceof Uint8Array && genesisCreator(bytes, workspaceId)) return bytes;
  return null;
}

function acceptInvite(
  entry: SignedEntry,
  body: Record<string, unknown>,
  admin: RosterMember | null,
): RosterInvite | null {
  const pair = keyPair(body['invite']);
  const role = body['role'];
  if (!admin || !pair || !isRole(role) || typeof body['expires'] !== 'number') return null;
  if (!signedBy(SignatureDomain.roster, entry, 0, admin.signPublicKey)) return null;
  return {
    inviteId: toBase64Url(pair.sign),
    signPublicKey: pair.sign,
    boxPublicKey: pair.box,
    role,
    expiresAt: body['expires'],
    createdBy: admin.memberId,
    usedBy: null,
  };
}

/** The join that uses `invite`: signed by the invite and the new member; of rivals, the lowest member id. */
function winningJoin(
  invite: RosterInvite,
  joins: Array<{ entry: SignedEntry; body: Record<string, unknown> }>,
): RosterMember | null {
  let winner: RosterMember | null = null;
  for (const { entry, body } of joins) {
    if (body['invite'] !== invite.inviteId) continue;
    const pair = keyPair(body['member']);
    if (!pair || typeof body['at'] !== 'number' || body['at'] > invite.expiresAt) continue;
    if (!signedBy(SignatureDomain.roster, entry, 0, invite.signPublicKey)) continue;
    if (!signedBy(SignatureDomain.roster, entry, 1, pair.sign)) continue;
    const memberId = toBase64Url(pair.sign);
    if (winner && winner.memberId < memberId) continue;
    winner = {
      memberId,
      signPublicKey: pair.sign,
      boxPublicKey: pair.box,
      role: invite.role,
      addedBy: invite.inviteId,
    };
  }
  return winner;
}
