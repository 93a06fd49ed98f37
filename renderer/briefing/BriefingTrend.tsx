import { Bar, BarChart, CartesianGrid, Legend, XAxis, YAxis } from 'recharts';

import type { Briefing } from '../../shared/briefing/types';
import type { Totals } from '../../shared/metrics/types';
import { SectionFrame } from './BriefingSection';

/** The counted outcomes, in the order the chart and the table show them. */
const COUNTS = [
  { key: 'arrests', label: 'Arrests', colour: '#1f5f99' },
  { key: 'seizures', label: 'Seizures', colour: '#b35900' },
  { key: 'indictments', label: 'Indictments', colour: '#2e7d32' },
  { key: 'revocations', label: 'Revocations', colour: '#6a3d9a' },
] as const;

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/**
 * The period's totals against the periods before it: a small vector chart of the counts, and the table
 * of every figure beside it (for screen readers and for copying; the chart itself is one image to them).
 */
export function BriefingTrend({ briefing: b }: { briefing: Briefing }) {
  const rows = b.trend.length > 0 ? b.trend : [{ from: b.from, to: b.to, totals: b.totals }];
  const data = rows.map((r) => ({
    period: `${r.from.slice(5)}–${r.to.slice(5)}`,
    ...Object.fromEntries(COUNTS.map((c) => [c.key, r.totals[c.key]])),
  }));
  const drugs = Object.entries(b.totals.kgByDrug).filter(([, kg]) => kg > 0);
  return (
    <SectionFrame title="Totals and trend">
      <p>
        In this period: {sentence(b.totals)}
        {drugs.length > 0 &&
          ` Narcotics by kind: ${drugs.map(([k, kg]) => `${k} ${number.format(kg)} kg`).join(', ')}.`}
      </p>
      <figure className="briefing-chart">
        <div
          role="img"
          aria-label={`Chart of arrests, seizures, indictments and revocations over ${rows.length} periods of the same length; the table below gives the figures.`}
        >
          <BarChart width={560} height={220} data={data} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="period" fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} width={40} />
            <Legend />
            {COUNTS.map((c) => (
              <Bar key={c.key} dataKey={c.key} name={c.label} fill={c.colour} isAnimationActive={false} />
            ))}
          </BarChart>
        </div>
        <figcaption>Outcomes per period, oldest first.</figcaption>
      </figure>
      <table className="briefing-table" aria-label="Totals by period">
        <thead>
          <tr>
            <th scope="col">Period</th>
            {COUNTS.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
            <th scope="col">Narcotics (kg)</th>
            <th scope="col">Weapons</th>
            <th scope="col">Currency</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.from}>
              <th scope="row">
                {r.from} to {r.to}
                {r.from === b.from && r.to === b.to && ' (this period)'}
              </th>
              {COUNTS.map((c) => (
                <td key={c.key}>{r.totals[c.key]}</td>
              ))}
              <td>{number.format(r.totals.kg)}</td>
              <td>{r.totals.weapons}</td>
              <td>{usd.format(r.totals.usd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </SectionFrame>
  );
}

function sentence(t: Totals): string {
  if (t.arrests + t.seizures + t.indictments + t.revocations === 0) return 'no outcome was recorded.';
  return (
    `${t.arrests} arrests, ${t.seizures} seizures (${number.format(t.kg)} kg of narcotics, ${t.weapons} weapons, ` +
    `${usd.format(t.usd)}), ${t.indictments} indictments and ${t.revocations} revocations.`
  );
}
