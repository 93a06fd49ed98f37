import { useId, useState } from 'react';
import type { ReactNode } from 'react';

import { copyText } from './copyText';
import { formatValue, summaryOf, tableCsv } from './metricsTables';
import type { DataTable } from './metricsTables';

/**
 * A chart and the table of its numbers, side by side: the chart is an image whose name sums it up,
 * the table is what a screen reader reads and what "Copy as CSV" copies.
 */
export function ChartWithTable({
  title,
  table,
  summaryColumn,
  drawn = true,
  children,
}: {
  title: string;
  table: DataTable;
  /** The column the spoken summary totals (the first one if unsaid). */
  summaryColumn?: string;
  /** False until its turn to be drawn (MetricsCharts draws one chart per frame); the table is there at once. */
  drawn?: boolean;
  children: ReactNode;
}) {
  const headingId = useId();
  const [copied, setCopied] = useState('');
  const copy = () => {
    void copyText(tableCsv(table)).then(
      () => setCopied(`Copied ${table.rows.length} rows of “${table.caption}” as CSV.`),
      () => setCopied('Copying was refused here: select the table and copy it instead.'),
    );
  };
  return (
    <section className="metrics-chart" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <div className="metrics-pair">
        <div className="metrics-figure" role="img" aria-label={summaryOf(table, summaryColumn)} aria-busy={!drawn}>
          {drawn ? children : <div className="metrics-pending" />}
        </div>
        <div className="metrics-data">
          {/* A long table scrolls in its own box, which the keyboard can reach and scroll (WCAG 2.1.1). */}
          <div className="metrics-scroll" tabIndex={0} role="region" aria-label={`${table.caption}, table`}>
            <table className="metrics-table">
              <caption>{table.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{table.rowHeader}</th>
                  {table.columns.map((c) => (
                    <th key={c.key} scope="col">
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    {table.columns.map((c) => (
                      <td key={c.key}>{formatValue(r.values[c.key] ?? 0, c.unit)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" onClick={copy}>
            Copy as CSV<span className="offscreen">: {table.caption}</span>
          </button>
          <p role="status" className="note">
            {copied}
          </p>
        </div>
      </div>
    </section>
  );
}
