import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';

import { OUTCOME_KINDS } from '../model';
import { addTotals, breakdown, bucketOf, dayNumber, dayString, emptyTotals, inPeriod, series, totals } from './index';
import type { OutcomeRow, Totals } from './index';

const row = (over: Partial<OutcomeRow>): OutcomeRow => ({
  id: over.id ?? 'o1',
  orgId: 'org-a',
  orgName: 'Los Halcones',
  lane: 'Target',
  agency: 'DEA',
  kind: 'arrest',
  date: '2026-11-02',
  compartmentId: 'core',
  marking: '',
  ...over,
});

const rows: OutcomeRow[] = [
  row({ id: 'a', kind: 'arrest', date: '2026-11-02' }),
  row({ id: 'b', kind: 'seizure', date: '2026-11-03', drugKind: 'Fentanyl ', kg: 2.5 }),
  row({
    id: 'c',
    kind: 'seizure',
    date: '2026-11-20',
    drugKind: 'fentanyl',
    kg: 1,
    orgId: 'org-b',
    orgName: 'Red Mesa',
  }),
  row({ id: 'd', kind: 'seizure', date: '2026-11-21', drugKind: '', kg: 4, agency: 'CBP', lane: 'Collect' }),
  row({ id: 'e', kind: 'seizure', date: '2026-12-01', weapons: 7, agency: 'ATF' }),
  row({ id: 'f', kind: 'seizure', date: '2026-12-01', usd: 125000, agency: 'dea' }),
  row({ id: 'g', kind: 'indictment', date: '2026-12-02', orgId: 'org-b', orgName: 'Red Mesa' }),
  row({ id: 'h', kind: 'entry-permission revocation', date: '2026-12-02', agency: 'CBP', lane: 'Collect' }),
];

describe('outcome totals', () => {
  it('counts each kind, narcotics kilograms by drug kind (named however it was typed), weapons and dollars', () => {
    expect(totals(rows)).toEqual({
      arrests: 1,
      seizures: 5,
      indictments: 1,
      revocations: 1,
      kgByDrug: { fentanyl: 3.5, unspecified: 4 },
      kg: 7.5,
      weapons: 7,
      usd: 125000,
    } satisfies Totals);
    expect(totals([])).toEqual(emptyTotals());
  });

  it('adds totals, drug kinds merged', () => {
    const sum = addTotals(totals(rows.slice(0, 3)), totals(rows.slice(3)));
    expect(sum).toEqual(totals(rows));
    expect(addTotals(emptyTotals(), emptyTotals())).toEqual(emptyTotals());
  });

  it('keeps rows of a period, both ends included', () => {
    expect(inPeriod(rows, '2026-11-03', '2026-12-01').map((r) => r.id)).toEqual(['b', 'c', 'd', 'e', 'f']);
  });

  it('gives every month of the range, empty ones too, counting only days in range', () => {
    const points = series(rows, 'month', '2026-10-15', '2026-12-01');
    expect(points.map((p) => [p.bucket, p.totals.arrests + p.totals.seizures])).toEqual([
      ['2026-10', 0],
      ['2026-11', 4],
      ['2026-12', 2],
    ]);
    expect(points[2]).toMatchObject({ start: '2026-12-01', end: '2026-12-31' });
    expect(points[2]!.totals.indictments).toBe(0);
  });

  it('breaks down by organization, agency (one agency however typed) and lane, busiest first', () => {
    expect(breakdown(rows, 'org').map((b) => [b.label, b.totals.seizures + b.totals.arrests])).toEqual([
      ['Los Halcones', 5],
      ['Red Mesa', 1],
    ]);
    expect(breakdown(rows, 'agency').map((b) => [b.label, b.totals.usd])).toEqual([
      ['DEA', 125000],
      ['CBP', 0],
      ['ATF', 0],
    ]);
    expect(breakdown(rows, 'lane').map((b) => b.key)).toEqual(['Target', 'Collect']);
  });
});

/** An independent ISO week: the week-year is the year of the week's Thursday; week 1 holds January 4. */
function isoWeekOracle(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week1Monday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000;
  const week = Math.round((d.getTime() - weekday * 86_400_000 - week1Monday) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

describe('series property (seeded)', () => {
  it('a series holds exactly the totals of its range, and every row lands in exactly one bucket', () => {
    const seed = Number(process.env['SEED'] ?? Date.now() % 2 ** 31);
    console.log(`metrics series property: SEED=${seed}`);
    const gen = prng.create(seed);
    const base = dayNumber('2024-06-01')!;
    const runs = Number(process.env['SEED'] ? 1 : 60);
    for (let run = 0; run < runs; run++) {
      const at = `SEED=${seed}, run ${run} (replay: SEED=${seed} npx vitest run shared/metrics/metrics.test.ts)`;
      const data: OutcomeRow[] = [];
      const n = prng.int32(gen, 0, 300);
      for (let i = 0; i < n; i++) {
        const kind = prng.oneOf(gen, [...OUTCOME_KINDS]);
        const r = row({
          id: `r${i}`,
          kind,
          date: dayString(base + prng.int32(gen, 0, 1200)),
          agency: prng.oneOf(gen, ['DEA', 'CBP', 'FBI', 'County Sheriff']),
          orgId: `org-${prng.int32(gen, 0, 9)}`,
        });
        if (kind === 'seizure') {
          const c = prng.int32(gen, 0, 2);
          if (c === 0)
            Object.assign(r, {
              drugKind: prng.oneOf(gen, ['', 'cocaine', 'fentanyl']),
              kg: prng.int32(gen, 0, 500) / 4,
            });
          if (c === 1) r.weapons = prng.int32(gen, 0, 40);
          if (c === 2) r.usd = prng.int32(gen, 0, 1_000_000);
        }
        data.push(r);
      }
      const a = base + prng.int32(gen, -30, 1230);
      const [from, to] = [dayString(a), dayString(a + prng.int32(gen, 0, 500))];
      for (const g of ['week', 'month'] as const) {
        const points = series(data, g, from, to);
        const sum = points.reduce((t, p) => addTotals(t, p.totals), emptyTotals());
        const expected = totals(inPeriod(data, from, to));
        expect(sum.arrests + sum.seizures + sum.indictments + sum.revocations, at).toBe(
          expected.arrests + expected.seizures + expected.indictments + expected.revocations,
        );
        expect({ ...sum, kg: 0, kgByDrug: {} }, at).toEqual({ ...expected, kg: 0, kgByDrug: {} });
        expect(sum.kg, at).toBeCloseTo(expected.kg, 6);
        // Buckets are contiguous and do not overlap.
        for (let i = 1; i < points.length; i++) {
          expect(dayNumber(points[i]!.start), at).toBe(dayNumber(points[i - 1]!.end)! + 1);
        }
        for (const r of inPeriod(data, from, to)) {
          const holders = points.filter((p) => p.start <= r.date && r.date <= p.end);
          expect(
            holders.map((p) => p.bucket),
            at,
          ).toEqual([bucketOf(r.date, g).bucket]);
          if (g === 'week') expect(bucketOf(r.date, g).bucket, at).toBe(isoWeekOracle(r.date));
        }
      }
    }
  });

  it('ISO weeks agree with an independent computation on every day from 1999 to 2031', () => {
    for (let d = dayNumber('1999-01-01')!; d <= dayNumber('2031-12-31')!; d++) {
      const date = dayString(d);
      const { bucket, start, end } = bucketOf(date, 'week');
      if (bucket !== isoWeekOracle(date)) expect(bucket, date).toBe(isoWeekOracle(date));
      if (new Date(`${start}T00:00:00Z`).getUTCDay() !== 1) expect(start, `${date} starts on a Monday`).toBe('');
      if (dayNumber(end)! - dayNumber(start)! !== 6) expect(end, date).toBe('a Sunday');
    }
  });
});
