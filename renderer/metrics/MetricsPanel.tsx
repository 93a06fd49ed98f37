import { memo, useMemo, useState } from 'react';

import { breakdown, inPeriod, outcomeRows, series, totals } from '../../shared/metrics';
import type { OutcomeRow } from '../../shared/metrics';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { MetricsCharts } from './MetricsCharts';
import { MetricsControls } from './MetricsControls';
import { lastTwelveMonths, matchesQuery, periodProblem, todayUtc } from './metricsFilter';
import type { MetricsQuery } from './metricsFilter';
import { MetricsTotals } from './MetricsTotals';
import { sameRows, sameStrings, useStable } from './useStable';
import './metrics.css';

/**
 * The "Metrics" tab (issue 16): outcomes over time, by kind, by organization, agency and lane,
 * computed on this machine over what this member's board shows. Nothing is read until the tab is
 * open (it is mounted only then), and each step is memoized: the rows on the workspace's version
 * (kept while equal), the charts on the rows and the query.
 */
export function MetricsPanel({
  client,
  orgId = '',
  today = todayUtc(),
}: {
  client: WorkspaceClient;
  /** Show one organization's outcomes first (from its card). */
  orgId?: string | undefined;
  /** For tests: the day the default period ends on (UTC). */
  today?: string;
}) {
  const version = useConcerns(client, 'board', 'settings', 'roster');
  const board = client.api.board;
  const read = useMemo(() => {
    void version; // the board's documents changed: read them again
    return { rows: outcomeRows(board), lanes: board.lanes() };
  }, [board, version]);
  const rows = useStable(read.rows, sameRows);
  const lanes = useStable(read.lanes, sameStrings);
  const [query, setQuery] = useState<MetricsQuery>(() => ({
    granularity: 'month',
    ...lastTwelveMonths(today),
    org: orgId,
    agency: '',
    lane: '',
  }));

  if (rows.length === 0) {
    return (
      <div className="metrics-page">
        <p className="empty-state">
          No outcomes are recorded on this board yet. Arrests, seizures, indictments and entry-permission revocations
          added to a card’s outcomes are counted here.
        </p>
      </div>
    );
  }
  return (
    <div className="metrics-page">
      <MetricsControls rows={rows} lanes={lanes} query={query} onChange={setQuery} />
      <MetricsBody rows={rows} query={query} />
    </div>
  );
}

/** Drawn again only when the rows or the query change (useStable keeps the rows across unrelated edits). */
const MetricsBody = memo(function MetricsBody({ rows, query }: { rows: readonly OutcomeRow[]; query: MetricsQuery }) {
  const problem = periodProblem(query);
  const computed = useMemo(() => {
    if (problem) return null;
    const chosen = rows.filter((r) => matchesQuery(r, query));
    const period = inPeriod(chosen, query.from, query.to);
    return {
      count: period.length,
      all: totals(period),
      points: series(chosen, query.granularity, query.from, query.to),
      byOrg: breakdown(period, 'org'),
      byAgency: breakdown(period, 'agency'),
      byLane: breakdown(period, 'lane'),
    };
  }, [rows, query, problem]);
  if (problem || !computed) {
    return (
      <p role="alert" className="metrics-problem">
        {problem}
      </p>
    );
  }
  if (computed.count === 0) {
    return <p className="empty-state">No outcomes in this period match these filters.</p>;
  }
  return (
    <>
      <MetricsTotals all={computed.all} count={computed.count} from={query.from} to={query.to} />
      <MetricsCharts {...computed} granularity={query.granularity} />
    </>
  );
});
