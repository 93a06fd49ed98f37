import { memberIdOf, SignatureDomain, toBase64Url } from '../crypto';
import { genesisCreator, isRole, keyPair, WRITING_ROLES } from './roster';
import type { Roster, RosterInvite, RosterMember, StreamCut } from './roster';
import { decodeSignedEntry, entryJson, signedBy } from './signedEntry';
import type { SignedEntry } from './signedEntry';

interface Parsed {
  entry: SignedEntry;
  body: Record<string, unknown>;
  /** Total order: the signer's time, then the entry's bytes (so equal times order the same everywhere). */
  at: number;
  key: string;
}

/**
 * The membership a set of roster entries proves, checked from the genesis down. Entries are
 * replayed in one total order — their signed time, then their bytes — so every client and the
 * relay compute the same roster from the same set, whatever order the entries arrived in. An
 * entry counts only if its signer was entitled to make it at that point: invites, role changes
 * and removals need a current admin; a join needs its (unused, unexpired) invite — if the join
 * sorts before its invite (clock skew), it waits for it.
 */
export function computeRoster(workspaceId: string, entries: Iterable<unknown>): Roster {
  const roster: Roster = {
    workspaceId,
    creator: null,
    members: new Map(),
    invites: new Map(),
    removed: new Map(),
    formerAdmins: new Map(),
    wroteUntilEpoch: new Map(),
    cuts: new Map(),
    epoch: 0,
  };
  /** The first time a member loses write rights, the epoch rotated to then is where their writing stops. */
  const lostWrite = (memberId: string, epoch: unknown) => {
    if (typeof epoch === 'number' && Number.isSafeInteger(epoch) && !roster.wroteUntilEpoch.has(memberId)) {
      roster.wroteUntilEpoch.set(memberId, epoch);
    }
  };
  /** The cut the admin recorded with the first loss of write rights (docId → replica → last seq), if well formed. */
  const recordCut = (memberId: string, cut: unknown) => {
    if (roster.cuts.has(memberId) || typeof cut !== 'object' || cut === null || Array.isArray(cut)) return;
    const out: StreamCut = {};
    for (const [docId, replicas] of Object.entries(cut)) {
      if (typeof replicas !== 'object' || replicas === null || Array.isArray(replicas)) return;
      const streams: Record<string, number> = {};
      for (const [replica, seq] of Object.entries(replicas as Record<string, unknown>)) {
        if (!/^\d{1,16}$/.test(replica) || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return;
        streams[replica] = seq;
      }
      out[docId] = streams;
    }
    roster.cuts.set(memberId, out);
  };
  const parsed: Parsed[] = [];
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
    } else if (body['ws'] === workspaceId && typeof body['at'] === 'number') {
      parsed.push({ entry, body, at: body['at'], key: toBase64Url(entry.body) });
    }
  }
  if (roster.creator === null) return roster;
  parsed.sort((x, y) => x.at - y.at || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));

  const adminKey = (id: unknown): Uint8Array | null => {
    const m = typeof id === 'string' ? roster.members.get(id) : undefined;
    return m?.role === 'admin' ? m.signPublicKey : null;
  };
  const signedByAdmin = (p: Parsed) => {
    const key = adminKey(p.body['by']);
    return key !== null && signedBy(SignatureDomain.roster, p.entry, 0, key);
  };
  /** Joins whose invite has not been seen yet in the order. */
  const waiting = new Map<string, Parsed[]>();
  const join = (p: Parsed, invite: RosterInvite): boolean => {
    const member = joinedMember(p, invite);
    if (!member || invite.usedBy !== null) return false;
    invite.usedBy = member.memberId;
    roster.members.set(member.memberId, member);
    roster.removed.delete(member.memberId);
    if (WRITING_ROLES.has(member.role)) {
      roster.wroteUntilEpoch.delete(member.memberId);
      roster.cuts.delete(member.memberId);
    }
    if (member.role === 'admin') roster.formerAdmins.delete(member.memberId);
    return true;
  };

  /** Applies one entry: true if it changed the roster, 'later' if its signer is not (yet) an admin. */
  const apply = (p: Parsed): boolean | 'later' => {
    const { body } = p;
    switch (body['t']) {
      case 'invite': {
        const pair = keyPair(body['invite']);
        const role = body['role'];
        if (!pair || !isRole(role) || typeof body['expires'] !== 'number') return false;
        if (!signedByAdmin(p)) return 'later';
        const inviteId = toBase64Url(pair.sign);
        if (roster.invites.has(inviteId)) return false;
        const invite: RosterInvite = {
          inviteId,
          signPublicKey: pair.sign,
          boxPublicKey: pair.box,
          role,
          expiresAt: body['expires'],
          createdBy: body['by'] as string,
          usedBy: null,
        };
        roster.invites.set(inviteId, invite);
        for (const early of waiting.get(inviteId) ?? []) if (join(early, invite)) break;
        waiting.delete(inviteId);
        return true;
      }
      case 'join': {
        if (typeof body['invite'] !== 'string') return false;
        const invite = roster.invites.get(body['invite']);
        if (invite) return join(p, invite);
        waiting.set(body['invite'], [...(waiting.get(body['invite']) ?? []), p]);
        return false;
      }
      case 'role': {
        const member = typeof body['member'] === 'string' ? roster.members.get(body['member']) : undefined;
        const role = body['role'];
        if (!member || !isRole(role)) return false;
        if (!signedByAdmin(p)) return 'later';
        if (member.role === 'admin' && role !== 'admin') roster.formerAdmins.set(member.memberId, member.signPublicKey);
        if (role === 'admin') roster.formerAdmins.delete(member.memberId);
        if (WRITING_ROLES.has(member.role) && !WRITING_ROLES.has(role)) {
          lostWrite(member.memberId, body['epoch']);
          recordCut(member.memberId, body['cut']);
        }
        if (WRITING_ROLES.has(role)) {
          roster.wroteUntilEpoch.delete(member.memberId);
          roster.cuts.delete(member.memberId);
        }
        member.role = role;
        return true;
      }
      case 'remove': {
        const id = body['member'];
        const member = typeof id === 'string' ? roster.members.get(id) : undefined;
        if (!member) return false;
        if (!signedByAdmin(p)) return 'later';
        if (member.role === 'admin') roster.formerAdmins.set(member.memberId, member.signPublicKey);
        roster.members.delete(member.memberId);
        if (WRITING_ROLES.has(member.role)) {
          lostWrite(member.memberId, body['epoch']);
          recordCut(member.memberId, body['cut']);
        }
        roster.removed.set(member.memberId, { ...member, removedBy: body['by'] as string, removedAt: p.at });
        return true;
      }
      default:
        return false;
    }
  };

  // Signed times order the replay, but clocks differ between machines: an entry whose signer is
  // not an admin at its place in the order (an admin's clock behind the moment it became admin)
  // waits, and is tried again each time the roster changes.
  let deferred: Parsed[] = [];
  for (const p of parsed) {
    const result = apply(p);
    if (result === 'later') deferred.push(p);
    else if (result) {
      for (let progress = true; progress && deferred.length > 0;) {
        progress = false;
        const again: Parsed[] = [];
        for (const d of deferred) {
          const r = apply(d);
          if (r === 'later') again.push(d);
          else if (r) progress = true;
        }
        deferred = again;
      }
    }
  }
  return roster;
}

/** The member a join entry brings in, if it is signed by the invite and by the member, in time. */
function joinedMember(p: Parsed, invite: RosterInvite): RosterMember | null {
  const pair = keyPair(p.body['member']);
  if (!pair || p.at > invite.expiresAt) return null;
  if (!signedBy(SignatureDomain.roster, p.entry, 0, invite.signPublicKey)) return null;
  if (!signedBy(SignatureDomain.roster, p.entry, 1, pair.sign)) return null;
  return {
    memberId: toBase64Url(pair.sign),
    signPublicKey: pair.sign,
    boxPublicKey: pair.box,
    role: invite.role,
    addedBy: invite.inviteId,
  };
}
