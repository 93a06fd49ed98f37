import * as prng from 'lib0/prng';
import type { PRNG } from 'lib0/prng';
import type * as Y from 'yjs';

import { moveOrganization } from '../model';
import { DEFAULT_LANES } from '../model';
import { addEntity, addLink, removeLink, updateEntity } from '../model';
import { addOrganization, updateOrganization } from '../model';
import { addOutcome, removeOutcome, updateOutcome } from '../model';
import { ACTIVITIES, ENTITY_KINDS, OUTCOME_KINDS, PERSON_ROLES, THREAT_LEVELS } from '../model';
import type { EntityFields, EntityKind, OutcomeFields, OutcomeKind, SeizureFields } from '../model';

/**
 * A fictional workspace, generated from a seed: for the demo a newcomer opens, for screenshots, and
 * for benchmark P3 at 2,000 organizations. Every name is made up from neutral words (minerals,
 * birds, landforms); people are codenames; phone numbers are in 555-0100–0199, the range set aside
 * for fiction. It is written through the public model API only, with `at` stamps, so it looks like
 * what members would have typed over `days` days — provenance, history and all.
 */
export interface DemoOptions {
  seed: number;
  organizations: number;
  entitiesPerOrganization: number;
  /** Outcomes each organization starts with (the history records some more and retracts a few). */
  outcomesPerOrganization: number;
  /** Edits after everything is created: field changes, moves, network and outcome updates. */
  historyEdits: number;
  /** The newest `at` stamp (ms). */
  now: number;
  /** Every stamp falls within the `days` days before `now`. */
  days: number;
}

/** What a newcomer sees in the demo workspace. */
export const DEMO_SMALL: Omit<DemoOptions, 'now'> = {
  seed: 0x5eed,
  organizations: 12,
  entitiesPerOrganization: 6,
  outcomesPerOrganization: 3,
  historyEdits: 300,
  days: 90,
};

export interface DemoSummary {
  organizationIds: string[];
  entities: number;
  links: number;
  outcomes: number;
}

const DAY = 86_400_000;

// Word lists as text, split once: one line of words each (a name of several words in `phrases`, split at "|").
const words = (text: string): string[] => text.split(/\s+/).filter(Boolean);
const phrases = (text: string): string[] => text.split(/\s*[|\n]\s*/).filter(Boolean);

const MINERALS = words(`
  Copper Salt Cobalt Amber Slate Cinder Quartz Ochre Flint Mica Basalt Pewter
  Umber Chalk Garnet Juniper Sorrel Gypsum Agate Borax Cedar Sage Tin Talc`);
const CREATURES_AND_LANDFORMS = words(`
  Heron Mesa Wren Arroyo Kestrel Badger Butte Plover Marten Ridge Tern Crane
  Ibis Egret Finch Lark Shrike Pika Hollow Bluff Basin Playa Spur Flats`);
const KINDS_OF_GROUP = words('Network Cell Group Crew Ring Circle Outfit Collective');
const CODENAMES = words(`
  Lantern Tumbleweed Ledger Spindle Quill Harrow Bellows Thimble Anvil Kettle Satchel Tinder
  Rivet Gimlet Trowel Bobbin Cobble Ferrule Wicket Ladle Grommet Tallow Sprocket Mallet`);
const PLACES = phrases(`
  Calder Springs | Dry Fork | Vela Junction | Ortell | Hallam Wells | Pinto Gap
  Ransom Flats | Cordell | Mabry Crossing | Silt Creek | Yarrow | Benton Draw`);
const SECTORS = phrases(`
  Sector 1 | Sector 2 | Sector 3 | Sector 4 | Sector 5 | Sector 6
  North Corridor | East Desert | Port of Entry 2 | Coastal Strip`);
/** Lead and outcome agencies (agencies, not people). */
export const DEMO_AGENCIES = ['Border Patrol', 'CBP', 'HSI', 'DEA', 'FBI', 'USCG', 'County Sheriff'] as const;
const COLOURS = words('grey white black silver tan red blue green');
const VEHICLES = phrases(
  'pickup | box truck | sedan | SUV | cargo van | flatbed with trailer | panga boat | motorcycle',
);
const STREETS = phrases('Mesquite Rd | Frontage Rd | Canal St | Ocotillo Ave | Depot Ln | County Road 12 | Quarry Rd');
const WAYPOINTS = phrases(`
  the mile 37 rest area | the county road 12 junction | the old rail siding | the gate 3 service road
  the truck stop on the frontage road | the marina fuel dock`);
const BUSINESSES = phrases('Tire shop | Car wash | Money transfer counter | Produce warehouse | Trucking yard');
const DRUGS = phrases('methamphetamine | fentanyl pills | cocaine | heroin | marijuana');
const LANE_SHARE = [0.3, 0.25, 0.2, 0.15, 0.1]; // Identify … Dismantled, for a board mid-year

interface Org {
  id: string;
  name: string;
  lane: number;
  entities: { id: string; kind: EntityKind; name: string }[];
  links: string[];
  outcomes: string[];
}

/**
 * Writes a generated workspace into `doc` (which should hold no organizations yet). The same seed
 * and options give the same board, names, lanes and order (ids stay random, as the model makes
 * them). `onProgress` hears the number of steps done: one per organization, then one per history
 * edit (`organizations + historyEdits` in all), so a caller may flush or yield between them.
 */
export function seedDemoWorkspace(doc: Y.Doc, options: DemoOptions, onProgress?: (done: number) => void): DemoSummary {
  const gen = prng.create(options.seed);
  const start = options.now - options.days * DAY;
  // The cards are typed in during the first tenth of the period; the rest is their history.
  const createdBy = start + options.days * DAY * 0.1;
  const names = organizationNames(gen, options.organizations);
  const startLanes = laneQuotas(gen, names.length);
  const orgs: Org[] = [];
  let done = 0;
  for (const [i, name] of names.entries()) {
    const at = Math.round(start + ((createdBy - start) * i) / Math.max(1, names.length));
    orgs.push(createOrganization(doc, gen, name, startLanes[i]!, options, at));
    onProgress?.(++done);
  }
  const stamps = Array.from(
    { length: options.historyEdits },
    () => createdBy + prng.real53(gen) * (options.now - createdBy),
  );
  stamps.sort((a, b) => a - b);
  for (const at of stamps) {
    historyEdit(doc, gen, orgs, Math.min(options.now, Math.round(at)));
    onProgress?.(++done);
  }
  return {
    organizationIds: orgs.map((o) => o.id),
    entities: orgs.reduce((n, o) => n + o.entities.length, 0),
    links: orgs.reduce((n, o) => n + o.links.length, 0),
    outcomes: orgs.reduce((n, o) => n + o.outcomes.length, 0),
  };
}

/** `count` distinct names ("Copper Heron Network"), a numeral added once the combinations run out. */
function organizationNames(gen: PRNG, count: number): string[] {
  const all: string[] = [];
  for (const a of MINERALS)
    for (const b of CREATURES_AND_LANDFORMS) for (const c of KINDS_OF_GROUP) all.push(`${a} ${b} ${c}`);
  shuffle(gen, all);
  return Array.from({ length: count }, (_, i) =>
    i < all.length ? all[i]! : `${all[i % all.length]} ${Math.floor(i / all.length) + 1}`,
  );
}

/** Each lane's share of `count` cards (largest remainders round up), in random order: no lane left empty by chance. */
function laneQuotas(gen: PRNG, count: number): number[] {
  const exact = LANE_SHARE.map((share) => share * count);
  const quotas = exact.map(Math.floor);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  const short = count - quotas.reduce((a, b) => a + b, 0);
  for (let k = 0; k < short; k++) quotas[byRemainder[k]![1]]!++;
  const lanes = quotas.flatMap((q, lane) => Array.from({ length: q }, () => lane));
  shuffle(gen, lanes);
  return lanes;
}

function createOrganization(doc: Y.Doc, gen: PRNG, name: string, lane: number, options: DemoOptions, at: number): Org {
  const [first, second] = name.split(' ');
  const org: Org = { id: '', name, lane, entities: [], links: [], outcomes: [] };
  // One card with its network and outcomes is one edit, as one person would enter it.
  doc.transact(() => {
    org.id = addOrganization(
      doc,
      {
        name,
        lane: DEFAULT_LANES[lane],
        aliases: prng.bool(gen) ? [`the ${second!.endsWith('s') ? second : `${second}s`}`] : [],
        threat: prng.oneOf(gen, [...THREAT_LEVELS]),
        activities: pickSome(gen, ACTIVITIES, 1, 3),
        sectors: pickSome(gen, SECTORS, 1, 2),
        cities: pickSome(gen, PLACES, 1, 3),
        leadAgency: prng.oneOf(gen, [...DEMO_AGENCIES]),
        status: lane === 4 ? 'dismantled' : prng.int32(gen, 0, 5) === 0 ? 'dormant' : 'active',
        summary: summaryOf(gen, first!),
      },
      at,
    );
    for (let k = 0; k < options.entitiesPerOrganization; k++) {
      const fields = newEntity(gen, org, k === 0 ? 'person' : undefined);
      const id = addEntity(doc, org.id, fields, at);
      // Each entry joins the network through someone already in it (the first is a person).
      const person = somePerson(gen, org);
      if (person) org.links.push(addLink(doc, { from: person.id, to: id, label: labelFor(gen, fields.kind) }, at));
      org.entities.push({ id, kind: fields.kind, name: fields.name });
    }
    for (let k = 0; k < options.outcomesPerOrganization; k++) {
      org.outcomes.push(addOutcome(doc, org.id, outcomeOf(gen, at - prng.int32(gen, 1, 120) * DAY), at));
    }
  });
  return org;
}

/** One member's edit at `at`: mostly notes and network details, sometimes a move or an outcome. */
function historyEdit(doc: Y.Doc, gen: PRNG, orgs: Org[], at: number): void {
  // A few cards get most of the attention, as on a real board.
  const org = orgs[Math.floor(orgs.length * prng.real53(gen) ** 2)]!;
  const roll = prng.int32(gen, 0, 99);
  const [first] = org.name.split(' ');
  if (roll < 8) updateOrganization(doc, org.id, { threat: prng.oneOf(gen, [...THREAT_LEVELS]) }, at);
  else if (roll < 22) updateOrganization(doc, org.id, { summary: summaryOf(gen, first!) }, at);
  else if (roll < 26) updateOrganization(doc, org.id, { aliases: [`${prng.oneOf(gen, CODENAMES)}'s people`] }, at);
  else if (roll < 31)
    updateOrganization(doc, org.id, { cities: pickSome(gen, PLACES, 1, 3), sectors: pickSome(gen, SECTORS, 1, 2) }, at);
  else if (roll < 35) updateOrganization(doc, org.id, { activities: pickSome(gen, ACTIVITIES, 1, 3) }, at);
  else if (roll < 37) updateOrganization(doc, org.id, { leadAgency: prng.oneOf(gen, [...DEMO_AGENCIES]) }, at);
  else if (roll < 39)
    updateOrganization(
      doc,
      org.id,
      { status: org.lane === 4 ? 'dismantled' : prng.oneOf(gen, ['active', 'dormant'] as const) },
      at,
    );
  else if (roll < 43) move(doc, gen, org, orgs, at);
  else if (roll < 75) {
    const e = prng.oneOf(gen, org.entities);
    if (e) updateEntity(doc, e.id, { detail: entityOf(gen, e.kind).detail }, at);
  } else if (roll < 78) {
    const e = prng.oneOf(gen, org.entities);
    if (e && (e.kind === 'phone' || e.kind === 'vehicle'))
      updateEntity(doc, e.id, { name: (e.name = newEntity(gen, org, e.kind).name) }, at);
  } else if (roll < 86) org.outcomes.push(addOutcome(doc, org.id, outcomeOf(gen, at), at));
  else if (roll < 91) {
    const o = prng.oneOf(gen, org.outcomes);
    if (o)
      updateOutcome(
        doc,
        o,
        { note: `${prng.oneOf(gen, [...DEMO_AGENCIES])} report filed; ${prng.oneOf(gen, NOTES)}.` },
        at,
      );
  } else if (roll < 92) {
    const o = org.outcomes.splice(prng.int32(gen, 0, org.outcomes.length - 1), 1)[0];
    if (o) removeOutcome(doc, o);
  } else if (roll < 98) {
    const [a, b] = [somePerson(gen, org), prng.oneOf(gen, org.entities)];
    if (a && b && a !== b) org.links.push(addLink(doc, { from: a.id, to: b.id, label: labelFor(gen, b.kind) }, at));
  } else {
    const l = org.links.splice(prng.int32(gen, 0, org.links.length - 1), 1)[0];
    if (l) removeLink(doc, l);
  }
}

/** Mostly one lane on (progress), sometimes one back; to the end of the lane or near its top (priority). */
function move(doc: Y.Doc, gen: PRNG, org: Org, orgs: Org[], at: number): void {
  // A dismantled network seldom comes back; when it does not, its card gets a closing note. The
  // last card of a lane stays too: a newcomer's demo shows every lane in use.
  const stays = orgs.every((o) => o === org || o.lane !== org.lane) || (org.lane === 4 && prng.int32(gen, 0, 4) > 0);
  if (stays) {
    const summary = summaryOf(gen, org.name.split(' ')[0]!) + (org.lane === 4 ? ' Case closed.' : '');
    updateOrganization(doc, org.id, { summary }, at);
    return;
  }
  const step = org.lane === 4 || (org.lane > 0 && prng.int32(gen, 0, 4) === 0) ? -1 : 1;
  org.lane += step;
  const index = prng.bool(gen) ? prng.int32(gen, 0, 10) : undefined;
  moveOrganization(doc, org.id, { lane: DEFAULT_LANES[org.lane]!, ...(index === undefined ? {} : { index }) }, at);
  if (org.lane === 4 || step === -1) {
    updateOrganization(doc, org.id, { status: org.lane === 4 ? 'dismantled' : 'active' }, at);
  }
}

const NOTES = [
  'chain of custody logged',
  'evidence transferred to the lab',
  'follow-up interview scheduled',
  'case agent reassigned',
  'details confirmed by a second source',
];

function summaryOf(gen: PRNG, first: string): string {
  const what = prng.oneOf(gen, [
    'moves loads through desert washes at night',
    'uses rented box trucks and rotating drivers',
    'stages loads in residential stash houses',
    'launders proceeds through small cash businesses',
    'recruits drivers through online job posts',
    'runs lookouts on the approach roads',
  ]);
  const since = prng.oneOf(gen, [
    'a joint wire',
    'a traffic stop',
    'a tip line report',
    'a seizure at the port',
    'a cooperating witness',
  ]);
  return `The ${first} group ${what}. First surfaced through ${since} near ${prng.oneOf(gen, PLACES)}.`;
}

const ENTITY_SHARE = [0.4, 0.2, 0.15, 0.15, 0.1]; // person, phone, vehicle, location, route

function entityOf(gen: PRNG, kind: EntityKind = ENTITY_KINDS[weighted(gen, ENTITY_SHARE)]!): EntityFields {
  const sighting = `seen ${prng.int32(gen, 2, 40)} times; last near ${prng.oneOf(gen, PLACES)}`;
  switch (kind) {
    case 'person': {
      // Every role but "other": a demo person has a known part in the network.
      const role = prng.oneOf(
        gen,
        PERSON_ROLES.filter((r) => r !== 'other'),
      );
      return {
        kind,
        name: `"${prng.oneOf(gen, CODENAMES)}" (codename)`,
        role,
        detail: `Identity unconfirmed; ${sighting}.`,
      };
    }
    case 'phone':
      return {
        kind,
        name: `555-01${String(prng.int32(gen, 0, 99)).padStart(2, '0')}`,
        detail: `Prepaid handset; ${prng.int32(gen, 3, 90)} contacts in toll records.`,
      };
    case 'vehicle':
      return {
        kind,
        name: `${prng.oneOf(gen, COLOURS)} ${prng.oneOf(gen, VEHICLES)}, plate ${plate(gen)}`,
        detail: `Registered to a shell company; ${sighting}.`,
      };
    case 'location': {
      const locationKind = prng.oneOf(gen, ['stash house', 'safe house', 'crossing point', 'business'] as const);
      const where = `${prng.int32(gen, 1, 48) * 100} block of ${prng.oneOf(gen, STREETS)}`;
      const name = locationKind === 'business' ? `${prng.oneOf(gen, BUSINESSES)}, ${where}` : where;
      return { kind, name, locationKind, detail: `Under surveillance; ${sighting}.` };
    }
    case 'route':
      return {
        kind,
        name: `${prng.oneOf(gen, SECTORS)} wash to ${prng.oneOf(gen, WAYPOINTS)}`,
        detail: `Used ${prng.oneOf(gen, ['weekly', 'at night', 'on weekends', 'after shift change'])}.`,
      };
  }
}

/** An entry whose name no other entry of the network has (redrawn a few times, then numbered). */
function newEntity(gen: PRNG, org: Org, kind?: EntityKind): EntityFields {
  const taken = new Set(org.entities.map((e) => e.name));
  let fields = entityOf(gen, kind);
  for (let tries = 0; tries < 10 && taken.has(fields.name); tries++) fields = entityOf(gen, fields.kind);
  let name = fields.name;
  for (let n = 2; taken.has(name); n++) name = `${fields.name} ${n}`;
  return { ...fields, name };
}

function somePerson(gen: PRNG, org: Org): Org['entities'][number] | undefined {
  const people = org.entities.filter((e) => e.kind === 'person');
  return people.length > 0 ? prng.oneOf(gen, people) : undefined;
}

/** How a person relates to another entry of the network: people are always the link's subject. */
function labelFor(gen: PRNG, to: EntityKind): string {
  switch (to) {
    case 'person':
      return prng.oneOf(gen, ['reports to', 'calls', 'buys from', 'works for']);
    case 'phone':
      return 'uses';
    case 'vehicle':
      return 'drives';
    case 'location':
      return prng.oneOf(gen, ['stores at', 'meets at', 'runs']);
    case 'route':
      return 'moves loads on';
  }
}

function outcomeOf(gen: PRNG, when: number): OutcomeFields {
  const kind: OutcomeKind = prng.oneOf(gen, [...OUTCOME_KINDS, 'seizure', 'arrest']);
  const agency = prng.oneOf(gen, [...DEMO_AGENCIES]);
  const date = new Date(when).toISOString().slice(0, 10);
  const note = `${kind === 'seizure' ? 'Seized' : 'Recorded'} near ${prng.oneOf(gen, PLACES)}; ${prng.oneOf(gen, NOTES)}.`;
  return { kind, date, agency, note, ...(kind === 'seizure' ? { seizure: seizureOf(gen) } : {}) };
}

function seizureOf(gen: PRNG): SeizureFields {
  switch (prng.int32(gen, 0, 2)) {
    case 0:
      return { category: 'narcotics', drugKind: prng.oneOf(gen, DRUGS), weightKg: prng.int32(gen, 1, 4000) / 10 };
    case 1:
      return { category: 'weapons', count: prng.int32(gen, 1, 40) };
    default:
      return { category: 'currency', amountUsd: prng.int32(gen, 5, 900) * 1000 };
  }
}

function plate(gen: PRNG): string {
  const letter = () => String.fromCharCode(prng.int32(gen, 65, 90));
  return `${letter()}${letter()}${letter()}-${prng.int32(gen, 100, 999)}`;
}

/** An index into `shares` (which sum to 1), drawn by weight. */
function weighted(gen: PRNG, shares: readonly number[]): number {
  let r = prng.real53(gen);
  for (const [i, s] of shares.entries()) if ((r -= s) < 0) return i;
  return shares.length - 1;
}

function pickSome<T>(gen: PRNG, from: readonly T[], min: number, max: number): T[] {
  const copy = [...from];
  shuffle(gen, copy);
  return copy.slice(0, prng.int32(gen, min, max));
}

function shuffle<T>(gen: PRNG, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.int32(gen, 0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
