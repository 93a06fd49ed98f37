import { memberIdOf, toBase64Url } from '../crypto';
import { compartmentReplay, coreCompartment } from './compartments';
import { inRosterReach } from './epochReach';
import { genesisCreator, isRole, keyPair, WRITING_ROLES } from './roster';
import type { Roster, RosterInvite, StreamCut } from './roster';
import { ancestorsOf, causalOrder, descendantsOf, nodeSignedBy, parseRosterNodes } from './rosterDag';
import type { RosterNode } from './rosterDag';
import { entryIdOf } from '../protocol';

/** Replays after the first stop once the exclusions no longer change: a handful at most. */
const MAX_ROUNDS = 8;

/** Where an admin lost the role, in a replay: the entry, whom it took the role from, who signed it. */
interface Loss {
  node: RosterNode;
  memberId: string;
  by: string;
}

/**
 * The membership a set of roster entries proves (ADR 0003 as amended by ADR 0007). Entries are
 * replayed in causal order — each after every entry it names in `prev` — with ties between
 * unrelated entries broken by (signed time, bytes), so every client and the relay compute the same
 * roster from the same set, whatever order it arrived in. An entry counts only if its signer was
 * entitled at its place: invites, confirmations, revocations, role changes and removals need a
 * current, confirmed admin; a join needs its invite, which it spends (see `settle`). An entry a
 * removed or demoted admin signed counts only if its removal had it in its causal past (see `exclusionsOf`).
 *
 * `now` judges unconfirmed joins: one lapses once `now` passes its invite's expiry.
 */
export function computeRoster(workspaceId: string, entries: Iterable<unknown>, now: number = Date.now()): Roster {
  const list = [...entries];
  let genesis: { id: string; memberId: string; roster: () => Roster } | null = null;
  for (const bytes of list) {
    const creator = bytes instanceof Uint8Array ? genesisCreator(bytes, workspaceId) : null;
    if (!creator) continue;
    const memberId = memberIdOf(creator);
    genesis = {
      id: entryIdOf(bytes as Uint8Array),
      memberId,
      roster: () => {
        const r = emptyRoster(workspaceId);
        r.creator = memberId;
        r.members.set(memberId, { memberId, ...creator, role: 'admin', addedBy: null });
        const core = coreCompartment(workspaceId);
        r.compartments.set(core.compartmentId, core);
        return r;
      },
    };
    break;
  }
  if (!genesis) return emptyRoster(workspaceId);
  const nodes = parseRosterNodes(workspaceId, list, genesis.memberId);
  const order = causalOrder(nodes, new Set([genesis.id]));
  const byId = new Map(order.map((n) => [n.id, n]));
  const byAuthor = new Map<string, RosterNode[]>();
  for (const n of order) {
    const by = n.body['by'];
    if (typeof by === 'string') pushTo(byAuthor, by, n);
  }

  const graph = { order, byId, byAuthor, creator: genesis.memberId };
  let excluded = new Set<RosterNode>();
  let result = replay(genesis.roster(), genesis.id, order, byId, excluded, now);
  // Recomputed from scratch each round, so an exclusion whose cause stopped counting goes away too.
  for (let round = 1; round < MAX_ROUNDS; round++) {
    const next = exclusionsOf(result, graph);
    if (next.size === excluded.size && [...next].every((n) => excluded.has(n))) break;
    excluded = next;
    result = replay(genesis.roster(), genesis.id, order, byId, excluded, now);
  }
  return result.roster;
}

interface Graph {
  order: RosterNode[];
  byId: Map<string, RosterNode>;
  byAuthor: Map<string, RosterNode[]>;
  creator: string;
}

/**
 * What a replay's removals of admins void. For each admin X whose role was taken (by R, the loss in
 * force: its last) and who signed anything besides R: its entries concurrent with R — backdated —
 * count for nothing. Only if R's signer and X both held the role where R stands causally (their
 * grant is in R's past): an admin naming no past (`prev: []`) cannot void another's history.
 * X's own removal or demotion of R's signer, concurrent with R, is a mutual removal: exactly one of
 * the two counts (`wins`), and the other is excluded — the loser's history is swept, the winner's is not.
 */
function exclusionsOf(result: ReplayResult, g: Graph): Set<RosterNode> {
  const inForce = new Map<string, Loss>();
  for (const loss of result.lostAdmins) inForce.set(loss.memberId, loss);
  const excluded = new Set<RosterNode>();
  const granted = (id: string, past: Set<string>) => {
    if (id === g.creator) return true;
    const grant = result.adminSince.get(id);
    return grant !== undefined && (grant.prev === null || past.has(grant.id));
  };
  for (const [memberId, loss] of inForce) {
    const r = loss.node;
    if (r.prev === null) continue; // a removal older than ADR 0007: judged by time, as before
    // Cheap test first: most lost admins (a role flipped by someone else) signed nothing (F6).
    const own = (g.byAuthor.get(memberId) ?? []).filter((n) => n !== r);
    if (own.length === 0) continue;
    const past = ancestorsOf(r, g.byId);
    if (!granted(loss.by, past) || !granted(memberId, past)) continue;
    const future = descendantsOf(r, g.order);
    const concurrent = own.filter((n) => !past.has(n.id) && !future.has(n.id));
    const counter = concurrent.find((n) => takesRoleOf(n, loss.by));
    if (counter && wins(counter, r, g)) {
      excluded.add(r);
      continue;
    }
    for (const n of concurrent) excluded.add(n);
  }
  return excluded;
}

/** Whether `n` removes `target` or gives it a role other than admin. */
function takesRoleOf(n: RosterNode, target: string): boolean {
  const t = n.body['t'];
  return n.body['member'] === target && (t === 'remove' || (t === 'role' && n.body['role'] !== 'admin'));
}

/**
 * Of two concurrent removals of each other by two admins, whether `a` is the one that counts. The
 * creator's wins; else the one whose signer had seen more entries signed by others than the two
 * (a removed admin answering from a stale past loses, and cannot pad its past with its own junk);
 * a tie falls back to the causal order's (at, bytes) — the one choice left to the signers' clocks.
 */
function wins(a: RosterNode, b: RosterNode, g: Graph): boolean {
  const sa = a.body['by'] as string;
  const sb = b.body['by'] as string;
  if (sa === g.creator || sb === g.creator) return sa === g.creator;
  const seen = (n: RosterNode) => {
    let count = 0;
    for (const id of ancestorsOf(n, g.byId)) {
      const by = g.byId.get(id)?.body['by'];
      if (typeof by === 'string' && by !== sa && by !== sb) count++;
    }
    return count;
  };
  const da = seen(a);
  const db = seen(b);
  return da !== db ? da > db : a.index < b.index;
}

function emptyRoster(workspaceId: string): Roster {
  return {
    workspaceId,
    creator: null,
    members: new Map(),
    invites: new Map(),
    removed: new Map(),
    formerAdmins: new Map(),
    wroteUntilEpoch: new Map(),
    cuts: new Map(),
    held: new Map(),
    epoch: 0,
    provisional: new Set(),
    revokedInvites: new Map(),
    heads: [],
    compartments: new Map(),
  };
}

interface ReplayResult {
  roster: Roster;
  /** Every removal or demotion of a confirmed admin that counted, in causal order. */
  lostAdmins: Loss[];
  /** The entry that last made each member a confirmed admin (its confirm or role entry). */
  adminSince: Map<string, RosterNode>;
}

/** One replay of the ordered entries, skipping `excluded`; also returns which admins lost their role where. */
function replay(
  roster: Roster,
  genesisId: string,
  order: RosterNode[],
  byId: Map<string, RosterNode>,
  excluded: Set<RosterNode>,
  now: number,
): ReplayResult {
  const lostAdmins: Loss[] = [];
  const adminSince = new Map<string, RosterNode>();
  const counted = new Set<string>([genesisId]);
  /** Older entries (no `prev`) whose signer was not an admin at their place, by signer: clocks differ. */
  const waitingForAdmin = new Map<string, RosterNode[]>();
  /** Older joins that sort before their invite, by invite id. */
  const waitingForInvite = new Map<string, RosterNode[]>();
  const joinOf = new Map<string, Map<string, RosterNode>>();
  const inviteNode = new Map<string, RosterNode>();
  const removal = new Map<string, RosterNode>();
  const compartments = compartmentReplay(roster);

  const isAdmin = (id: string) => roster.members.get(id)?.role === 'admin' && !roster.provisional.has(id);
  /** 'later' (older entries only) if the signer may yet become admin; cheap test first, signature once. */
  const byAdmin = (n: RosterNode): boolean | 'later' => {
    const by = n.body['by'];
    if (typeof by !== 'string') return false;
    if (!isAdmin(by)) return n.prev === null ? 'later' : false;
    return nodeSignedBy(n, 0, roster.members.get(by)!.signPublicKey);
  };
  const becameAdmin = (id: string) => {
    if (!isAdmin(id)) return;
    const released = waitingForAdmin.get(id) ?? [];
    waitingForAdmin.delete(id);
    for (const n of released) run(n);
  };
  const lostWrite = (memberId: string, body: Record<string, unknown>) => {
    const epoch = body['epoch'];
    if (!Number.isSafeInteger(epoch) || roster.wroteUntilEpoch.has(memberId)) return;
    roster.wroteUntilEpoch.set(memberId, epoch as number);
    const cut = parseCut(body['cut']);
    if (cut) roster.cuts.set(memberId, cut);
    const held = cut ? parseHeld(body['held']) : null;
    if (held) roster.held.set(memberId, held);
  };
  /** An epoch far past every one before it counts for nothing: else one entry could use up all epochs (F5). */
  const rotated = (body: Record<string, unknown>) => {
    const epoch = body['epoch'];
    if (Number.isSafeInteger(epoch) && (epoch as number) > roster.epoch && inRosterReach(epoch as number, roster.epoch))
      roster.epoch = epoch as number;
  };
  /** A removed member comes back only through an invite made after (causally) its removal. */
  const barred = (memberId: string, invite: RosterInvite) => {
    const r = removal.get(memberId);
    const inv = inviteNode.get(invite.inviteId);
    return r !== undefined && (inv === undefined || inv.prev === null || !ancestorsOf(inv, byId).has(r.id));
  };
  /** Whose the invite is now: its confirmed join, else its one claim while the invite is open. */
  const settle = (invite: RosterInvite) => {
    let who: string | null = null;
    if (invite.confirmedBy !== null) who = invite.usedBy;
    else if (invite.claims.length === 1 && !roster.revokedInvites.has(invite.inviteId)) {
      const claim = invite.claims[0]!;
      const legacy = inviteNode.get(invite.inviteId)?.prev === null;
      const at = joinOf.get(invite.inviteId)?.get(claim)?.at ?? Infinity;
      // Older invites keep the old rule (the join's own time); newer ones lapse by the evaluating clock.
      if (legacy ? at <= invite.expiresAt : now <= invite.expiresAt) who = claim;
    }
    const old = invite.usedBy;
    if (old !== null && old !== who && roster.members.get(old)?.addedBy === invite.inviteId) {
      compartments.leftWorkspace(old);
      roster.members.delete(old);
      roster.provisional.delete(old);
    }
    invite.usedBy = who;
    if (who === null) return;
    if (invite.confirmedBy === null) roster.provisional.add(who);
    else roster.provisional.delete(who);
    if (!roster.members.has(who)) {
      const pair = keyPair(joinOf.get(invite.inviteId)!.get(who)!.body['member'])!;
      roster.members.set(who, {
        memberId: who,
        signPublicKey: pair.sign,
        boxPublicKey: pair.box,
        role: invite.role,
        addedBy: invite.inviteId,
      });
      roster.removed.delete(who);
      if (WRITING_ROLES.has(invite.role)) {
        roster.wroteUntilEpoch.delete(who);
        roster.cuts.delete(who);
        roster.held.delete(who);
      }
      if (invite.role === 'admin') roster.formerAdmins.delete(who);
      compartments.joined(who, invite.compartments);
    }
    becameAdmin(who);
  };

  /** 'claim': applied (a contested claim is recorded) but not counted as a head. */
  const apply = (n: RosterNode): boolean | 'later' | 'claim' => {
    const { body } = n;
    const by = body['by'] as string;
    switch (body['t']) {
      case 'invite': {
        const pair = keyPair(body['invite']);
        const role = body['role'];
        if (!pair || !isRole(role) || typeof body['expires'] !== 'number') return false;
        const ok = byAdmin(n);
        if (ok !== true) return ok;
        const inviteId = toBase64Url(pair.sign);
        if (roster.invites.has(inviteId) || roster.revokedInvites.has(inviteId)) return false;
        const invite: RosterInvite = {
          inviteId,
          signPublicKey: pair.sign,
          boxPublicKey: pair.box,
          role,
          expiresAt: body['expires'],
          createdBy: by,
          usedBy: null,
          claims: [],
          confirmedBy: null,
          compartments: inviteCompartments(body['compartments']),
        };
        roster.invites.set(inviteId, invite);
        inviteNode.set(inviteId, n);
        const early = waitingForInvite.get(inviteId) ?? [];
        waitingForInvite.delete(inviteId);
        for (const j of early) run(j);
        return true;
      }
      case 'join': {
        const inviteId = body['invite'];
        const pair = keyPair(body['member']);
        if (typeof inviteId !== 'string' || !pair) return false;
        const invite = roster.invites.get(inviteId);
        if (!invite) {
          if (n.prev === null && !roster.revokedInvites.has(inviteId)) pushTo(waitingForInvite, inviteId, n);
          return false;
        }
        const memberId = toBase64Url(pair.sign);
        // A used invite is spent: a later claim, whatever time it states, neither evicts nor replaces.
        if (invite.confirmedBy !== null || invite.claims.includes(memberId)) return false;
        if (roster.members.has(memberId) || barred(memberId, invite)) return false;
        if (!nodeSignedBy(n, 0, invite.signPublicKey) || !nodeSignedBy(n, 1, pair.sign)) return false;
        invite.claims.push(memberId);
        if (!joinOf.has(inviteId)) joinOf.set(inviteId, new Map());
        joinOf.get(inviteId)!.set(memberId, n);
        settle(invite);
        // Only an invite's first claim becomes a head: a later one (contested) is recorded but never
        // named, so a token holder cannot multiply heads past what an admin entry may name (F1).
        return invite.claims.length === 1 ? true : 'claim';
      }
      case 'confirm': {
        const invite = typeof body['invite'] === 'string' ? roster.invites.get(body['invite']) : undefined;
        const memberId = body['member'];
        if (!invite || typeof memberId !== 'string' || invite.confirmedBy !== null) return false;
        // Admins are trusted with time: a confirmation dated after the expiry is too late.
        if (!invite.claims.includes(memberId) || n.at > invite.expiresAt || barred(memberId, invite)) return false;
        const ok = byAdmin(n);
        if (ok !== true) return ok;
        invite.confirmedBy = by;
        const wasUser = invite.usedBy;
        invite.usedBy = memberId;
        if (wasUser !== null && wasUser !== memberId && roster.members.get(wasUser)?.addedBy === invite.inviteId) {
          compartments.leftWorkspace(wasUser);
          roster.members.delete(wasUser);
          roster.provisional.delete(wasUser);
        }
        settle(invite);
        if (invite.role === 'admin') adminSince.set(memberId, n);
        return true;
      }
      case 'revoke': {
        const invite = typeof body['invite'] === 'string' ? roster.invites.get(body['invite']) : undefined;
        if (!invite) return false;
        const ok = byAdmin(n);
        if (ok !== true) return ok;
        roster.invites.delete(invite.inviteId);
        roster.revokedInvites.set(invite.inviteId, Object.assign(invite, { revokedBy: by }));
        if (invite.confirmedBy === null) settle(invite);
        return true;
      }
      case 'role': {
        const member = typeof body['member'] === 'string' ? roster.members.get(body['member']) : undefined;
        const role = body['role'];
        if (!member || !isRole(role)) return false;
        const ok = byAdmin(n);
        if (ok !== true) return ok;
        if (member.role === 'admin' && role !== 'admin') {
          roster.formerAdmins.set(member.memberId, member.signPublicKey);
          lostAdmins.push({ node: n, memberId: member.memberId, by });
        }
        if (role === 'admin') {
          roster.formerAdmins.delete(member.memberId);
          adminSince.set(member.memberId, n);
        }
        // Becoming a partner is leaving the core (ADR 0012 §3): it writes there no more, as a loss of write rights.
        const leavesCore = role === 'partner' && member.role !== 'partner';
        if ((WRITING_ROLES.has(member.role) && !WRITING_ROLES.has(role)) || leavesCore)
          lostWrite(member.memberId, body);
        else if (WRITING_ROLES.has(role) && !(role === 'partner' && member.role === 'partner')) {
          roster.wroteUntilEpoch.delete(member.memberId);
          roster.cuts.delete(member.memberId);
          roster.held.delete(member.memberId);
        }
        compartments.roleChanged(member.memberId, member.role, role, body['scopes']);
        member.earlierRoles = [...(member.earlierRoles ?? []), { role: member.role, until: n.at }];
        member.role = role;
        rotated(body);
        if (role === 'admin') becameAdmin(member.memberId);
        return true;
      }
      case 'remove': {
        const id = body['member'];
        const member = typeof id === 'string' ? roster.members.get(id) : undefined;
        if (!member) return false;
        const ok = byAdmin(n);
        if (ok !== true) return ok;
        // A provisional admin never held admin powers: its wraps stay untrusted.
        if (member.role === 'admin' && !roster.provisional.has(member.memberId)) {
          roster.formerAdmins.set(member.memberId, member.signPublicKey);
          lostAdmins.push({ node: n, memberId: member.memberId, by });
        }
        compartments.leftWorkspace(member.memberId, body['scopes']);
        roster.members.delete(member.memberId);
        roster.provisional.delete(member.memberId);
        if (WRITING_ROLES.has(member.role)) lostWrite(member.memberId, body);
        roster.removed.set(member.memberId, { ...member, removedBy: by, removedAt: n.at });
        removal.set(member.memberId, n);
        rotated(body);
        return true;
      }
      default:
        return compartments.apply(n, byAdmin);
    }
  };
  const run = (n: RosterNode) => {
    if (excluded.has(n)) return;
    const result = apply(n);
    if (result === true) counted.add(n.id);
    else if (result === 'later') {
      pushTo(waitingForAdmin, n.body['by'] as string, n);
    }
  };
  for (const n of order) run(n);
  compartments.finish();

  const named = new Set<string>();
  for (const id of counted) for (const p of byId.get(id)?.prev ?? []) named.add(p);
  roster.heads = [...counted].filter((id) => !named.has(id)).sort();
  return { roster, lostAdmins, adminSince };
}

/** An invite's compartment ids; anything malformed enters none (the invite itself still counts). */
function inviteCompartments(v: unknown): string[] {
  if (!Array.isArray(v) || v.length > 64 || !v.every((c) => typeof c === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(c)))
    return [];
  return [...new Set(v as string[])];
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A cut as signed in a removal or role change; anything malformed counts as no cut recorded. */
function parseCut(v: unknown): StreamCut | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const cut: StreamCut = {};
  for (const [docId, streams] of Object.entries(v as Record<string, unknown>)) {
    if (typeof streams !== 'object' || streams === null || Array.isArray(streams)) return null;
    const perReplica: Record<string, number> = {};
    for (const [replica, seq] of Object.entries(streams as Record<string, unknown>)) {
      if (!Number.isSafeInteger(seq) || (seq as number) < 0) return null;
      perReplica[replica] = seq as number;
    }
    cut[docId] = perReplica;
  }
  return cut;
}

/** The envelopes a cut names, per document; anything malformed counts as none named (the seqs alone judge). */
function parseHeld(v: unknown): Map<string, Set<string>> | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const held = new Map<string, Set<string>>();
  for (const [docId, names] of Object.entries(v as Record<string, unknown>)) {
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) return null;
    held.set(docId, new Set(names));
  }
  return held;
}
