import { describe, expect, it } from 'vitest';

import { lastTwelveMonths, periodProblem } from './metricsFilter';
import { formatValue, narcoticsByDrug, summaryOf, tableCsv } from './metricsTables';
import type { DataTable } from './metricsTables';

const table: DataTable = {
  caption: 'Seized',
  rowHeader: 'Name',
  columns: [{ key: 'usd', label: 'US dollars', unit: 'usd' }],
  rows: [
    { key: 'a', label: 'Plain', values: { usd: 10 } },
    { key: 'b', label: 'Comma, "quoted"', values: { usd: 2500.5 } },
    { key: 'c', label: '+1 955 555 0100', values: { usd: 0 } },
    { key: 'd', label: '@SUM(A1)', values: {} },
  ],
};

describe('metrics tables', () => {
  it('writes CSV per RFC 4180 with raw numbers, and defuses what a spreadsheet would run', () => {
    expect(tableCsv(table)).toBe(
      'Name,US dollars\r\nPlain,10\r\n"Comma, ""quoted""",2500.5\r\n\'+1 955 555 0100,0\r\n\'@SUM(A1),0\r\n',
    );
  });

  it('sums a chart up in one sentence, and says when it has no rows', () => {
    expect(summaryOf(table)).toBe(
      'Seized: $2,511 in all over 4 rows; the most, $2,501, in Comma, "quoted". The table beside it holds every value.',
    );
    expect(summaryOf({ ...table, rows: [] })).toBe('Seized: none.');
    expect(formatValue(1234.567, 'kg')).toBe('1,234.57 kg');
  });

  it('orders drug kinds heaviest first', () => {
    const t = narcoticsByDrug({
      arrests: 0,
      seizures: 3,
      indictments: 0,
      revocations: 0,
      kgByDrug: { cocaine: 2, fentanyl: 9, unspecified: 2 },
      kg: 13,
      weapons: 0,
      usd: 0,
    });
    expect(t.rows.map((r) => r.label)).toEqual(['fentanyl', 'cocaine', 'unspecified']);
  });

  it('defaults to the last twelve months and names a period it cannot count', () => {
    expect(lastTwelveMonths('2026-12-02')).toEqual({ from: '2025-12-03', to: '2026-12-02' });
    expect(lastTwelveMonths('2028-02-29')).toEqual({ from: '2027-03-01', to: '2028-02-29' });
    expect(periodProblem({ from: '', to: '2026-12-02' })).toBe('Give the period a first and a last day.');
    expect(periodProblem({ from: '2026-12-02', to: '2026-12-02' })).toBeNull();
  });
});
