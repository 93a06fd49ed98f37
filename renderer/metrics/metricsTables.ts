import { outcomeCount } from '../../shared/metrics';
import type { BreakdownRow, SeriesPoint, Totals } from '../../shared/metrics';

/**
 * What each chart shows, as a table: the same numbers for a screen reader, for copying, and for the
 * chart's own data. A table is built once per computation and given to both the chart and the <table>.
 */
export interface DataTable {
  caption: string;
  /** The header of the first column (the row headers), then one per value column. */
  rowHeader: string;
  columns: readonly Column[];
  rows: readonly TableRow[];
}

export interface Column {
  key: string;
  label: string;
  /** 'kg' and 'usd' are shown with their unit and decimals; counts as whole numbers. */
  unit?: 'kg' | 'usd';
}

export interface TableRow {
  key: string;
  label: string;
  values: Record<string, number>;
}

export const KIND_COLUMNS: readonly Column[] = [
  { key: 'arrests', label: 'Arrests' },
  { key: 'seizures', label: 'Seizures' },
  { key: 'indictments', label: 'Indictments' },
  { key: 'revocations', label: 'Revocations' },
];

const counts = (t: Totals) => ({
  arrests: t.arrests,
  seizures: t.seizures,
  indictments: t.indictments,
  revocations: t.revocations,
  total: outcomeCount(t),
});

export function outcomesOverTime(points: readonly SeriesPoint[]): DataTable {
  return {
    caption: 'Outcomes by kind, per period',
    rowHeader: 'Period',
    columns: [...KIND_COLUMNS, { key: 'total', label: 'Total' }],
    rows: points.map((p) => ({ key: p.bucket, label: p.bucket, values: counts(p.totals) })),
  };
}

/** Kilograms per drug kind over the whole period, the heaviest first. */
export function narcoticsByDrug(all: Totals): DataTable {
  const rows = Object.entries(all.kgByDrug)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([kind, kg]) => ({ key: kind, label: kind, values: { kg } }));
  return {
    caption: 'Narcotics seized, kilograms by drug kind',
    rowHeader: 'Drug kind',
    columns: [{ key: 'kg', label: 'Kilograms', unit: 'kg' }],
    rows,
  };
}

export function weaponsOverTime(points: readonly SeriesPoint[]): DataTable {
  return {
    caption: 'Weapons seized, per period',
    rowHeader: 'Period',
    columns: [{ key: 'weapons', label: 'Weapons' }],
    rows: points.map((p) => ({ key: p.bucket, label: p.bucket, values: { weapons: p.totals.weapons } })),
  };
}

export function currencyOverTime(points: readonly SeriesPoint[]): DataTable {
  return {
    caption: 'Currency seized (US dollars), per period',
    rowHeader: 'Period',
    columns: [{ key: 'usd', label: 'US dollars', unit: 'usd' }],
    rows: points.map((p) => ({ key: p.bucket, label: p.bucket, values: { usd: p.totals.usd } })),
  };
}

export const TOP = 10;

/** The busiest `TOP` of a breakdown, with what they seized. */
export function breakdownTable(rows: readonly BreakdownRow[], rowHeader: string, caption: string): DataTable {
  return {
    caption,
    rowHeader,
    columns: [
      ...KIND_COLUMNS,
      { key: 'total', label: 'Total' },
      { key: 'kg', label: 'Narcotics (kg)', unit: 'kg' },
      { key: 'weapons', label: 'Weapons' },
      { key: 'usd', label: 'US dollars', unit: 'usd' },
    ],
    rows: rows.slice(0, TOP).map((b) => ({
      key: b.key,
      label: b.label,
      values: { ...counts(b.totals), kg: b.totals.kg, weapons: b.totals.weapons, usd: b.totals.usd },
    })),
  };
}

const KG = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const COUNT = new Intl.NumberFormat('en-US');

export function formatValue(v: number, unit?: Column['unit']): string {
  if (unit === 'kg') return `${KG.format(v)} kg`;
  if (unit === 'usd') return USD.format(v);
  return COUNT.format(v);
}

/** One sentence a screen reader hears for a chart: what it shows, the total and the largest value. */
export function summaryOf(table: DataTable, column: string = table.columns[0]!.key): string {
  const unit = table.columns.find((c) => c.key === column)?.unit;
  if (table.rows.length === 0) return `${table.caption}: none.`;
  let top = table.rows[0]!;
  let sum = 0;
  for (const r of table.rows) {
    const v = r.values[column] ?? 0;
    sum += v;
    if (v > (top.values[column] ?? 0)) top = r;
  }
  const largest = top.values[column] ?? 0;
  return `${table.caption}: ${formatValue(sum, unit)} in all over ${table.rows.length} ${
    table.rows.length === 1 ? 'row' : 'rows'
  }; the most, ${formatValue(largest, unit)}, in ${top.label}. The table beside it holds every value.`;
}

/**
 * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; numbers raw, no
 * units. Names are typed by members, any of whom may be hostile: a name a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR first; OWASP "CSV injection") is prefixed with an apostrophe.
 */
export function tableCsv(table: DataTable): string {
  const field = (raw: string) => {
    const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  const head = [table.rowHeader, ...table.columns.map((c) => c.label)].map(field).join(',');
  const lines = table.rows.map((r) =>
    [field(r.label), ...table.columns.map((c) => String(r.values[c.key] ?? 0))].join(','),
  );
  return [head, ...lines].join('\r\n') + '\r\n';
}
