import { dayNumber, dayString } from '../../shared/metrics';
import type { Granularity, OutcomeRow } from '../../shared/metrics';

/** What the Metrics tab is asked for: a period, a granularity, and at most one organization, agency and lane. */
export interface MetricsQuery {
  granularity: Granularity;
  from: string;
  to: string;
  org: string;
  /** An agency as metrics group it: trimmed, lower-case ('' for all). */
  agency: string;
  lane: string;
}

/** The default period: the twelve months up to and including `today` (a year back, plus a day). */
export function lastTwelveMonths(today: string): { from: string; to: string } {
  const d = new Date(`${today}T00:00:00Z`);
  const [y, m] = [d.getUTCFullYear() - 1, d.getUTCMonth()];
  // The same day a year back (29 February, in a year without one, is the 28th), then the day after it.
  const day = Math.min(d.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
  return { from: dayString(Date.UTC(y, m, day) / 86_400_000 + 1), to: today };
}

/** Today, as a UTC calendar day (metrics count UTC days, as an outcome's date is written). */
export function todayUtc(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** Why the period cannot be counted, in one sentence, or null if it can. */
export function periodProblem(q: Pick<MetricsQuery, 'from' | 'to'>): string | null {
  const from = dayNumber(q.from);
  const to = dayNumber(q.to);
  if (from === null || to === null) return 'Give the period a first and a last day.';
  if (to < from) return 'The period ends before it starts: the last day must be on or after the first.';
  return null;
}

export function matchesQuery(row: OutcomeRow, q: MetricsQuery): boolean {
  return (
    (q.org === '' || row.orgId === q.org) &&
    (q.agency === '' || row.agency.toLowerCase() === q.agency) &&
    (q.lane === '' || row.lane === q.lane)
  );
}

/** The organizations and agencies that have outcomes, for the filters: [value, label], by label. */
export function filterOptions(rows: readonly OutcomeRow[]): {
  orgs: Array<[string, string]>;
  agencies: Array<[string, string]>;
} {
  const orgs = new Map<string, string>();
  const agencies = new Map<string, string>();
  for (const r of rows) {
    if (!orgs.has(r.orgId)) orgs.set(r.orgId, r.orgName);
    const key = r.agency.toLowerCase();
    if (key !== '' && !agencies.has(key)) agencies.set(key, r.agency);
  }
  const byLabel = (a: [string, string], b: [string, string]) => a[1].localeCompare(b[1]) || (a[0] < b[0] ? -1 : 1);
  return { orgs: [...orgs].sort(byLabel), agencies: [...agencies].sort(byLabel) };
}
