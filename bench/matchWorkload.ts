import * as Y from 'yjs';

import { seedDemoWorkspace } from '../shared/demo';
import type { DemoOptions } from '../shared/demo';
import { entityIdentifiers, entityKeys, identifierKey } from '../shared/identifiers';
import type { Identifier, IdentifierKind, Occurrence } from '../shared/identifiers';
import { asFact, ENTITIES, readEntity } from '../shared/model';
import type { NetworkEntity } from '../shared/model';
import type { Log } from './harness';
import { now } from './harness';
import { prng } from './stats';

/** P3's workspace's network entries and `reports` synthetic field reports of 3–6 identifiers each. */
export interface MatchWorkloadConfig {
  demo: Omit<DemoOptions, 'now'>;
  reports: number;
  /** Of a report's identifiers, the share taken from an entry on the board (written another way). */
  fromBoard: number;
  seed: number;
}

export interface FieldReportLike {
  id: string;
  identifiers: Identifier[];
}

export interface MatchWorkload {
  entries: NetworkEntity[];
  reports: FieldReportLike[];
  seedMs: number;
  /** Makes one more report or entry, as the workload's reports and the demo's entries are made. */
  newReport: () => FieldReportLike;
  newEntry: () => NetworkEntity;
}

const AREAS = ['956', '915', '520', '619', '575', '210', '361', '432', '602', '760'];
const MX_AREAS = ['656', '664', '867', '868', '899', '631'];
const STATES = ['TX', 'NM', 'AZ', 'CA', 'SON', 'CHIH', 'BC', 'TAMPS', 'NL', 'COAH'];
const GIVEN = ['Ana', 'Luis', 'Marta', 'Jorge', 'Inés', 'Raúl', 'Sofía', 'Tomás', 'Elena', 'Iván', 'Nora', 'Óscar'];
const SURNAMES = ['Vela', 'Ocampo', 'Saldaña', 'Ibarra', 'Núñez', 'Rosales', 'Tern', 'Quiroga', 'Lozano', 'Peña'];
const STREETS = ['Mesquite Rd', 'Frontage Rd', 'Canal St', 'Ocotillo Ave', 'Depot Ln', 'Carr. Federal 2', 'Av. Juárez'];
const ROUTES = ['Hwy 83 north', 'I-10 east', 'Carr. 45 to the river', 'the levee road', 'Sector 4 wash'];

/** Seeds P3's workspace in a plain document (what matching reads is the same) and draws the reports. */
export function makeMatchWorkload(config: MatchWorkloadConfig, log: Log): MatchWorkload {
  const doc = new Y.Doc();
  const t0 = now();
  seedDemoWorkspace(doc, { ...config.demo, now: Date.now() });
  const entries: NetworkEntity[] = [];
  for (const [id, value] of doc.getMap(ENTITIES)) {
    const fact = asFact(value);
    if (fact) entries.push(readEntity(id, fact));
  }
  const seedMs = now() - t0;
  log(`[M] P3 workspace seeded: ${entries.length} network entries in ${Math.round(seedMs)} ms`);
  const random = prng(config.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const onBoard = entries.flatMap((e) => entityIdentifiers(e));
  const fresh = (): Identifier => {
    const kind = pick<IdentifierKind>(['phone', 'phone', 'plate', 'plate', 'name', 'name', 'place', 'route']);
    switch (kind) {
      case 'phone':
        return random() < 0.7
          ? { kind, value: `(${pick(AREAS)}) 555-01${digits(2)}` }
          : { kind, value: `+52 ${pick(MX_AREAS)} ${digits(3)} ${digits(4)}` };
      case 'plate': {
        const chars = `${String.fromCharCode(65 + Math.floor(random() * 26))}${pick(['B', 'K', 'X'])}${pick(['C', 'P'])}-${digits(3)}`;
        return { kind, value: random() < 0.7 ? `${pick(STATES)} ${chars}` : chars };
      }
      case 'name':
        return { kind, value: `${pick(GIVEN)} ${pick(SURNAMES)}` };
      case 'place':
        return { kind, value: `${100 * (1 + Math.floor(random() * 48))} block of ${pick(STREETS)}` };
      case 'route':
        return { kind, value: pick(ROUTES) };
    }
  };
  // A board identifier as a field agent would write it: other case, other punctuation.
  const rewrite = (i: Identifier): Identifier => ({
    kind: i.kind,
    value: random() < 0.5 ? i.value.toUpperCase() : ` ${i.value.replace(/ /g, '  ').toLowerCase()} `,
  });
  let serial = 0;
  const newReport = (): FieldReportLike => ({
    id: `report-${serial++}`,
    identifiers: Array.from({ length: 3 + Math.floor(random() * 4) }, () =>
      random() < config.fromBoard && onBoard.length > 0 ? rewrite(pick(onBoard)) : fresh(),
    ),
  });
  const orgs = [...new Set(entries.map((e) => e.org))];
  const newEntry = (): NetworkEntity => {
    const i = fresh();
    const kind =
      i.kind === 'plate' ? 'vehicle' : i.kind === 'name' ? 'person' : i.kind === 'place' ? 'location' : i.kind;
    const name = i.kind === 'plate' ? `gray pickup, plate ${i.value}` : i.value;
    return { id: `entry-${serial++}`, org: pick(orgs), kind, name, detail: '' };
  };
  const reports = Array.from({ length: config.reports }, newReport);
  return { entries, reports, seedMs, newReport, newEntry };
}

/** What a network entry contributes to the index (its identifiers, keyed): the product's work per entry. */
export function entryOccurrences(e: NetworkEntity): Occurrence[] {
  return entityKeys(e).map(({ kind, key }) => ({
    key,
    kind,
    text: e.name,
    factId: e.id,
    orgId: e.org,
    reportId: null,
    compartmentId: 'core',
  }));
}

/** What a report contributes to the index. */
export function reportOccurrences(r: FieldReportLike): Occurrence[] {
  return r.identifiers.flatMap((i) => {
    const key = identifierKey(i.kind, i.value);
    return key
      ? [{ key, kind: i.kind, text: i.value, factId: r.id, orgId: null, reportId: r.id, compartmentId: 'core' }]
      : [];
  });
}
