import * as prng from 'lib0/prng';
import * as Y from 'yjs';

import { blake2b, toBase64Url } from '../crypto';
import {
  addOrganization,
  lanes,
  moveOrganization,
  ORGS,
  removeOrganization,
  setProfile,
  THREAT_LEVELS,
  updateOrganization,
} from '../model';
import { createMeetingNote, ensureOrganizationNote, HeadlessNote, listNotes, noteDocId } from '../notes';
import {
  castBallot,
  closeRound,
  ELIGIBILITY,
  METHODS,
  openRound,
  roundKeyPair,
  scanCloses,
  scanRounds,
} from '../voting';
import { changeRole, removeMember, ROLES } from '../membership';
import type { Role } from '../membership';
import type { SyncReport } from '../sync';
import { closeKey, ConvergenceWorld, memberOf, rosterSummary, roundsOf, sealingKeyOf } from './convergenceWorld';
import type { RoundSummary, Seat, View } from './convergenceWorld';
import { withSeededRandom } from './seededRandom';

const AGENCIES = ['CBP', 'DEA', 'FBI'];
const JOIN_ROLES: Role[] = ['admin', 'lead', 'lead', 'analyst', 'analyst'];

export interface SeatOutcome {
  name: string;
  member: string;
  /** Still a member once everything settled (the relay's roster). */
  current: boolean;
  roster: string;
  /** The epoch it seals under and a digest of that key (null: it waits for a key). */
  sealing: string | null;
  reports: SyncReport[];
  gaps: SyncReport[];
  /** Its transport document: the encoded state vector, and a digest of its whole encoded state. */
  stateVector: string;
  state: string;
  /** What it sees (current members only), and what it sees rebuilt from the relay alone. */
  view: View | null;
  rebuilt: View | null;
}

export interface Outcome {
  settled: boolean;
  hubRoster: string;
  hubStateVector: string;
  /** The rounds as the first member still in the roster reads them. */
  rounds: RoundSummary[];
  /** Every paragraph written into each note (by note id), and the id of every ballot cast. */
  paragraphs: Record<string, string[]>;
  ballots: string[];
  seats: SeatOutcome[];
  /** Every step (tracing runs only): what it did and a digest of every document. */
  trace: string[];
}

/**
 * One convergence run (Y1), wholly decided by `seed`: three to five members edit the board, write
 * notes, open rounds, vote and close them; admins change roles and remove members; everyone goes
 * offline and back; the relay's broadcasts arrive out of order, twice, or are lost with the
 * socket. Then everyone reconnects and syncs until nothing moves. What the members then see is
 * the outcome, which the caller judges.
 */
export function convergenceRun(seed: number, options: { tracing?: boolean } = {}): Outcome {
  // The scenario draws from `gen`; what the code under test draws itself, from a stream of its own.
  return withSeededRandom(seed ^ 0x5eed5, () => {
    const world = new ConvergenceWorld(prng.create(seed), options.tracing);
    try {
      return play(world);
    } finally {
      world.destroy();
    }
  });
}

function play(world: ConvergenceWorld): Outcome {
  const { gen } = world;
  for (let i = prng.int32(gen, 2, 4); i > 0; i--) world.join(prng.oneOf(gen, JOIN_ROLES));
  for (let i = 0; i < 3; i++) addOrganization(world.doc(world.seats[0]!), { name: `Org ${i}` }, world.now);
  world.settle(); // invites confirmed, keys wrapped, the first organizations on every board
  world.seats.forEach((seat, i) => {
    const profile = { name: `Member ${i}`, agency: prng.oneOf(gen, AGENCIES) };
    setProfile(world.doc(seat), world.roster(seat), seat.client.identity, profile, world.now);
  });
  world.settle();
  world.record('setup');
  for (let step = prng.int32(gen, 40, 120); step > 0; step--) world.record(randomStep(world));
  const settled = world.settle();
  world.record('settled');
  const hubRoster = world.hubRoster();
  return {
    settled,
    hubRoster: rosterSummary(hubRoster),
    hubStateVector: toBase64Url(Y.encodeStateVector(world.hub)),
    paragraphs: Object.fromEntries(world.paragraphs),
    ballots: world.ballots,
    rounds: roundsOf(
      world.seats.find((s) => hubRoster.members.has(memberOf(s)))!,
      world.now,
      world.closedWith,
    ),
    seats: world.seats.map((seat) => {
      const member = memberOf(seat);
      const current = hubRoster.members.has(member);
      const { workspace, transport } = seat.client;
      return {
        name: seat.name,
        member,
        current,
        roster: rosterSummary(workspace.roster),
        sealing: sealingKeyOf(workspace),
        reports: seat.client.reports,
        gaps: workspace.gaps(),
        stateVector: toBase64Url(Y.encodeStateVector(transport)),
        state: toBase64Url(blake2b(Y.encodeStateAsUpdate(transport), 16)),
        view: current ? world.view(seat) : null,
        rebuilt: current ? world.rebuiltView(seat.client.identity) : null,
      };
    }),
    trace: world.trace,
  };
}

/** One random step: an action, by a member able to take it (as it sees the roster); what it did, for the trace. */
function randomStep(world: ConvergenceWorld): string {
  const { gen } = world;
  world.now += prng.int32(gen, 1, 90) * 1000;
  const by = (able: (seat: Seat) => boolean, action: (seat: Seat) => string): string => {
    const seats = world.seats.filter(able);
    if (seats.length === 0) return 'nobody can';
    const seat = prng.oneOf(gen, seats);
    return `${seat.name} ${action(seat)}`;
  };
  const writes = (seat: Seat) => world.writes(seat);
  const online = (seat: Seat) => seat.online;
  const any = () => true;
  switch (prng.int32(gen, 0, 15)) {
    case 0:
    case 1:
    case 2:
      return by(writes, (seat) => editBoard(world, seat));
    case 3:
    case 4:
      return by(writes, (seat) => writeNote(world, seat));
    case 5:
    case 6:
      return by(
        (seat) => ['lead', 'admin'].includes(world.role(seat) ?? ''),
        (seat) => vote(world, seat),
      );
    case 7:
      return by(
        (seat) => world.role(seat) === 'admin',
        (seat) => administer(world, seat),
      );
    case 8:
      return by(any, (seat) => {
        seat.client.clock.tick();
        if (prng.int32(gen, 0, 9) > 0) return 'seals its edits';
        seat.client.workspace.compact(2);
        return 'seals and compacts';
      });
    case 9:
      return by(any, (seat) => {
        world.setOnline(seat, !seat.online);
        return seat.online ? 'reconnects' : 'drops off';
      });
    case 10:
    case 11:
      return by(online, (seat) => {
        world.send(seat);
        return 'sends';
      });
    case 12:
    case 13:
      return by(online, (seat) => {
        world.deliver(seat);
        return 'receives';
      });
    default:
      for (const seat of world.seats) if (seat.online && prng.bool(gen)) world.connect(seat);
      return 'some resync';
  }
}

function editBoard(world: ConvergenceWorld, seat: Seat): string {
  const { gen, now } = world;
  const doc = world.doc(seat);
  const ids = [...doc.getMap(ORGS).keys()];
  const pick = ids.length > 0 ? prng.oneOf(gen, ids) : null;
  const what = prng.int32(gen, 0, 4);
  if (what <= 1 || !pick) {
    addOrganization(doc, { name: `Org ${prng.word(gen, 3, 8)}` }, now);
    return 'adds an organization';
  }
  if (what === 2) {
    updateOrganization(
      doc,
      pick,
      { name: `Renamed ${prng.word(gen, 3, 8)}`, threat: prng.oneOf(gen, [...THREAT_LEVELS]) },
      now,
    );
    return 'renames one';
  }
  if (what === 3) {
    moveOrganization(doc, pick, { lane: prng.oneOf(gen, lanes(doc)), index: prng.int32(gen, 0, 3) }, now);
    return 'moves one';
  }
  removeOrganization(doc, pick);
  return 'removes one';
}

function writeNote(world: ConvergenceWorld, seat: Seat): string {
  const { gen, now } = world;
  const doc = world.doc(seat);
  const notes = listNotes(doc);
  if (notes.length === 0 || prng.int32(gen, 0, 3) === 0) {
    const orgs = [...doc.getMap(ORGS).keys()];
    const id =
      orgs.length > 0 && prng.bool(gen)
        ? ensureOrganizationNote(doc, prng.oneOf(gen, orgs), now)
        : createMeetingNote(doc, { title: `Meeting ${prng.word(gen, 3, 8)}`, date: '2026-01-01', attendees: [] }, now);
    // As the app does where a note is created: its first paragraph, under a mirror id of its own.
    const docId = noteDocId(id);
    const note = world.doc(seat, docId);
    if (note.get('root', Y.XmlText).length === 0) HeadlessNote.seed(note, seat.client.workspace.mirrorClientId(docId));
    return 'starts a note';
  }
  const noteId = prng.oneOf(gen, notes).id;
  const paragraph = `${seat.name} at ${now}: ${prng.word(gen, 3, 8)}`;
  world.editor(seat, noteId).appendParagraph(paragraph);
  if (world.counts(seat)) world.paragraphs.set(noteId, [...(world.paragraphs.get(noteId) ?? []), paragraph]);
  return 'writes in a note';
}

function vote(world: ConvergenceWorld, seat: Seat): string {
  const { gen, now } = world;
  const ctx = world.votingContext(seat);
  const me = seat.client.identity;
  const rounds = scanRounds(ctx, now).rounds;
  const open = rounds.filter((r) => scanCloses(ctx, r, now).closes.length === 0);
  try {
    switch (open.length === 0 ? 0 : prng.int32(gen, 0, 5)) {
      case 0: {
        const candidates = shuffled(gen, [...ctx.doc.getMap(ORGS).keys()]).slice(0, prng.int32(gen, 2, 3));
        if (candidates.length < 2) return 'has too few organizations for a round';
        const input = { title: `Round ${prng.word(gen, 3, 8)}`, candidates, closesAt: null };
        openRound(
          ctx,
          me,
          { ...input, per: prng.oneOf(gen, [...ELIGIBILITY]), method: prng.oneOf(gen, [...METHODS]) },
          now,
        );
        return 'opens a round';
      }
      case 1:
      case 2:
      case 3: {
        const round = prng.oneOf(gen, open);
        const ranking: string[][] = [];
        for (const c of shuffled(gen, round.body.candidates))
          if (ranking.length > 0 && prng.int32(gen, 0, 3) === 0) ranking[ranking.length - 1]!.push(c);
          else ranking.push([c]);
        const ballot = castBallot(ctx, me, round.body.roundId, ranking, now);
        if (world.counts(seat)) world.ballots.push(ballot);
        return 'votes';
      }
      default: {
        const mine = rounds.filter((r) => roundKeyPair(ctx, me, r.body.roundId, now) !== null);
        if (mine.length === 0) return 'holds no round key';
        const close = closeRound(ctx, me, prng.oneOf(gen, mine).body.roundId, now);
        world.closedWith.set(closeKey(close.roundId, close.closer, close.publishedAt), ctx.roster);
        return 'closes a round';
      }
    }
  } catch (e) {
    return `is refused: ${(e as Error).message}`;
  }
}

/**
 * An admin changes someone's role or removes them, while others may be offline (they hear of it,
 * and get the new key, when they reconnect). The creator stays an admin throughout, so someone
 * always keeps the keys served.
 *
 * The admin and the member meet at the relay first: the admin holds every envelope the member
 * sealed, and the member hears of a role change before it seals again (a removed member the relay
 * refuses from then on, so nothing it writes later reaches anyone). Otherwise two things break
 * convergence today (found by this property; see Y1 in docs/threat-model.md): an envelope the
 * member sealed before hearing of it and the admin did not hold is refused as beyond the cut, yet
 * whoever applied it first keeps it, and every later edit of theirs in that document waits for ever
 * elsewhere; and edits a demoted member had not sealed are dropped, so once it writes again its
 * later edits wait for ever on the clocks it skipped.
 */
function administer(world: ConvergenceWorld, seat: Seat): string {
  const { gen, now, workspaceId } = world;
  const creator = memberOf(world.seats[0]!);
  const others = [...world.roster(seat).members.values()].filter(
    (m) => m.memberId !== memberOf(seat) && m.memberId !== creator,
  );
  if (others.length === 0) return 'has nobody to administer';
  const target = prng.oneOf(gen, others);
  const member = world.seats.find((s) => memberOf(s) === target.memberId)!;
  if (!seat.online || !member.online) return `waits to meet ${member.name}`;
  member.client.clock.tick();
  if (member.client.workspace.waiting() > 0) return `waits: ${member.name} holds edits it cannot seal yet`;
  world.connect(member);
  world.connect(seat);
  const remaining = world.seats.filter((s) => !world.removed.has(memberOf(s))).length;
  const { transport, identity } = seat.client;
  let did: string;
  try {
    if (remaining > 2 && prng.int32(gen, 0, 2) === 0) {
      removeMember(transport, workspaceId, identity, target.memberId, now);
      world.removed.add(target.memberId);
      did = `removes ${member.name}`;
    } else {
      // Not partner: a partner holds no core key (ADR 0012), and this world is the core's document alone;
      // what partners read and write is the compartments' property tests' to check.
      const role = prng.oneOf(
        gen,
        ROLES.filter((r) => r !== target.role && r !== 'partner'),
      );
      changeRole(transport, workspaceId, identity, target.memberId, role, now);
      did = `makes ${member.name} ${role}`;
    }
  } catch (e) {
    return `is refused: ${(e as Error).message}`;
  }
  world.connect(seat);
  world.connect(member);
  return did;
}

function shuffled<T>(gen: prng.PRNG, items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = prng.int32(gen, 0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
