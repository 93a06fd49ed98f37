import { useState } from 'react';

import type { ReportsApi } from '../../shared/workspace';
import { ReportItem } from './ReportItem';
import type { Namer } from './reportText';

/**
 * The table's queue: new reports, oldest first (the longest waiting on top); "Show all" adds those
 * already triaged, with their steps.
 */
export function ReportQueue({
  reports,
  names,
  canTriage,
  organizations,
}: {
  reports: ReportsApi;
  names: Namer;
  canTriage: boolean;
  organizations: ReadonlyArray<readonly [string, string]>;
}) {
  const [all, setAll] = useState(false);
  const every = reports.list();
  const shown = all ? [...every].reverse() : reports.queue();
  return (
    <section className="report-queue" aria-labelledby="report-queue-title">
      <h3 id="report-queue-title">{all ? `All reports (${every.length})` : `New reports (${shown.length})`}</h3>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show all, also those triaged
      </label>
      {shown.length === 0 ? (
        <p className="empty-state">{all ? 'No field reports yet.' : 'No new reports: the queue is empty.'}</p>
      ) : (
        shown.map((r) => (
          <ReportItem
            key={r.id}
            report={r}
            reports={reports}
            names={names}
            canTriage={canTriage}
            organizations={organizations}
            others={every.filter((o) => o.id !== r.id)}
          />
        ))
      )}
    </section>
  );
}
