import { useMemo } from 'react';

import type { BreakdownRow, Granularity, SeriesPoint, Totals } from '../../shared/metrics';
import { ChartWithTable } from './ChartWithTable';
import { KindBars, ValueBars } from './MetricsBars';
import {
  breakdownTable,
  currencyOverTime,
  narcoticsByDrug,
  outcomesOverTime,
  TOP,
  weaponsOverTime,
} from './metricsTables';

/** Every chart of the tab, each with its table; a chart with nothing to draw is a sentence instead. */
export function MetricsCharts({
  all,
  points,
  byOrg,
  byAgency,
  byLane,
  granularity,
}: {
  all: Totals;
  points: SeriesPoint[];
  byOrg: BreakdownRow[];
  byAgency: BreakdownRow[];
  byLane: BreakdownRow[];
  granularity: Granularity;
}) {
  const per = granularity === 'week' ? 'week' : 'month';
  const tables = useMemo(
    () => ({
      overTime: outcomesOverTime(points),
      drugs: narcoticsByDrug(all),
      weapons: weaponsOverTime(points),
      currency: currencyOverTime(points),
      org: breakdownTable(byOrg, 'Organization', `Outcomes per organization (top ${TOP})`),
      agency: breakdownTable(byAgency, 'Agency', `Outcomes per agency (top ${TOP})`),
      lane: breakdownTable(byLane, 'Lane', `Outcomes per lane (top ${TOP})`),
    }),
    [all, points, byOrg, byAgency, byLane],
  );
  return (
    <div className="metrics-charts">
      <ChartWithTable title={`Outcomes per ${per}`} table={tables.overTime} summaryColumn="total">
        <KindBars table={tables.overTime} />
      </ChartWithTable>
      {all.kg > 0 ? (
        <ChartWithTable title="Narcotics seized by drug kind" table={tables.drugs}>
          <ValueBars table={tables.drugs} colour="#b3541e" />
        </ChartWithTable>
      ) : (
        <p className="empty-state">No narcotics seizure with a weight in this period.</p>
      )}
      {all.weapons > 0 ? (
        <ChartWithTable title={`Weapons seized per ${per}`} table={tables.weapons}>
          <ValueBars table={tables.weapons} colour="#2d7d46" />
        </ChartWithTable>
      ) : (
        <p className="empty-state">No weapons seized in this period.</p>
      )}
      {all.usd > 0 ? (
        <ChartWithTable title={`Currency seized per ${per}`} table={tables.currency}>
          <ValueBars table={tables.currency} colour="#1f4e8c" />
        </ChartWithTable>
      ) : (
        <p className="empty-state">No currency seized in this period.</p>
      )}
      <ChartWithTable title="Per organization" table={tables.org} summaryColumn="total">
        <KindBars table={tables.org} ranking />
      </ChartWithTable>
      <ChartWithTable title="Per agency" table={tables.agency} summaryColumn="total">
        <KindBars table={tables.agency} ranking />
      </ChartWithTable>
      <ChartWithTable title="Per lane" table={tables.lane} summaryColumn="total">
        <KindBars table={tables.lane} ranking />
      </ChartWithTable>
    </div>
  );
}
