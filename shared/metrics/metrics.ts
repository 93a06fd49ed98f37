import type { MergedLane, MergedOutcome } from '../compartments';
import type { OutcomeKind } from '../model';
import { bucketOf, bucketsBetween, dayNumber } from './calendar';
import type { BreakdownBy, BreakdownRow, Granularity, OutcomeRow, SeriesPoint, Totals } from './types';

/** What metrics read: BoardApi, or the ReadOnlyBoard of BoardApi.viewAs (an audience's own view). */
export interface OutcomeSource {
  read(): MergedLane[];
  outcomes(org: string): MergedOutcome[];
}

/** The label narcotics are counted under when a seizure names no drug. */
export const UNSPECIFIED_DRUG = 'unspecified';

/*
 * The schema's bounds (shared/model/schema.ts). Any member can write any number into the document,
 * so a value out of these bounds is not counted: one hostile 1e308 would otherwise turn every total
 * into Infinity, and a negative one would hide others' seizures.
 */
const MAX_KG = 1e6;
const MAX_COUNT = 1e6;
const MAX_USD = 1e12;

function bounded(v: number | undefined, max: number, integer = false): number | undefined {
  if (v === undefined || !Number.isFinite(v) || v < 0 || v > max) return undefined;
  if (integer && !Number.isInteger(v)) return undefined;
  return v;
}

/**
 * One row per outcome the board shows, in board order (lane, card, then the card's outcomes). An
 * outcome whose date is not a calendar day is left out: it belongs to no week or month.
 */
export function outcomeRows(board: OutcomeSource): OutcomeRow[] {
  const rows: OutcomeRow[] = [];
  for (const lane of board.read()) {
    for (const card of lane.cards) {
      for (const o of board.outcomes(card.id)) {
        if (dayNumber(o.date) === null) continue;
        const row: OutcomeRow = {
          id: o.id,
          orgId: card.id,
          orgName: card.name,
          lane: lane.name,
          agency: o.agency.trim(),
          kind: o.kind,
          date: o.date,
          compartmentId: o.compartmentId,
          marking: o.marking,
        };
        const s = o.kind === 'seizure' ? o.seizure : undefined;
        if (s?.category === 'narcotics') {
          row.drugKind = (s.drugKind ?? '')
            .slice(0, 4 * DRUG_KIND_MAX)
            .trim()
            .slice(0, DRUG_KIND_MAX);
          const kg = bounded(s.weightKg, MAX_KG);
          if (kg !== undefined) row.kg = kg;
        } else if (s?.category === 'weapons') {
          const n = bounded(s.count, MAX_COUNT, true);
          if (n !== undefined) row.weapons = n;
        } else if (s?.category === 'currency') {
          const usd = bounded(s.amountUsd, MAX_USD);
          if (usd !== undefined) row.usd = usd;
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

export function emptyTotals(): Totals {
  return { arrests: 0, seizures: 0, indictments: 0, revocations: 0, kgByDrug: {}, kg: 0, weapons: 0, usd: 0 };
}

const COUNTED: Record<OutcomeKind, 'arrests' | 'seizures' | 'indictments' | 'revocations'> = {
  arrest: 'arrests',
  seizure: 'seizures',
  indictment: 'indictments',
  'entry-permission revocation': 'revocations',
};

/** The longest drug kind a writer may type (the outcome schema's): a longer one read from a room is cut there. */
const DRUG_KIND_MAX = 120;

/** Drug kinds are typed by people: "Fentanyl " and "fentanyl" are one kind. */
export function drugKey(drugKind: string | undefined): string {
  const k = (drugKind ?? '')
    .slice(0, 4 * DRUG_KIND_MAX)
    .trim()
    .toLowerCase()
    .slice(0, DRUG_KIND_MAX);
  return k === '' ? UNSPECIFIED_DRUG : k;
}

/**
 * Adds `kg` under drug `k`. A kind is any text a member typed, so it may be an object's own name
 * ("constructor", "__proto__"): only an own entry counts, and each is defined as data, never set through
 * whatever the name would reach.
 */
function addKg(kgByDrug: Record<string, number>, k: string, kg: number): void {
  const before = Object.hasOwn(kgByDrug, k) ? kgByDrug[k]! : 0;
  Object.defineProperty(kgByDrug, k, { value: before + kg, enumerable: true, writable: true, configurable: true });
}

function addRow(t: Totals, row: OutcomeRow): void {
  t[COUNTED[row.kind]] += 1;
  if (row.kg !== undefined) {
    t.kg += row.kg;
    addKg(t.kgByDrug, drugKey(row.drugKind), row.kg);
  }
  if (row.weapons !== undefined) t.weapons += row.weapons;
  if (row.usd !== undefined) t.usd += row.usd;
}

export function totals(rows: readonly OutcomeRow[]): Totals {
  const t = emptyTotals();
  for (const row of rows) addRow(t, row);
  return t;
}

export function addTotals(a: Totals, b: Totals): Totals {
  const kgByDrug: Record<string, number> = {};
  for (const [k, v] of [...Object.entries(a.kgByDrug), ...Object.entries(b.kgByDrug)]) addKg(kgByDrug, k, v);
  return {
    arrests: a.arrests + b.arrests,
    seizures: a.seizures + b.seizures,
    indictments: a.indictments + b.indictments,
    revocations: a.revocations + b.revocations,
    kgByDrug,
    kg: a.kg + b.kg,
    weapons: a.weapons + b.weapons,
    usd: a.usd + b.usd,
  };
}

/** The number of outcomes counted in `t`, whatever their kind. */
export function outcomeCount(t: Totals): number {
  return t.arrests + t.seizures + t.indictments + t.revocations;
}

/** The rows dated from `from` to `to`, both days included. */
export function inPeriod(rows: readonly OutcomeRow[], from: string, to: string): OutcomeRow[] {
  return rows.filter((r) => r.date >= from && r.date <= to);
}

/**
 * One point per week or month from the bucket holding `from` to the one holding `to`, empty buckets
 * included (a chart shows a quiet week as a gap, not as nothing); only rows within from..to count.
 */
export function series(rows: readonly OutcomeRow[], g: Granularity, from: string, to: string): SeriesPoint[] {
  const points: SeriesPoint[] = bucketsBetween(from, to, g).map((b) => ({ ...b, totals: emptyTotals() }));
  const index = new Map(points.map((p, i) => [p.bucket, i]));
  for (const row of inPeriod(rows, from, to)) {
    const i = index.get(bucketOf(row.date, g).bucket);
    const point = i === undefined ? undefined : points[i];
    if (point) addRow(point.totals, row);
  }
  return points;
}

function keyOf(row: OutcomeRow, by: BreakdownBy): { key: string; label: string } {
  if (by === 'org') return { key: row.orgId, label: row.orgName };
  if (by === 'lane') return { key: row.lane, label: row.lane };
  // Agencies are typed too: "DEA" and "dea " are one agency, shown as first met.
  return { key: row.agency.toLowerCase(), label: row.agency === '' ? '(no agency)' : row.agency };
}

/** Totals per organization, agency or lane, the busiest first (then by label, then key: stable). */
export function breakdown(rows: readonly OutcomeRow[], by: BreakdownBy): BreakdownRow[] {
  const groups = new Map<string, BreakdownRow>();
  for (const row of rows) {
    const { key, label } = keyOf(row, by);
    let group = groups.get(key);
    if (!group) {
      group = { key, label, totals: emptyTotals() };
      groups.set(key, group);
    }
    addRow(group.totals, row);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...groups.values()].sort(
    (a, b) => outcomeCount(b.totals) - outcomeCount(a.totals) || cmp(a.label, b.label) || cmp(a.key, b.key),
  );
}
