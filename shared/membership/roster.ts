import { blake2b, fromBase64Url, memberIdOf, randomBytes, SignatureDomain, toBase64Url } from '../crypto';
import type { Identity, PublicIdentity } from '../crypto';
import { decodeSignedEntry, encodeSignedEntry, entryJson, signedBy } from '../protocol';

/** What places a new entry in causal order: the heads its signer held, and (removal, role) the cut. */
export interface CausalFields {
  /** Ids (entryIdOf) of the roster heads the signer held; absent only in entries older than ADR 0007. */
  prev?: string[];
  cut?: StreamCut;
  /** With a cut: the envelopes it holds, by name (heldEnvelopeName), per document. */
  held?: HeldEnvelopes;
  /** Removal, role change: every compartment other than the core the member leaves in that step (ADR 0012 §2). */
  scopes?: ScopeRotations;
}

/** compartmentId → the epoch its key was rotated to in the same step, and the member's streams in its room. */
export type ScopeRotations = Record<string, { epoch: number; cut?: StreamCut; held?: HeldEnvelopes }>;

const causal = (c: CausalFields) => ({
  ...(c.prev ? { prev: c.prev } : {}),
  ...(c.cut ? { cut: c.cut } : {}),
  ...(c.held ? { held: c.held } : {}),
  ...(c.scopes && Object.keys(c.scopes).length > 0 ? { scopes: c.scopes } : {}),
});

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
  /**
   * The roles it held before `role`, in the order the roster counted their changes, each until the
   * signed time of the entry that changed it (absent if none did). Voting judges the role a member
   * held at a close by it, as it judges a removal by `removedAt` (ADR 0006).
   */
  earlierRoles?: Array<{ role: Role; until: number }>;
}

export interface RosterInvite {
  inviteId: string;
  signPublicKey: Uint8Array;
  boxPublicKey: Uint8Array;
  role: Role;
  expiresAt: number;
  createdBy: string;
  /**
   * The member it counts for: the confirmed join, or else its one unconfirmed join while the
   * invite is unexpired by the evaluating clock. An invite is good once (ADR 0007).
   */
  usedBy: string | null;
  /** Every member whose valid join claims this invite; two or more unconfirmed: contested. */
  claims: string[];
  /** The admin whose signed `confirm` made one join the invite's use for good; null before. */
  confirmedBy: string | null;
  /** Compartments (other than the core) its use enters once it settles (ADR 0012 §2); empty for older invites. */
  compartments: string[];
}

export interface Roster {
  workspaceId: string;
  creator: string | null;
  members: Map<string, RosterMember>;
  invites: Map<string, RosterInvite>;
  /** Members removed (and not invited back since): who they were, and who removed them when. */
  removed: Map<string, RosterMember & { removedBy: string; removedAt: number }>;
  /** Who was an admin at some point and is not now (removed or demoted): their old key wraps still open. */
  formerAdmins: Map<string, Uint8Array>;
  /**
   * For members who lost the right to write (removed, or made observer): the epoch the admin rotated
   * to in that step. What they sealed under an earlier epoch was written while they could write, and
   * stays applied — on a newcomer's machine or after a restart too.
   */
  wroteUntilEpoch: Map<string, number>;
  /**
   * For the same members: the cut the admin recorded when they lost the right to write — per
   * document, per replica, the last seq of theirs the admin held. An envelope of theirs under an
   * epoch before `wroteUntilEpoch` counts only if its seq is within the cut (hardening item 5).
   */
  cuts: Map<string, StreamCut>;
  /**
   * For the same members, when the admin's entry named them: per document, the names of the envelopes
   * of theirs it held. A seq can be signed again; a name cannot (ADR 0008), so only these count.
   */
  held: Map<string, Map<string, Set<string>>>;
  /**
   * The epoch the roster says everyone seals under now: the highest epoch a counted removal or role
   * change rotated to (0 before any). A client never seals under an older one (hardening item 6).
   */
  epoch: number;
  /**
   * Members whose join no admin has confirmed yet: they count with their invite's role, except that
   * they hold no admin powers (a stolen admin invite cannot confirm itself).
   */
  provisional: Set<string>;
  /** Invites an admin revoked: nobody joins with them any more (the relay refuses them too). */
  revokedInvites: Map<string, RosterInvite & { revokedBy: string }>;
  /** Ids of the entries that counted and that no counted entry names: what a new entry names in `prev`. */
  heads: string[];
  /**
   * Every compartment (ADR 0012), by id: the core (always, from the genesis on) and each one a counted
   * `compartment` entry made. Who is in one is `compartmentMembers` (compartments.ts), not `listed` alone.
   */
  compartments: Map<string, Compartment>;
}

export const COMPARTMENT_KINDS = ['releasable', 'restricted'] as const;
export type CompartmentKind = (typeof COMPARTMENT_KINDS)[number];

/** A compartment's title and marking, sealed under one of its keys (`epoch`, `kid`); see compartments.ts. */
export interface SealedLabel {
  epoch: number;
  kid: string;
  /** b64url of the 24-byte nonce ‖ the XChaCha20-Poly1305 ciphertext of `{"title","marking"}`. */
  sealed: string;
}

export interface Compartment {
  compartmentId: string;
  kind: 'core' | CompartmentKind;
  /**
   * The members its entries list: for a releasable one the partners in it besides the core, for a
   * restricted one every member in it (its creator included); always empty for the core, whose
   * membership is the roles.
   */
  listed: Set<string>;
  /** The admin whose `compartment` entry made it; null for the core. */
  createdBy: string | null;
  /** The latest counted label; null for the core until an admin labels it ("Task force" meanwhile). */
  label: SealedLabel | null;
  /** The epoch its members seal under now: the core's is `Roster.epoch`; another's the highest counted rotation. */
  epoch: number;
  /** For members taken out of it: the epoch rotated to, the cut and the held envelopes (as the roster's own). */
  wroteUntilEpoch: Map<string, number>;
  cuts: Map<string, StreamCut>;
  held: Map<string, Map<string, Set<string>>>;
}

/** docId → replica (decimal) → the last seq of that stream the admin held when it made the cut. */
export type StreamCut = Record<string, Record<string, number>>;

/** docId → names (heldEnvelopeName) of the envelopes of a member the admin held when it made the cut. */
export type HeldEnvelopes = Record<string, string[]>;

/** An envelope's name in a cut: 16 bytes of BLAKE2b of its signature, base64url. */
export const heldEnvelopeName = (signature: Uint8Array): string => toBase64Url(blake2b(signature, 16));

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export function keyPair(v: unknown): { sign: Uint8Array; box: Uint8Array } | null {
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
export const workspaceIdOf = (genesisBody: Uint8Array) => toBase64Url(blake2b(genesisBody, 16));

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
  c: CausalFields = {},
  /** Compartments its use enters (ADR 0012 §2): a partner's releasable ones, a core member's restricted ones. */
  compartments: string[] = [],
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
      ...causal(c),
      ...(compartments.length > 0 ? { compartments } : {}),
    },
    [admin.signSecretKey],
  );
}

/** Signed by the invite's key (I hold the token) and by the new member's key (these keys are mine). */
export function createJoinEntry(
  workspaceId: string,
  invite: Identity,
  member: Identity,
  now: number,
  c: CausalFields = {},
): Uint8Array {
  return encodeSignedEntry(
    SignatureDomain.roster,
    { t: 'join', ws: workspaceId, invite: memberIdOf(invite), member: publicPair(member), at: now, ...causal(c) },
    [invite.signSecretKey, member.signSecretKey],
  );
}

/**
 * An admin removes a member. `epoch` is the epoch the admin rotated to in the same step: its key
 * is wrapped for every remaining member and never for the removed one (S4).
 */
export function createRemoveEntry(
  workspaceId: string,
  admin: Identity,
  memberId: string,
  epoch: number,
  now: number,
  c: CausalFields = {},
): Uint8Array {
  return encodeSignedEntry(
    SignatureDomain.roster,
    { t: 'remove', ws: workspaceId, member: memberId, epoch, by: memberIdOf(admin), at: now, ...causal(c) },
    [admin.signSecretKey],
  );
}

/** An admin changes a member's role; every client enforces it on the next envelope it checks. */
export function createRoleEntry(
  workspaceId: string,
  admin: Identity,
  memberId: string,
  role: Role,
  epoch: number,
  now: number,
  c: CausalFields = {},
): Uint8Array {
  return encodeSignedEntry(
    SignatureDomain.roster,
    { t: 'role', ws: workspaceId, member: memberId, role, epoch, by: memberIdOf(admin), at: now, ...causal(c) },
    [admin.signSecretKey],
  );
}

/**
 * An admin makes `memberId`'s join the one use of `inviteId`: from then on no other join of that
 * invite counts, whatever time it states. Counts only if dated before the invite's expiry.
 */
export function createConfirmEntry(
  workspaceId: string,
  admin: Identity,
  inviteId: string,
  memberId: string,
  now: number,
  prev: string[],
): Uint8Array {
  return encodeSignedEntry(
    SignatureDomain.roster,
    { t: 'confirm', ws: workspaceId, invite: inviteId, member: memberId, by: memberIdOf(admin), at: now, prev },
    [admin.signSecretKey],
  );
}

/** An admin revokes an invite: its unconfirmed joins stop counting and no later join counts. */
export function createRevokeEntry(
  workspaceId: string,
  admin: Identity,
  inviteId: string,
  now: number,
  prev: string[],
): Uint8Array {
  return encodeSignedEntry(
    SignatureDomain.roster,
    { t: 'revoke', ws: workspaceId, invite: inviteId, by: memberIdOf(admin), at: now, prev },
    [admin.signSecretKey],
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

/** The genesis entry among roster entries (what a creator shows a relay that never saw the workspace). */
export function findGenesis(workspaceId: string, entries: Iterable<unknown>): Uint8Array | null {
  for (const bytes of entries) if (bytes instanceof Uint8Array && genesisCreator(bytes, workspaceId)) return bytes;
  return null;
}
