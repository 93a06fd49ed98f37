import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';

import { formatValue, KIND_COLUMNS } from './metricsTables';
import type { DataTable } from './metricsTables';

/*
 * Recharts draws SVG with React: its few inline styles are set through the CSSOM, which a
 * `style-src 'self'` policy allows (it forbids <style> elements and style attributes in markup). No
 * animation: the first frame is the finished chart, which is what the first-chart benchmark times.
 * `accessibilityLayer` is off because the chart is an image (role="img") with its table beside it:
 * keyboard focus inside an image would be a trap with nothing to say.
 *
 * Nothing here asks the browser for a size while the chart is drawn: every axis has a numeric tick
 * `interval` (Recharts measures each tick label otherwise, a forced layout of the page per label), and
 * the legend is plain HTML (Recharts' measures its box). On P3 those forced layouts were most of the
 * time to the first chart (the bench's CPU profile: getBoundingClientRect, 0.9 s over 14 openings).
 */
const WIDTH = 560;
const HEIGHT = 260;
/** Distinct in hue and lightness, so the stack reads in grey too; each meets 3:1 against white. */
const KIND_COLOURS = ['#1f4e8c', '#b3541e', '#2d7d46', '#7b3f99'];

const chartData = (table: DataTable) => table.rows.map((r) => ({ label: r.label, ...r.values }));

/** Every nth label of a time axis, so about a dozen show whatever the number of periods. */
const every = (count: number) => Math.max(0, Math.ceil(count / 12) - 1);

/** The kinds' colours, keyed as the bars are (metrics.css gives each swatch its colour). */
export function KindLegend() {
  return (
    <ul className="metrics-legend">
      {KIND_COLUMNS.map((c, i) => (
        <li key={c.key}>
          <span className={`metrics-swatch kind-${i}`} />
          {c.label}
        </li>
      ))}
    </ul>
  );
}

/** Outcomes stacked by kind, one bar per row: upright over time, lying down for a ranking of names. */
export function KindBars({ table, ranking = false }: { table: DataTable; ranking?: boolean }) {
  const data = chartData(table);
  return (
    <BarChart
      width={WIDTH}
      height={ranking ? Math.max(HEIGHT, 40 + data.length * 28) : HEIGHT}
      data={data}
      layout={ranking ? 'vertical' : 'horizontal'}
      accessibilityLayer={false}
      margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      {ranking ? (
        <>
          <XAxis type="number" allowDecimals={false} interval={0} />
          <YAxis type="category" dataKey="label" width={150} interval={0} />
        </>
      ) : (
        <>
          <XAxis dataKey="label" interval={every(data.length)} />
          <YAxis allowDecimals={false} interval={0} />
        </>
      )}
      <Tooltip isAnimationActive={false} />
      {KIND_COLUMNS.map((c, i) => (
        <Bar
          key={c.key}
          dataKey={c.key}
          name={c.label}
          stackId="kinds"
          fill={KIND_COLOURS[i]}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

/** One value per row (kilograms per drug, weapons or dollars per period). */
export function ValueBars({ table, colour }: { table: DataTable; colour: string }) {
  const column = table.columns[0]!;
  const data = chartData(table);
  return (
    <BarChart
      width={WIDTH}
      height={HEIGHT}
      data={data}
      accessibilityLayer={false}
      margin={{ top: 8, right: 16, bottom: 8, left: column.unit === 'usd' ? 24 : 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="label" interval={every(data.length)} />
      <YAxis
        interval={0}
        allowDecimals={column.unit === 'kg'}
        tickFormatter={(v: number) => (column.unit === 'usd' ? compactUsd(v) : String(v))}
      />
      <Tooltip isAnimationActive={false} formatter={(v) => formatValue(Number(v), column.unit)} />
      <Bar dataKey={column.key} name={column.label} fill={colour} isAnimationActive={false} />
    </BarChart>
  );
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const compactUsd = (v: number) => `$${COMPACT.format(v)}`;
