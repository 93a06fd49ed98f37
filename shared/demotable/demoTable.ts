import * as prng from 'lib0/prng';
import type { PRNG } from 'lib0/prng';
import * as Y from 'yjs';

import { generateIdentity, identityFromSeed, memberIdOf, wipe } from '../crypto';
import type { Identity } from '../crypto';
import { completeJoin, createWorkspaceTransport } from '../membership';
import type { Role } from '../membership';
import { DEFAULT_LANES } from '../model';
import type { Activity, EntityFields, MemberProfile, OutcomeFields, ThreatLevel } from '../model';
import { defaultPeriod } from '../briefing';
import { HeadlessNote, noteDocId } from '../notes';
import { docListName, WORKSPACE_DOC_ID } from '../protocol';
import type { Identifier } from '../identifiers';
import { SecureWorkspace, throwIfCancelled } from '../sync';
import type { CancelSignal } from '../sync';
import { WorkspaceApi } from '../workspace';

/**
 * The demo a newcomer opens (issue 16): a task force's table, a year old. The opener is its admin,
 * under its own vault identity; seven fictional members from seven agencies (a county sheriff's
 * deputy among them, as a partner) each get keys made here, join through a real invite, run their
 * own SecureWorkspace and WorkspaceApi in memory and sign their own profiles, cards, network entries,
 * outcomes, moves, votes, notes and field reports — nothing is written into a document directly,
 * so every record verifies as a member's would. Updates travel between the members' transports and
 * the opener's (the directory and one per room) as a relay would carry them.
 *
 * Everything but the keys (and so the ids) follows from `seed`. Each member's clock seam stamps its
 * facts on the day they happen in the story, across the 365 days before `now`; the roster (invites,
 * joins, the partner compartment) is dated when the task force formed, a year ago, too. The members'
 * workspaces are destroyed and their secret keys dropped before this returns: what stays is the
 * opener's transports, to be opened as any workspace is (WorkspaceClient.createDemo, the CLI `demo`).
 */
export interface DemoTableOptions {
  seed: number;
  /** The newest stamp (ms); the year of the story ends here. */
  now: number;
}

export interface DemoTableSummary {
  workspaceId: string;
  /** Everyone on the roster, the opener included. */
  members: number;
  organizations: number;
  outcomes: number;
  reports: number;
  /** Priority rounds closed. */
  rounds: number;
  /** The releasable compartment the sheriff's deputy is in ("State and local partners"). */
  partnerCompartmentId: string;
  /** The organizations released to it. */
  releasedOrganizations: string[];
}

export interface DemoTable {
  summary: DemoTableSummary;
  /** The opener's directory transport: roster and wrapped keys. Open the workspace on it. */
  directory: Y.Doc;
  /** Each room's transport state (Yjs update) by compartment id, to apply to the opened workspace's rooms. */
  rooms: Map<string, Uint8Array>;
  /** Envelopes in each room's board list: what opening them checks (their progress's whole). */
  envelopes: Map<string, number>;
}

/** The demo's seed: the same table (but its ids and keys) every time. */
export const DEMO_TABLE_SEED = 0x7ab1e;

export const PARTNER_COMPARTMENT_TITLE = 'State and local partners';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The fictional members: names made up, agencies real (the task force's). */
export const DEMO_MEMBERS: ReadonlyArray<{ key: string; name: string; agency: string; role: Role }> = [
  { key: 'bp', name: 'Rosa Lind', agency: 'Border Patrol', role: 'lead' },
  { key: 'cbp', name: 'Dana Whitlock', agency: 'CBP', role: 'analyst' },
  { key: 'hsi', name: 'Eli Brandt', agency: 'HSI', role: 'lead' },
  { key: 'dea', name: 'Nora Quill', agency: 'DEA', role: 'lead' },
  { key: 'fbi', name: 'Victor Hale', agency: 'FBI', role: 'lead' },
  { key: 'uscg', name: 'Iris Calder', agency: 'USCG', role: 'analyst' },
  { key: 'so', name: 'Ben Ostrow', agency: 'County Sheriff', role: 'partner' },
];

/** The cards, by name, with the member who opened each and its story's shape. */
const ORGS: ReadonlyArray<{ name: string; by: string; threat: ThreatLevel; activities: Activity[] }> = [
  { name: 'Copper Heron Network', by: 'dea', threat: 'critical', activities: ['narcotics'] },
  { name: 'Salt Mesa Cell', by: 'bp', threat: 'high', activities: ['human smuggling'] },
  { name: 'Cobalt Wren Group', by: 'hsi', threat: 'high', activities: ['bulk cash', 'narcotics'] },
  { name: 'Amber Arroyo Crew', by: 'bp', threat: 'moderate', activities: ['narcotics'] },
  { name: 'Slate Kestrel Ring', by: 'fbi', threat: 'high', activities: ['weapons'] },
  { name: 'Cinder Badger Outfit', by: 'cbp', threat: 'moderate', activities: ['narcotics', 'other'] },
  { name: 'Quartz Plover Collective', by: 'uscg', threat: 'high', activities: ['narcotics'] },
  { name: 'Ochre Butte Network', by: 'dea', threat: 'critical', activities: ['narcotics', 'weapons'] },
  { name: 'Flint Marten Circle', by: 'hsi', threat: 'moderate', activities: ['human smuggling', 'bulk cash'] },
  { name: 'Mica Ridge Group', by: 'opener', threat: 'low', activities: ['other'] },
  { name: 'Basalt Tern Crew', by: 'cbp', threat: 'moderate', activities: ['narcotics'] },
  { name: 'Pewter Crane Cell', by: 'fbi', threat: 'high', activities: ['bulk cash'] },
];

const PLACES = ['Calder Springs', 'Dry Fork', 'Vela Junction', 'Ortell', 'Hallam Wells', 'Pinto Gap', 'Mabry Crossing'];
const SECTORS = ['Sector 2', 'Sector 4', 'North Corridor', 'East Desert', 'Port of Entry 2', 'Coastal Strip'];
const CODENAMES = [
  'Lantern',
  'Ledger',
  'Spindle',
  'Quill',
  'Harrow',
  'Bellows',
  'Anvil',
  'Kettle',
  'Satchel',
  'Tinder',
];
const ROLES = ['leader', 'coordinator', 'driver', 'stash-house operator', 'recruiter', 'money courier'] as const;
const VEHICLES = ['grey pickup', 'white box truck', 'black SUV', 'silver cargo van', 'tan sedan', 'red flatbed'];
const STREETS = ['Mesquite Rd', 'Frontage Rd', 'Canal St', 'Ocotillo Ave', 'Depot Ln', 'Quarry Rd'];
const DRUGS = ['methamphetamine', 'fentanyl pills', 'cocaine', 'marijuana', 'heroin'];
const AREA_CODES = ['956', '915', '520', '361'];
const STATES = ['TX', 'AZ', 'NM'];

/** One member of the story: its workspace, its API, the rooms it holds (transports by compartment). */
interface Actor {
  key: string;
  identity: Identity;
  profile: MemberProfile;
  workspace: SecureWorkspace;
  api: WorkspaceApi;
  rooms: Map<string, Y.Doc>;
  run: () => void;
}

/** A card as the story knows it: who opened it, its lane now, its entries that reports can match. */
interface Card {
  id: string;
  name: string;
  lane: number;
  threat: ThreatLevel;
  phones: string[];
  plates: string[];
  people: string[];
  entries: string[];
}

/** A scheduler that runs nothing until asked: the members' batching windows close when the story syncs. */
function manualSchedule() {
  const queue = new Set<() => void>();
  return {
    schedule: (fn: () => void) => {
      queue.add(fn);
      return () => void queue.delete(fn);
    },
    run: () => {
      for (let guard = 0; queue.size > 0 && guard < 10; guard++) {
        const due = [...queue];
        queue.clear();
        for (const fn of due) fn();
      }
    },
  };
}

/** Brings two transports to the same state, as one relay round trip would. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'demo');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'demo');
}

const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10);

type Opener = { identity: Identity; profile: MemberProfile; title: string };

/** How far the build is: cards written of all, then months of the year's history (issue 17: the demo shows progress). */
export interface DemoStep {
  stage: 'organizations' | 'months';
  done: number;
  total: number;
}

/**
 * Builds the demo table for `opener` (its vault identity and signed profile). Synchronous and in
 * memory; nothing of the fictional members outlives the call but what they signed.
 */
export function buildDemoTable(opener: Opener, options: DemoTableOptions): DemoTable {
  const steps = demoTableSteps(opener, options, []);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same build, a step at a time: `onStep` hears each card and each month written, and `pause` lets the
 * page paint between them. With `signal` aborted it stops at the next step (OpenCancelled), its fictional
 * members dropped and their keys wiped: nothing was written anywhere but memory.
 */
export async function buildDemoTableStepwise(
  opener: Opener,
  options: DemoTableOptions,
  onStep: (step: DemoStep) => void,
  pause: () => Promise<void>,
  signal?: CancelSignal,
): Promise<DemoTable> {
  const actors: Actor[] = [];
  const steps = demoTableSteps(opener, options, actors);
  try {
    for (;;) {
      throwIfCancelled(signal);
      const step = steps.next();
      if (step.done) return step.value;
      onStep(step.value);
      await pause();
    }
  } finally {
    dropActors(actors, opener.identity);
  }
}

/** The members are gone: their workspaces destroyed, their secret keys zeroed (the opener's are its vault's). */
function dropActors(actors: Actor[], opener: Identity): void {
  for (const a of actors) {
    a.api.destroy();
    a.workspace.destroy();
    if (a.identity === opener) continue;
    wipe(a.identity.signSecretKey);
    wipe(a.identity.boxSecretKey);
  }
  actors.length = 0;
}

function* demoTableSteps(opener: Opener, options: DemoTableOptions, actors: Actor[]): Generator<DemoStep, DemoTable> {
  const gen = prng.create(options.seed);
  const start = options.now - 365 * DAY;
  let clock = start - 2 * DAY;
  const now = () => clock;
  const at = (day: number, hour = 10) => {
    clock = Math.min(options.now, start + day * DAY + hour * HOUR + prng.int32(gen, 0, 59) * 60_000);
  };

  const directory = new Y.Doc();
  const workspaceId = createWorkspaceTransport(directory, opener.identity, clock);
  const actor = (key: string, identity: Identity, profile: MemberProfile, transport: Y.Doc): Actor => {
    const rooms = new Map<string, Y.Doc>();
    const { schedule, run } = manualSchedule();
    const workspace = new SecureWorkspace({
      workspaceId,
      identity,
      transport,
      schedule,
      now,
      openRoom: (c) => rooms.get(c) ?? rooms.set(c, new Y.Doc()).get(c)!,
      closeRoom: (c) => void rooms.delete(c),
    });
    const a: Actor = { key, identity, profile, workspace, api: new WorkspaceApi(workspace, identity, now), rooms, run };
    actors.push(a);
    return a;
  };
  const admin = actor('opener', opener.identity, opener.profile, directory);
  /**
   * Every member's edits sealed and exchanged with the opener's transports. Two rounds bring every
   * member level (the opener runs first); a roster change takes a third, for the keys the opener wraps.
   */
  const sync = (rounds = 2) => {
    for (let round = 0; round < rounds; round++)
      for (const a of actors) {
        a.run();
        if (a === admin) continue;
        exchange(a.workspace.transport, admin.workspace.transport);
        for (const [c, doc] of a.rooms) {
          const hub = admin.rooms.get(c);
          if (hub) exchange(doc, hub);
        }
      }
  };

  // Day 0: the task force forms. The opener names the table, makes the partners' compartment and invites.
  admin.api.name(opener.title, opener.profile);
  const partnerCompartmentId = admin.api.createCompartment({
    kind: 'releasable',
    title: PARTNER_COMPARTMENT_TITLE,
    members: [],
  });
  sync(3);
  const by = new Map<string, Actor>([['opener', admin]]);
  for (const [i, m] of DEMO_MEMBERS.entries()) {
    at(0, 9 + i * 0.25);
    const seed = admin.api.invite(m.role, 7 * DAY, m.role === 'partner' ? [partnerCompartmentId] : []);
    const transport = new Y.Doc();
    exchange(directory, transport);
    const identity = generateIdentity();
    completeJoin(transport, workspaceId, seed, identity, clock);
    const member = actor(m.key, identity, { name: m.name, agency: m.agency }, transport);
    by.set(m.key, member);
    exchange(transport, directory);
    // The admin confirms the join: its one use, so it stands once the invite has expired.
    admin.api.confirmJoin(memberIdOf(identityFromSeed(seed)), member.workspace.me);
  }
  sync(3);
  for (const a of actors) if (a !== admin) a.api.signProfile(a.profile);
  sync(3);
  const who = (key: string) => by.get(key)!;
  yield { stage: 'organizations', done: 0, total: ORGS.length };

  // The first month: each card opened by its member, with the network they brought.
  const cards: Card[] = [];
  for (const [i, o] of ORGS.entries()) {
    const member = who(o.by);
    at(1 + i * 2.5);
    const first = o.name.split(' ')[0]!;
    const id = member.api.board.addOrganization({
      name: o.name,
      lane: DEFAULT_LANES[0],
      threat: o.threat,
      activities: o.activities,
      sectors: [prng.oneOf(gen, SECTORS)],
      cities: [prng.oneOf(gen, PLACES), prng.oneOf(gen, PLACES)].filter((c, k, all) => all.indexOf(c) === k),
      leadAgency: member.profile.agency,
      status: 'active',
      summary: `The ${first} group ${prng.oneOf(gen, WHAT)}. First surfaced through ${prng.oneOf(gen, SINCE)} near ${prng.oneOf(gen, PLACES)}.`,
    });
    const card: Card = { id, name: o.name, lane: 0, threat: o.threat, phones: [], plates: [], people: [], entries: [] };
    cards.push(card);
    const leader = addEntry(member, gen, card, 'person', 'leader');
    for (const kind of ['phone', 'vehicle', 'person', 'location'] as const) {
      const e = addEntry(member, gen, card, kind);
      member.api.board.addLink({ from: leader, to: e, label: LINK_LABEL[kind] });
    }
    sync();
    yield { stage: 'organizations', done: i + 1, total: ORGS.length };
  }

  // The year: outcomes (more as the cards mature), entries from the other agencies, moves and threats.
  const core = DEMO_MEMBERS.filter((m) => m.role !== 'partner').map((m) => m.key);
  const outcomeIds: string[] = [];
  const released: string[] = [];
  const roundIds: string[] = [];
  const reportIds: string[] = [];
  const months = 12;
  for (let month = 1; month <= months; month++) {
    const base = 30 * month;
    // Outcomes: a rising trend, 2 in the first months to 9 in the last.
    const count = 2 + Math.round((7 * month) / months);
    for (let k = 0; k < count; k++) {
      const member = who(prng.oneOf(gen, core));
      const card = weightedCard(gen, cards);
      at(Math.min(364, base - 30 + prng.int32(gen, 1, 29)));
      outcomeIds.push(member.api.board.addOutcome(card.id, outcomeOf(gen, member, clock)));
    }
    // New entries from whoever is working the card.
    for (let k = 0; k < 3; k++) {
      const member = who(prng.oneOf(gen, core));
      const card = weightedCard(gen, cards);
      at(base - 30 + prng.int32(gen, 1, 29));
      const e = addEntry(member, gen, card, prng.oneOf(gen, ['phone', 'vehicle', 'person'] as const));
      if (card.people[0]) member.api.board.addLink({ from: card.people[0], to: e, label: 'associate of' });
    }
    // Two cards move on (two, not one twice: members who have not synced would move it at once), and a threat is re-judged.
    const moved = new Set<Card>();
    for (let k = 0; k < 2; k++) {
      const card = prng.oneOf(
        gen,
        cards.filter((c) => c.lane < 4 && !moved.has(c)),
      );
      moved.add(card);
      const member = who(prng.oneOf(gen, ['bp', 'hsi', 'dea', 'opener']));
      at(base - 30 + prng.int32(gen, 1, 29));
      moveOn(member, card, month);
    }
    {
      const card = prng.oneOf(gen, cards);
      const member = who(prng.oneOf(gen, core));
      at(base - 30 + prng.int32(gen, 1, 29));
      card.threat = prng.oneOf(gen, ['moderate', 'high', 'critical'] as const);
      member.api.board.updateOrganization(card.id, { threat: card.threat });
    }
    sync();
    // A quarter's priority round: opened by a lead, ranked by the leads and the admin, closed a week later.
    if (month % 3 === 0) {
      roundIds.push(priorityRound(who, gen, cards, base - 10, at, sync, month / 3));
    }
    // Mid-year the opener releases three cards to the sheriff's deputy; the deputy adds its arrest.
    if (month === 6) {
      at(base - 5);
      for (const card of cards.filter((c) =>
        ['Salt Mesa Cell', 'Amber Arroyo Crew', 'Basalt Tern Crew'].includes(c.name),
      )) {
        // As the release menu offers it: the partners' compartment is among the card's targets.
        const target = admin.api.board
          .releaseTargets('organizations', card.id)
          .find((t) => t.title === PARTNER_COMPARTMENT_TITLE);
        if (!target) throw new Error(`the demo cannot release ${card.name} to the partners`);
        admin.api.board.release('organizations', card.id, target.compartmentId);
        released.push(card.id);
      }
      sync();
      at(base - 2);
      const deputy = who('so');
      const card = cards.find((c) => c.name === 'Amber Arroyo Crew')!;
      outcomeIds.push(
        deputy.api.board.addOutcome(card.id, {
          kind: 'arrest',
          date: isoDay(clock),
          agency: 'County Sheriff',
          note: 'Driver arrested on a county road stop; phone seized.',
        }),
      );
      sync();
    }
    // Field reports through the year, most on something already on the board.
    if (month % 2 === 0) {
      at(base - prng.int32(gen, 3, 20));
      const filed = fileReport(who(prng.oneOf(gen, core)), gen, cards, clock);
      reportIds.push(filed.reportId);
      sync();
      if (month < 12) {
        at(base - 1);
        const card = cards.find((c) => c.id === filed.orgId)!;
        who('opener').api.reports.triage(filed.reportId, { link: card.id });
        sync();
      }
    }
    yield { stage: 'months', done: month, total: months };
  }

  // The last seven days: what a Monday briefing covers.
  const last = 358;
  at(last + 1);
  const deputy = who('so');
  const partnerCard = cards.find((c) => c.name === 'Salt Mesa Cell')!;
  reportIds.push(
    deputy.api.reports.add({
      text: 'Deputy stopped a grey pickup near the county line; driver gave a number that rings to a known handset.',
      identifiers: [{ kind: 'phone', value: partnerCard.phones[0]! }],
      where: 'County Road 12',
      when: isoDay(clock),
      reliability: 'B',
      credibility: '2',
      compartmentId: partnerCompartmentId,
    }).reportId,
  );
  for (let k = 0; k < 3; k++) {
    at(last + 1 + k * 2, 14);
    reportIds.push(fileReport(who(prng.oneOf(gen, core)), gen, cards, clock).reportId);
  }
  for (let k = 0; k < 4; k++) {
    const member = who(prng.oneOf(gen, core));
    const card = weightedCard(gen, cards);
    at(last + 1 + k, 11);
    outcomeIds.push(member.api.board.addOutcome(card.id, outcomeOf(gen, member, clock)));
    at(last + 1 + k, 15);
    const e = addEntry(member, gen, card, 'phone');
    if (card.people[0]) member.api.board.addLink({ from: card.people[0], to: e, label: 'calls' });
  }
  const movedThisWeek = new Set<Card>();
  for (const key of ['dea', 'bp']) {
    const card = prng.oneOf(
      gen,
      cards.filter((c) => c.lane < 3 && !movedThisWeek.has(c)),
    );
    movedThisWeek.add(card);
    at(last + 3, 9);
    moveOn(who(key), card, 12);
  }
  sync();

  // The weekly briefings: six Mondays, the last of them this week.
  const mondays = [42, 35, 28, 21, 14, 4].map((d) => 365 - d);
  for (const [i, day] of mondays.entries()) {
    at(day, 9);
    const host = who(i % 2 === 0 ? 'opener' : 'bp');
    const noteId = host.api.notes.createMeetingNote({
      title: `Weekly briefing ${isoDay(clock)}`,
      date: isoDay(clock),
      attendees: actors.filter((a) => a.key !== 'so').map((a) => a.workspace.me),
    });
    const docId = noteDocId(noteId);
    const note = new HeadlessNote(host.workspace.document(docId), host.workspace.mirrorClientId(docId));
    note.appendParagraph(`Chair: ${host.profile.name} (${host.profile.agency}).`);
    for (const card of cards.slice(i, i + 3)) note.appendParagraph(`${card.name}: ${prng.oneOf(gen, BRIEFING_LINES)}`);
    note.appendParagraph(`Actions: ${prng.oneOf(gen, ACTIONS)}.`);
    note.destroy();
    sync();
  }

  // This week's briefing (the Briefing tab's default: the seven days ending today, everything held) has
  // its bottom line written by the Border Patrol lead, as the table would before handing it out.
  at(365, 8);
  const lead = who('bp');
  const blufId = lead.api.notes.ensureBriefingNote({ ...defaultPeriod(options.now), compartmentId: null });
  const blufDoc = noteDocId(blufId);
  const bluf = new HeadlessNote(lead.workspace.document(blufDoc), lead.workspace.mirrorClientId(blufDoc));
  const moved = [...movedThisWeek].map((c) => c.name);
  bluf.appendParagraph(
    `${moved.length} ${moved.length === 1 ? 'organization' : 'organizations'} moved lanes this week` +
      (moved.length > 0 ? ` (${moved.join(', ')})` : '') +
      '; new field reports tie phones and plates already on the board to the corridor cases.',
  );
  bluf.appendParagraph('Ask of every agency: bring this week’s seizures and arrests to the table before Monday.');
  bluf.destroy();
  sync();

  const summary: DemoTableSummary = {
    workspaceId,
    members: admin.workspace.roster.members.size,
    organizations: cards.length,
    outcomes: outcomeIds.length,
    reports: reportIds.length,
    rounds: roundIds.length,
    partnerCompartmentId,
    releasedOrganizations: released,
  };
  const rooms = new Map([...admin.rooms].map(([c, doc]) => [c, Y.encodeStateAsUpdate(doc)]));
  const boardList = docListName(WORKSPACE_DOC_ID);
  const envelopes = new Map([...admin.rooms].map(([c, doc]) => [c, doc.getArray(boardList).length]));
  dropActors(actors, opener.identity);
  by.clear();
  return { summary, directory, rooms, envelopes };

  function moveOn(member: Actor, card: Card, month: number): void {
    // Mostly forward; now and then back a lane, as a case stalls.
    const back = card.lane > 0 && card.lane < 4 && month % 5 === 0;
    card.lane += back ? -1 : 1;
    member.api.board.moveOrganization(card.id, { lane: DEFAULT_LANES[card.lane]!, index: 0 });
    if (card.lane === 4) member.api.board.updateOrganization(card.id, { status: 'dismantled' });
  }
}

const WHAT = [
  'moves loads through desert washes at night',
  'uses rented box trucks and rotating drivers',
  'stages loads in residential stash houses',
  'launders proceeds through small cash businesses',
  'recruits drivers through online job posts',
];
const SINCE = ['a joint wire', 'a traffic stop', 'a tip line report', 'a seizure at the port', 'a cooperating witness'];
const BRIEFING_LINES = [
  'new phone on the toll records; HSI to serve the subpoena.',
  'surveillance on the stash house continues through the weekend.',
  'the driver arrested last week is talking; DEA follows up.',
  'load expected through Sector 4 before the end of the month.',
  'no movement this week; keep on the board.',
];
const ACTIONS = [
  'Border Patrol to share the sensor hits by Wednesday',
  'CBP to run the plates through the port records',
  'FBI to brief the AUSA on the indictment package',
  'USCG to flag the panga sightings on the coastal strip',
];
const LINK_LABEL = { phone: 'uses', vehicle: 'drives', person: 'works with', location: 'runs' } as const;

/** A card, the busy ones (the first few) more often: a real board's attention is uneven. */
function weightedCard(gen: PRNG, cards: Card[]): Card {
  return cards[Math.floor(cards.length * prng.real53(gen) ** 1.6)]!;
}

function phoneNumber(gen: PRNG): string {
  return `(${prng.oneOf(gen, AREA_CODES)}) 555-01${String(prng.int32(gen, 0, 99)).padStart(2, '0')}`;
}

function plate(gen: PRNG): string {
  const letters = Array.from({ length: 3 }, () => String.fromCharCode(65 + prng.int32(gen, 0, 25))).join('');
  return `${prng.oneOf(gen, STATES)} ${letters}-${prng.int32(gen, 1000, 9999)}`;
}

/** Adds a network entry to `card`, signed by `member`; remembers what a report can match. */
function addEntry(
  member: Actor,
  gen: PRNG,
  card: Card,
  kind: 'person' | 'phone' | 'vehicle' | 'location',
  role?: (typeof ROLES)[number],
): string {
  let fields: EntityFields;
  if (kind === 'person') {
    const name = `"${prng.oneOf(gen, CODENAMES)}" (codename)`;
    fields = { kind, name, role: role ?? prng.oneOf(gen, [...ROLES]), detail: 'Identity unconfirmed.' };
  } else if (kind === 'phone') {
    const number = phoneNumber(gen);
    card.phones.push(number);
    fields = { kind, name: number, detail: `Prepaid handset; ${prng.int32(gen, 3, 60)} contacts in toll records.` };
  } else if (kind === 'vehicle') {
    const p = plate(gen);
    card.plates.push(p);
    fields = { kind, name: `${prng.oneOf(gen, VEHICLES)}, plate ${p}`, detail: 'Registered to a shell company.' };
  } else {
    const name = `${prng.int32(gen, 1, 48) * 100} block of ${prng.oneOf(gen, STREETS)}`;
    fields = { kind, name, locationKind: 'stash house', detail: 'Under surveillance.' };
  }
  const id = member.api.board.addEntity(card.id, fields);
  if (kind === 'person') card.people.push(id);
  card.entries.push(id);
  return id;
}

/** An outcome by `member`'s agency, dated the day it is signed. */
function outcomeOf(gen: PRNG, member: Actor, when: number): OutcomeFields {
  const date = isoDay(when);
  const agency = member.profile.agency;
  const roll = prng.int32(gen, 0, 99);
  if (roll < 30) return { kind: 'arrest', date, agency, note: `${prng.int32(gen, 1, 4)} arrested at a stash house.` };
  if (roll < 70) {
    const category = prng.oneOf(gen, ['narcotics', 'narcotics', 'weapons', 'currency'] as const);
    const seizure =
      category === 'narcotics'
        ? { category, drugKind: prng.oneOf(gen, DRUGS), weightKg: Math.round(prng.real53(gen) * 400 + 5) }
        : category === 'weapons'
          ? { category, count: prng.int32(gen, 2, 40) }
          : { category, amountUsd: prng.int32(gen, 20, 900) * 1000 };
    return { kind: 'seizure', date, agency, note: 'Seized at a traffic stop; chain of custody logged.', seizure };
  }
  if (roll < 88) return { kind: 'indictment', date, agency, note: 'Grand jury returned an indictment.' };
  return { kind: 'entry-permission revocation', date, agency, note: 'Border crossing card revoked.' };
}

/** A field report by `member` naming identifiers of one card (and a new one), as a patrol files it. */
function fileReport(member: Actor, gen: PRNG, cards: Card[], when: number): { reportId: string; orgId: string } {
  const card = prng.oneOf(
    gen,
    cards.filter((c) => c.phones.length > 0 && c.plates.length > 0),
  );
  const identifiers: Identifier[] = [
    { kind: 'phone', value: prng.oneOf(gen, card.phones) },
    { kind: 'plate', value: prng.oneOf(gen, card.plates) },
    { kind: 'phone', value: phoneNumber(gen) },
  ];
  const { reportId } = member.api.reports.add({
    text: `${prng.oneOf(gen, VEHICLES)} seen at ${prng.oneOf(gen, PLACES)}; a receipt in the cab lists two numbers.`,
    identifiers,
    where: prng.oneOf(gen, SECTORS),
    when: isoDay(when),
    reliability: prng.oneOf(gen, ['B', 'C'] as const),
    credibility: prng.oneOf(gen, ['2', '3'] as const),
  });
  return { reportId, orgId: card.id };
}

/**
 * A quarter's round over the cards still open: the lead opens it, each lead and the admin ranks by
 * its own view (the cards' threat and lane, and its agency's interest, which moves quarter to
 * quarter), and the opener closes it a week later.
 */
function priorityRound(
  who: (key: string) => Actor,
  gen: PRNG,
  cards: Card[],
  day: number,
  at: (day: number, hour?: number) => void,
  sync: () => void,
  quarter: number,
): string {
  const candidates = cards.filter((c) => c.lane < 4);
  const opener = who(['bp', 'dea', 'hsi', 'fbi'][quarter % 4]!);
  at(day, 9);
  const roundId = opener.api.votes.open({
    title: `Q${quarter} priorities`,
    candidates: candidates.map((c) => c.id),
    per: 'lead',
    method: 'schulze',
    closesAt: null,
  });
  sync();
  const weight = { low: 1, moderate: 2, high: 3, critical: 4 } as const;
  // Five voters, each ranking every candidate: no pairwise tie, so no tied places.
  for (const [k, key] of ['opener', 'bp', 'hsi', 'dea', 'fbi'].entries()) {
    at(day + 1 + k, 14);
    const scored = candidates.map((c, i) => ({
      id: c.id,
      // What the table agrees on (threat, progress, the quarter's focus), and each voter's own view of it.
      score: weight[c.threat] * 2 + c.lane + ((i * 7 + quarter * 5) % 6) + ((i + k) % 3) * 0.5 + prng.real53(gen),
    }));
    scored.sort((a, b) => b.score - a.score);
    who(key).api.votes.cast(
      roundId,
      scored.map((s) => [s.id]),
    );
  }
  sync();
  at(day + 7, 16);
  opener.api.votes.close(roundId);
  sync();
  return roundId;
}
