import type { OutcomeRow, SeriesPoint, Totals } from '../metrics/types';

/** Calendar-day arithmetic on YYYY-MM-DD (UTC), and the sums a briefing shows. */
export const DAY_MS = 86_400_000;
export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight UTC of a real calendar day, or null ("2026-02-30" is not one). */
export function dayStart(day: string): number | null {
  if (!ISO_DAY.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === day ? ms : null;
}

export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => dayOf(dayStart(day)! + n * DAY_MS);

export function emptyTotals(): Totals {
  return { arrests: 0, seizures: 0, indictments: 0, revocations: 0, kgByDrug: {}, kg: 0, weapons: 0, usd: 0 };
}

/** Adds one outcome to running totals (counts by kind; a seizure's kilograms, weapons and dollars). */
export function addRow(t: Totals, row: OutcomeRow): void {
  if (row.kind === 'arrest') t.arrests++;
  else if (row.kind === 'seizure') t.seizures++;
  else if (row.kind === 'indictment') t.indictments++;
  else t.revocations++;
  if (row.kg !== undefined) {
    const drug = row.drugKind || 'unspecified';
    t.kgByDrug[drug] = round3((t.kgByDrug[drug] ?? 0) + row.kg);
    t.kg = round3(t.kg + row.kg);
  }
  if (row.weapons !== undefined) t.weapons += row.weapons;
  if (row.usd !== undefined) t.usd = round3(t.usd + row.usd);
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function totalsOf(rows: readonly OutcomeRow[], from: string, to: string): Totals {
  const t = emptyTotals();
  for (const row of rows) if (row.date >= from && row.date <= to) addRow(t, row);
  return t;
}

/** Monday of the ISO week holding `day`. */
export function weekStart(day: string): string {
  const d = new Date(dayStart(day)!);
  return addDays(day, -((d.getUTCDay() + 6) % 7));
}

/** '2026-W48': the ISO 8601 week of `day` (its year is the year of that week's Thursday). */
export function isoWeek(day: string): string {
  const thursday = addDays(weekStart(day), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor((dayStart(thursday)! - dayStart(`${year}-01-01`)!) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The `weeks` ISO weeks ending with the one holding `to`, oldest first, each with its totals. */
export function weeklySeries(rows: readonly OutcomeRow[], to: string, weeks: number): SeriesPoint[] {
  const last = weekStart(to);
  const out: SeriesPoint[] = [];
  for (let i = weeks - 1; i >= 0; i--) {
    const start = addDays(last, -7 * i);
    const end = addDays(start, 6);
    out.push({ bucket: isoWeek(start), start, end, totals: totalsOf(rows, start, end) });
  }
  return out;
}
