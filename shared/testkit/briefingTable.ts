import { coreCompartmentId } from '../membership';
import type { OutcomeFields } from '../model';
import { HeadlessNote, noteDocId } from '../notes';
import { roomsWorld } from './roomsWorld';
import type { RoomsClient } from './roomsWorld';
import { WorkspaceApi } from '../workspace';

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (day: string, n: number) => dayOf(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS);

/**
 * A task force for briefing tests (fictional names only): an admin, a lead, an analyst, a hostile
 * analyst whose patched client writes what it likes into the rooms it holds, and a partner; the core,
 * a releasable compartment for the partner ("Partner Desk") and a restricted one for the admin and
 * the analyst ("Source Cell"). Every member signs its own facts. The clock starts now; the briefing's
 * period is the week starting eight days later, so facts made before `enterPeriod()` are older.
 * `outcomes` lists every outcome added through it, with the compartment of its organization, so a
 * test can sum what a briefing should show without reading the briefing's code.
 */
export function briefingTable(options: { bulk?: number } = {}) {
  const w = roomsWorld();
  let now = w.now;
  const clock = () => now;
  const leadClient = w.join('lead');
  const analystClient = w.join('analyst');
  const evilClient = w.join('analyst');
  const partnerClient = w.join('partner');
  const rel = w.createCompartment(w.admin, 'releasable', [partnerClient.workspace.me], {
    title: 'Partner Desk',
    marking: 'TLP:GREEN — REL TO PARTNER DESK',
  }).id;
  const secret = w.createCompartment(w.admin, 'restricted', [w.admin.workspace.me, analystClient.workspace.me], {
    title: 'Source Cell',
    marking: 'TLP:RED — SOURCE CELL',
  }).id;
  w.sync();
  const core = coreCompartmentId(w.workspaceId);
  const api = (c: RoomsClient) => new WorkspaceApi(c.workspace, c.identity, clock);
  const admin = api(w.admin);
  const lead = api(leadClient);
  const analyst = api(analystClient);
  const evil = api(evilClient);
  const partner = api(partnerClient);
  admin.signProfile({ name: 'Dana Whitfield', agency: 'HSI' });
  lead.signProfile({ name: 'Marco Ibarra', agency: 'DEA' });
  analyst.signProfile({ name: 'Ravi Okafor', agency: 'CBP' });
  evil.signProfile({ name: 'Mallory Crane', agency: 'Rogue Unit' });
  partner.signProfile({ name: 'Ines Partida', agency: 'State Police' });
  w.sync();

  const from = dayOf(w.now + 8 * DAY_MS);
  const to = addDays(from, 6);
  const outcomes: Array<OutcomeFields & { id: string; org: string; compartmentId: string; by: string }> = [];
  const outcome = (who: WorkspaceApi, org: string, fields: OutcomeFields) => {
    const id = who.board.addOutcome(org, fields);
    outcomes.push({ ...fields, id, org, compartmentId: who.board.card(org)!.compartmentId, by: who.me!.memberId });
    return id;
  };

  /** The hostile analyst's raw edit of room `room`'s `workspace` document, sealed as itself and sent. */
  const hostileEdit = w.hostileWriter(evilClient, 4343);

  /** Writes a paragraph into a note as `who` (the editor's own path, headless). */
  const write = (who: RoomsClient, noteId: string, text: string) => {
    const docId = noteDocId(noteId);
    const note = new HeadlessNote(who.workspace.document(docId), who.workspace.mirrorClientId(docId));
    note.appendParagraph(text);
    note.destroy();
  };

  return {
    ...{ w, core, rel, secret, from, to, outcomes, outcome, hostileEdit, write },
    ...{ admin, lead, analyst, evil, partner, clients: { leadClient, analystClient, evilClient, partnerClient } },
    bulk: options.bulk ?? 0,
    /** Moves the clock into the period (day 2 of it, 10:00 UTC). */
    enterPeriod: () => {
      now = Date.parse(`${addDays(from, 1)}T10:00:00Z`);
    },
    advance: (ms: number) => {
      now += ms;
    },
    clock,
  };
}

export type BriefingTable = ReturnType<typeof briefingTable>;

/** Fictional markers: what a partner briefing may hold, and what it must never hold. */
export const MARKERS = {
  released: { org: 'Harbor Kite Network', person: 'Lena Marsh', note: 'Released control note 7731' },
  core: {
    org: 'Copper Line Syndicate',
    person: 'Tomas Vell',
    phone: '+1 956 555 0142',
    note: 'Core only outcome note 5512',
    meeting: 'Core meeting marker 9081',
    /** The latest round's title: a round is opened in the core, its title a core fact. */
    round: 'Core round marker 2417',
  },
  secret: { org: 'Quiet Lantern Ring', person: 'Osric Pell', note: 'Source cell note 4470' },
  hostile: { note: 'Hostile outcome marker 6666' },
};

/**
 * Fills a table with a week worth briefing: organizations in the core (the first named
 * MARKERS.core.org), one released to the partner, one in the Source Cell; two closed priority
 * rounds; outcomes before and in the period by several members; new entries, a report that
 * connects two organizations, a meeting note. Returns the organizations' ids by name, and the
 * order of the latest round's top five.
 */
export function fillTable(t: BriefingTable) {
  const { admin, lead, analyst, partner, w, rel, secret } = t;
  const coreNames = [
    MARKERS.core.org,
    'Salt Mesa Crew',
    'Red Arroyo Group',
    'Blue Heron Cell',
    'Night Ferry Line',
    'Dust Devil Crew',
    'Iron Gate Traders',
  ];
  const ids = new Map<string, string>();
  for (const name of coreNames) ids.set(name, admin.board.addOrganization({ name }));
  ids.set(MARKERS.released.org, admin.board.addOrganization({ name: MARKERS.released.org, compartmentId: rel }));
  ids.set(MARKERS.secret.org, admin.board.addOrganization({ name: MARKERS.secret.org, compartmentId: secret }));
  const id = (name: string) => ids.get(name)!;
  w.sync();
  // Older facts: outside the period.
  t.outcome(analyst, id('Salt Mesa Crew'), { kind: 'arrest', date: addDays(t.from, -20), agency: 'CBP', note: 'old' });
  admin.board.addEntity(id(MARKERS.core.org), { kind: 'person', name: 'Old Entry Person', detail: '' });
  w.sync();

  // Two rounds: the first ranks Salt Mesa first; the latest puts the released org and Copper Line on top.
  const round = (title: string, order: string[]) => {
    const candidates = [...coreNames, MARKERS.released.org].map(id);
    const roundId = admin.votes.open({ title, candidates, per: 'lead', method: 'borda', closesAt: null });
    w.sync();
    lead.votes.cast(
      roundId,
      order.map((n) => [id(n)]),
    );
    w.sync();
    t.advance(60_000);
    admin.votes.close(roundId);
    w.sync();
    t.advance(60_000);
  };
  round('Round 1', ['Salt Mesa Crew', MARKERS.core.org, 'Red Arroyo Group', MARKERS.released.org, 'Night Ferry Line']);
  const top = [MARKERS.released.org, MARKERS.core.org, 'Salt Mesa Crew', 'Iron Gate Traders', 'Blue Heron Cell'];
  round(MARKERS.core.round, [...top, 'Red Arroyo Group', 'Dust Devil Crew', 'Night Ferry Line']);

  t.enterPeriod();
  const d = (n: number) => addDays(t.from, n);
  // In the period, by several members and agencies.
  t.outcome(analyst, id(MARKERS.core.org), { kind: 'arrest', date: d(1), agency: 'CBP', note: MARKERS.core.note });
  t.outcome(lead, id(MARKERS.core.org), {
    ...{ kind: 'seizure', date: d(2), agency: 'DEA', note: '' },
    seizure: { category: 'narcotics', drugKind: 'methamphetamine', weightKg: 12.5 },
  });
  t.outcome(admin, id('Salt Mesa Crew'), {
    ...{ kind: 'seizure', date: d(3), agency: 'HSI', note: 'rifles in a trailer' },
    seizure: { category: 'weapons', count: 7 },
  });
  t.outcome(admin, id('Salt Mesa Crew'), {
    ...{ kind: 'seizure', date: d(3), agency: 'HSI', note: '' },
    seizure: { category: 'currency', amountUsd: 48_200 },
  });
  t.outcome(lead, id('Red Arroyo Group'), { kind: 'indictment', date: d(4), agency: 'DEA', note: 'grand jury' });
  t.outcome(admin, id(MARKERS.secret.org), { kind: 'arrest', date: d(2), agency: 'HSI', note: MARKERS.secret.note });
  t.outcome(partner, id(MARKERS.released.org), {
    ...{ kind: 'entry-permission revocation', date: d(5), agency: 'State Police', note: MARKERS.released.note },
  });
  t.outcome(admin, id(MARKERS.released.org), {
    ...{ kind: 'seizure', date: d(0), agency: 'HSI', note: '' },
    seizure: { category: 'narcotics', drugKind: 'fentanyl pills', weightKg: 3.25 },
  });
  // Just outside, either side.
  t.outcome(admin, id('Iron Gate Traders'), { kind: 'arrest', date: d(-1), agency: 'HSI', note: 'day before' });
  t.outcome(admin, id('Iron Gate Traders'), { kind: 'arrest', date: d(7), agency: 'HSI', note: 'day after' });
  for (let i = 0; i < t.bulk; i++)
    t.outcome(lead, id('Dust Devil Crew'), {
      ...{ kind: i % 2 ? 'arrest' : 'seizure', date: d(i % 7), agency: 'DEA', note: `bulk row ${i}` },
      ...(i % 2 ? {} : { seizure: { category: 'narcotics' as const, drugKind: 'cocaine', weightKg: 1 } }),
    });
  w.sync();

  const person = analyst.board.addEntity(id(MARKERS.core.org), {
    kind: 'person',
    name: MARKERS.core.person,
    detail: '',
  });
  const phone = analyst.board.addEntity(id(MARKERS.core.org), { kind: 'phone', name: MARKERS.core.phone, detail: '' });
  const released = partner.board.addEntity(id(MARKERS.released.org), {
    ...{ kind: 'person', name: MARKERS.released.person, detail: '' },
  });
  admin.board.addEntity(id(MARKERS.secret.org), { kind: 'person', name: MARKERS.secret.person, detail: '' });
  w.sync();
  const report = analyst.reports.add({
    text: 'A courier used the same phone at the port.',
    identifiers: [{ kind: 'phone', value: MARKERS.core.phone }],
    reliability: 'B',
    credibility: '2',
  });
  w.sync();
  const meeting = admin.notes.createMeetingNote({ title: 'Weekly table', date: d(2), attendees: [] });
  t.write(w.admin, meeting, MARKERS.core.meeting);
  const bluf = admin.notes.ensureBriefingNote({ from: t.from, to: t.to, compartmentId: rel });
  t.write(w.admin, bluf, 'Partner bottom line: two seizures.');
  const blufAll = admin.notes.ensureBriefingNote({ from: t.from, to: t.to, compartmentId: null });
  t.write(w.admin, blufAll, 'Everything bottom line.');
  w.sync();
  return { ids, id, top, entries: { person, phone, released }, report: report.reportId, meeting };
}
