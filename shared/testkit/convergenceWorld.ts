import * as prng from 'lib0/prng';
import * as Y from 'yjs';

import { blake2b, identityFromSeed, memberIdOf, toBase64Url } from '../crypto';
import type { Identity } from '../crypto';
import { canonicalJson, documentJson, memberProfiles } from '../model';
import { HeadlessNote, listNotes, noteDocId, noteText } from '../notes';
import { couldVoteAt, guardWorkspaceRecords, readRounds } from '../voting';
import type { VotingContext } from '../voting';
import { addInvite, completeJoin, computeRoster, createWorkspaceTransport, WRITING_ROLES } from '../membership';
import type { Role, Roster } from '../membership';
import { ROSTER_LIST, WORKSPACE_DOC_ID } from '../protocol';
import type { SecureWorkspace } from '../sync';
import { testClient } from './workspaces';
import type { TestClient } from './workspaces';

const HOUR = 3_600_000;
/** The origin of what the relay delivers: never queued to be sent back. */
const FROM_RELAY = Symbol('relay');

/** One member's machine: its client, its socket to the relay, and its open note editors. */
export interface Seat {
  name: string;
  client: TestClient;
  online: boolean;
  /** Updates of its transport the relay has not been sent yet (y-websocket sends each one). */
  outbox: Uint8Array[];
  /** Updates the relay broadcast to it, in flight: delivered in any order, some twice, lost if it drops. */
  inbox: Uint8Array[];
  /** Content documents it opened (traced each step). */
  opened: Set<string>;
  /** Headless Lexical editors over notes it wrote in, as the app's editor is bound. */
  editors: Map<string, HeadlessNote>;
  stopGuard: () => void;
}

export interface RoundSummary {
  roundId: string;
  voted: string[];
  closed: boolean;
  verified: boolean | null;
  /** Why its published result does not verify (empty if it does, or it is open). */
  problems: string[];
  /**
   * Ballots its close counted whose voter could vote at the close by the roster its closer held when
   * signing, and cannot by the roster everyone holds now: a demotion or removal dated before the
   * close that the closer had not heard of (the rules judge roles at the close; ADR 0006).
   */
  unseenLosses: string[];
  rejected: string[];
}

/** What a member sees once everything settled: compared between members. */
export interface View {
  roster: string;
  board: string;
  notes: Record<string, string>;
  /** Content documents holding updates that wait for something that never came (Yjs's pending structs). */
  stuck: string[];
}

/**
 * The world of one convergence run (Y1): members' clients, a relay (the hub document) that stores
 * and broadcasts every update, and a clock. Everything in it comes from `gen` — identities, Yjs
 * client ids of the transport documents, replicas (hence content documents' client ids), invite
 * tokens, times — and what the code under test draws itself (keys, nonces, fact ids) comes from the
 * platform CSPRNG, which the caller seeds (withSeededRandom), so one seed is one run, every time.
 */
export class ConvergenceWorld {
  now = Date.UTC(2026, 0, 1);
  readonly hub = new Y.Doc();
  readonly seats: Seat[] = [];
  readonly workspaceId: string;
  /** Members an admin removed (as that admin saw it; another may have removed them too). */
  readonly removed = new Set<string>();
  /** The roster each close was signed with, by `closeKey` (what its closer had heard of the roster then). */
  readonly closedWith = new Map<string, Roster>();
  /** Every paragraph written into each note, and every ballot cast (`map/id`): none may be lost. */
  readonly paragraphs = new Map<string, string[]>();
  readonly ballots: string[] = [];
  private hubRosterAt: { key: string; roster: Roster } | null = null;
  /** One line per step: what happened and a digest of every document (tracing runs only). */
  readonly trace: string[] = [];

  constructor(
    readonly gen: prng.PRNG,
    private readonly tracing = false,
  ) {
    this.hub.clientID = this.clientId();
    // The relay broadcasts whatever it learns to every other member connected now.
    this.hub.on('update', (update: Uint8Array, origin: unknown) => {
      for (const seat of this.seats) if (seat.online && seat !== origin) seat.inbox.push(update);
    });
    const creator = this.identity();
    const transport = this.transportDoc();
    this.workspaceId = createWorkspaceTransport(transport, creator, this.now);
    this.addSeat(transport, creator);
  }

  /** A member who joined with an invite of the first admin, made at the relay's state. */
  join(role: Role): Seat {
    const admin = this.seats[0]!;
    const { transport: adminTransport, identity: adminId } = admin.client;
    const token = addInvite(adminTransport, this.workspaceId, adminId, role, this.now + HOUR, this.now, this.bytes());
    this.connect(admin);
    const transport = this.transportDoc();
    Y.applyUpdate(transport, Y.encodeStateAsUpdate(this.hub), FROM_RELAY);
    const identity = this.identity();
    completeJoin(transport, this.workspaceId, token, identity, this.now);
    const seat = this.addSeat(transport, identity);
    this.connect(seat);
    return seat;
  }

  /** y-websocket's sync step on (re)connecting: each side gets what it lacks of the other. */
  connect(seat: Seat): void {
    if (!this.admits(seat)) return;
    const transport = seat.client.transport;
    Y.applyUpdate(this.hub, Y.encodeStateAsUpdate(transport, Y.encodeStateVector(this.hub)), seat);
    Y.applyUpdate(transport, Y.encodeStateAsUpdate(this.hub, Y.encodeStateVector(transport)), FROM_RELAY);
  }

  /** The updates waiting in `seat`'s outbox reach the relay, which stores and broadcasts them. */
  send(seat: Seat): void {
    if (!this.admits(seat)) return;
    for (const update of seat.outbox.splice(0)) Y.applyUpdate(this.hub, update, seat);
  }

  /** Some of what is in flight to `seat` arrives: in any order, some twice, some left for later. */
  deliver(seat: Seat): void {
    if (!this.admits(seat)) return;
    const gen = this.gen;
    for (let n = prng.int32(gen, 1, Math.max(1, seat.inbox.length)); n > 0 && seat.inbox.length > 0; n--) {
      const i = prng.int32(gen, 0, seat.inbox.length - 1);
      const update = seat.inbox[i]!;
      if (prng.int32(gen, 0, 3) > 0) seat.inbox.splice(i, 1); // else it comes again later
      Y.applyUpdate(seat.client.transport, update, FROM_RELAY);
      if (prng.int32(gen, 0, 7) === 0) Y.applyUpdate(seat.client.transport, update, FROM_RELAY);
    }
  }

  setOnline(seat: Seat, online: boolean): void {
    if (seat.online === online) return;
    seat.online = online;
    seat.inbox = []; // what was in flight on the dropped socket is lost
    if (online) this.connect(seat);
  }

  /** Everyone online, batches sealed, upkeep done, synced until nothing moves; false if it never stops. */
  settle(): boolean {
    for (const seat of this.seats) this.setOnline(seat, true);
    let last = '';
    for (let round = 0; round < 12; round++) {
      for (const seat of this.seats) {
        seat.client.clock.tick();
        this.connect(seat);
      }
      const admitted = this.seats.filter((s) => this.admits(s));
      const now = admitted.map((s) => stateVector(s.client.transport)).join();
      const quiet = admitted.every((s) => s.client.workspace.waiting() === 0 && s.client.clock.pending() === 0);
      if (now === last && quiet && admitted.every((s) => stateVector(s.client.transport) === stateVector(this.hub)))
        return true;
      last = now;
    }
    return false;
  }

  /** The content document `docId` of `seat`, opened (and traced from now on) on first use. */
  doc(seat: Seat, docId: string = WORKSPACE_DOC_ID): Y.Doc {
    seat.opened.add(docId);
    return seat.client.workspace.document(docId);
  }

  roster(seat: Seat): Roster {
    return seat.client.workspace.roster;
  }

  /** The roster the relay holds, as the clock stands. */
  hubRoster(): Roster {
    const entries = this.hub.getArray(ROSTER_LIST);
    const key = `${entries.length} ${this.now}`;
    if (this.hubRosterAt?.key !== key)
      this.hubRosterAt = { key, roster: computeRoster(this.workspaceId, entries.toArray(), this.now) };
    return this.hubRosterAt.roster;
  }

  /** Whether what `seat` writes now must last: not once the relay holds its removal (it never hears of it). */
  counts(seat: Seat): boolean {
    return !this.hubRoster().removed.has(memberOf(seat));
  }

  /**
   * Whether the relay lets `seat` in: as the real relay does, not once it holds its removal (and
   * then it drops the socket). A removed member's client goes on alone, out of the run's sight.
   */
  admits(seat: Seat): boolean {
    if (this.counts(seat)) return true;
    seat.online = false;
    seat.inbox = [];
    return false;
  }

  /** Whether `seat` may write, as it sees it (the app offers no editing otherwise). */
  writes(seat: Seat): boolean {
    const role = this.roster(seat).members.get(seat.client.workspace.me)?.role;
    return role !== undefined && WRITING_ROLES.has(role);
  }

  role(seat: Seat): Role | null {
    return this.roster(seat).members.get(seat.client.workspace.me)?.role ?? null;
  }

  votingContext(seat: Seat): VotingContext {
    return votingContextOf(seat.client.workspace, this.doc(seat));
  }

  /** The note editor of `seat` over note `noteId`, bound on first use under a mirror id it owns. */
  editor(seat: Seat, noteId: string): HeadlessNote {
    let editor = seat.editors.get(noteId);
    if (!editor) {
      const docId = noteDocId(noteId);
      editor = new HeadlessNote(this.doc(seat, docId), seat.client.workspace.mirrorClientId(docId));
      seat.editors.set(noteId, editor);
    }
    return editor;
  }

  /** What `seat` sees: its live documents. */
  view(seat: Seat): View {
    return viewOf(seat.client.workspace);
  }

  /** What a member sees who rebuilds from the relay alone, as a restart or a new machine does. */
  rebuiltView(identity: Identity): View {
    const copy = this.transportDoc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.hub));
    const fresh = testClient(this.workspaceId, copy, identity, { replica: this.replica(), now: () => this.now });
    try {
      return viewOf(fresh.workspace);
    } finally {
      fresh.workspace.destroy();
    }
  }

  /** Records one step: its label, and (tracing) a digest of every document and queue in the world. */
  record(label: string): void {
    if (!this.tracing) return;
    const seats = this.seats.map((s) => {
      const docs = [...s.opened].map((id) => digest(Y.encodeStateAsUpdate(s.client.workspace.document(id))));
      const queues = `${s.online ? 'on' : 'off'} ${s.outbox.length}/${s.inbox.length} ${s.client.reports.length}`;
      return `${s.name} ${digest(Y.encodeStateAsUpdate(s.client.transport))} ${docs.join(',')} ${queues}`;
    });
    this.trace.push(
      `${this.trace.length} ${label} @${this.now} | ${seats.join(' | ')} | hub ${digest(Y.encodeStateAsUpdate(this.hub))}`,
    );
  }

  destroy(): void {
    for (const seat of this.seats) {
      for (const editor of seat.editors.values()) editor.destroy();
      seat.stopGuard();
      seat.client.workspace.destroy();
    }
  }

  identity(): Identity {
    return identityFromSeed(this.bytes());
  }

  private addSeat(transport: Y.Doc, identity: Identity): Seat {
    const client = testClient(this.workspaceId, transport, identity, { replica: this.replica(), now: () => this.now });
    const seat: Seat = {
      name: `m${this.seats.length}`,
      client,
      online: true,
      outbox: [],
      inbox: [],
      opened: new Set(),
      editors: new Map(),
      stopGuard: () => {},
    };
    transport.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_RELAY) seat.outbox.push(update);
    });
    // As the app does: the signed records (profiles, rounds, ballots, closes) are kept whole.
    seat.stopGuard = guardWorkspaceRecords(this.doc(seat), () => client.workspace.roster, client.clock.schedule);
    this.seats.push(seat);
    return seat;
  }

  private transportDoc(): Y.Doc {
    const doc = new Y.Doc();
    doc.clientID = this.clientId();
    return doc;
  }

  private clientId(): number {
    return prng.uint32(this.gen, 1, 2 ** 31);
  }

  private replica(): number {
    return prng.uint32(this.gen, 1, 2 ** 31);
  }

  private bytes(): Uint8Array {
    return prng.uint8Array(this.gen, 32);
  }
}

function votingContextOf(workspace: SecureWorkspace, doc: Y.Doc): VotingContext {
  return {
    doc,
    workspaceId: workspace.workspaceId,
    roster: workspace.roster,
    agencyOf: (m) => memberProfiles(doc, workspace.roster).get(m)?.agency ?? null,
  };
}

function viewOf(workspace: SecureWorkspace): View {
  const board = workspace.document(WORKSPACE_DOC_ID);
  const notes: Record<string, string> = {};
  const stuck: string[] = [];
  for (const note of listNotes(board)) notes[note.id] = noteText(workspace.document(noteDocId(note.id)));
  for (const id of workspace.documentIds()) if (workspace.document(id).store.pendingStructs !== null) stuck.push(id);
  return { roster: rosterSummary(workspace.roster), board: canonicalJson(documentJson(board)), notes, stuck };
}

/**
 * The rounds as `seat` reads them: who voted, the close and whether its published result verifies.
 * (Their signed records are part of the board document, which views compare.)
 */
export function roundsOf(seat: Seat, now: number, closedWith: ReadonlyMap<string, Roster>): RoundSummary[] {
  const { workspace } = seat.client;
  return readRounds(votingContextOf(workspace, workspace.document(WORKSPACE_DOC_ID)), now).map((r) => {
    const signedWith = r.close && closedWith.get(closeKey(r.roundId, r.close.closer, r.close.publishedAt));
    const listed = new Set(r.close?.ballots);
    const closedAt = r.close?.closedAt ?? 0;
    // Not the voting rules' verdict alone: a change of the voter's role dated before the close that
    // the closer's roster did not hold, and by which the voter could vote then and cannot now.
    const unheardBefore = (voter: string) => {
      const known = new Set(signedWith ? roleChangeTimes(signedWith, voter) : []);
      return roleChangeTimes(workspace.roster, voter).some((t) => !known.has(t) && t <= closedAt);
    };
    const unseenLosses = r.rejected
      .filter((b) => listed.has(b.id) && signedWith && couldVoteAt(signedWith, b.voter, closedAt))
      .filter((b) => unheardBefore(b.voter) && !couldVoteAt(workspace.roster, b.voter, closedAt))
      .map((b) => b.id);
    return {
      roundId: r.roundId,
      voted: r.voted,
      closed: r.close !== null,
      verified: r.verification?.verified ?? null,
      problems: r.verification?.problems ?? [],
      unseenLosses,
      rejected: r.rejected.map((b) => b.reason),
    };
  });
}

/** The signed times of the roster entries that changed `memberId`'s role or removed it. */
function roleChangeTimes(roster: Roster, memberId: string): number[] {
  const removed = roster.removed.get(memberId);
  const member = roster.members.get(memberId) ?? removed;
  return [...(member?.earlierRoles ?? []).map((r) => r.until), ...(removed ? [removed.removedAt] : [])];
}

/** Names one close: its round, closer and the moment it was signed. */
export const closeKey = (roundId: string, closer: string, publishedAt: number): string =>
  `${roundId} ${closer} ${publishedAt}`;

export function rosterSummary(roster: Roster): string {
  return JSON.stringify({
    members: [...roster.members.values()].map((m) => `${m.memberId}:${m.role}`).sort(),
    removed: [...roster.removed.keys()].sort(),
    epoch: roster.epoch,
  });
}

/** The key `workspace` seals under: its epoch and a digest of it (null while it waits for one). */
export function sealingKeyOf(workspace: SecureWorkspace): string | null {
  const epoch = workspace.currentEpoch();
  const key = epoch === null ? undefined : workspace.keys.sealing(epoch);
  return key ? `${epoch} ${digest(key)}` : null;
}

const stateVector = (doc: Y.Doc): string => toBase64Url(Y.encodeStateVector(doc));
const digest = (bytes: Uint8Array): string => toBase64Url(blake2b(bytes, 9));

export const memberOf = (seat: Seat): string => memberIdOf(seat.client.identity);
