import type { Totals } from '../../shared/metrics';
import { formatValue } from './metricsTables';

/** The period's totals in words and figures, before any chart. */
export function MetricsTotals({ all, count, from, to }: { all: Totals; count: number; from: string; to: string }) {
  const items: Array<[string, string]> = [
    ['Arrests', formatValue(all.arrests)],
    ['Seizures', formatValue(all.seizures)],
    ['Indictments', formatValue(all.indictments)],
    ['Entry-permission revocations', formatValue(all.revocations)],
    ['Narcotics seized', formatValue(all.kg, 'kg')],
    ['Weapons seized', formatValue(all.weapons)],
    ['Currency seized', formatValue(all.usd, 'usd')],
  ];
  return (
    <section className="metrics-totals" aria-labelledby="metrics-totals-title">
      <h3 id="metrics-totals-title">
        {formatValue(count)} {count === 1 ? 'outcome' : 'outcomes'} from {from} to {to}
      </h3>
      <dl>
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
