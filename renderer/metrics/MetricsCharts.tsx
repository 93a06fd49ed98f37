import { useEffect, useMemo, useState } from 'react';

import type { BreakdownRow, Granularity, SeriesPoint, Totals } from '../../shared/metrics';
import { ChartWithTable } from './ChartWithTable';
import { KindBars, KindLegend, ValueBars } from './MetricsBars';
import {
  breakdownTable,
  currencyOverTime,
  narcoticsByDrug,
  outcomesOverTime,
  TOP,
  weaponsOverTime,
} from './metricsTables';

/** The charts of the tab, drawn one per frame after the first (see MetricsCharts). */
const CHARTS = 7;

/**
 * Draws one more chart after each paint until all are: the first chart is on screen after one chart's
 * work, not seven, and the page answers input between charts. rAF then a task: that task runs after the
 * frame rAF belongs to is painted (a passive effect after a click runs before the paint, so it cannot).
 */
function useDrawnOneByOne(total: number): number {
  const [drawn, setDrawn] = useState(1);
  useEffect(() => {
    if (drawn >= total) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setDrawn((n) => n + 1), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [drawn, total]);
  return drawn;
}

/**
 * Every chart of the tab, each with its table; a chart with nothing to draw is a sentence instead.
 * Tables are all there at once (they are cheap, and what a screen reader reads); charts follow.
 */
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
  const drawn = useDrawnOneByOne(CHARTS);
  let order = 0;
  /** Whether the next chart in page order has had its turn. */
  const turn = () => order++ < drawn;
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
      <ChartWithTable title={`Outcomes per ${per}`} table={tables.overTime} summaryColumn="total" drawn={turn()}>
        <KindBars table={tables.overTime} />
        <KindLegend />
      </ChartWithTable>
      {all.kg > 0 ? (
        <ChartWithTable title="Narcotics seized by drug kind" table={tables.drugs} drawn={turn()}>
          <ValueBars table={tables.drugs} colour="#b3541e" />
        </ChartWithTable>
      ) : (
        <p className="empty-state">No narcotics seizure with a weight in this period.</p>
      )}
      {all.weapons > 0 ? (
        <ChartWithTable title={`Weapons seized per ${per}`} table={tables.weapons} drawn={turn()}>
          <ValueBars table={tables.weapons} colour="#2d7d46" />
        </ChartWithTable>
      ) : (
        <p className="empty-state">No weapons seized in this period.</p>
      )}
      {all.usd > 0 ? (
        <ChartWithTable title={`Currency seized per ${per}`} table={tables.currency} drawn={turn()}>
          <ValueBars table={tables.currency} colour="#1f4e8c" />
        </ChartWithTable>
      ) : (
        <p className="empty-state">No currency seized in this period.</p>
      )}
      <ChartWithTable title="Per organization" table={tables.org} summaryColumn="total" drawn={turn()}>
        <KindBars table={tables.org} ranking />
        <KindLegend />
      </ChartWithTable>
      <ChartWithTable title="Per agency" table={tables.agency} summaryColumn="total" drawn={turn()}>
        <KindBars table={tables.agency} ranking />
        <KindLegend />
      </ChartWithTable>
      <ChartWithTable title="Per lane" table={tables.lane} summaryColumn="total" drawn={turn()}>
        <KindBars table={tables.lane} ranking />
        <KindLegend />
      </ChartWithTable>
    </div>
  );
}
