import { WRITING_ROLES } from '../../shared/membership';
import { useConcerns } from '../session/useClient';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { FileReportForm } from './FileReportForm';
import { ReportQueue } from './ReportQueue';
import { useReports } from './useReports';
import './reports.css';

/**
 * The "Field reports" tab (issue 15): an agent files what was found, offline if need be; the table
 * triages the queue. Reporter and agency come from the signature; every match is computed on this
 * machine over what this member may read.
 */
export function ReportsPanel({ client }: { client: WorkspaceClient }) {
  const { reports, names } = useReports(client);
  // Whether a report filed now goes at once or waits for the connection.
  useConcerns(client, 'status');
  const me = client.api.me;
  const canWrite = me !== undefined && WRITING_ROLES.has(me.role);
  const online = client.status().connection === 'connected';
  const organizations = client.api.board
    .read()
    .flatMap((lane) => lane.cards.map((c) => [c.id, c.name] as const))
    .sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <div className="reports-page">
      <section className="report-file" aria-labelledby="report-file-title">
        <h3 id="report-file-title">File a report</h3>
        {canWrite ? (
          <FileReportForm reports={reports} names={names} online={online} />
        ) : (
          <p className="note">Your role can read reports but not file them.</p>
        )}
      </section>
      <ReportQueue reports={reports} names={names} canTriage={canWrite} organizations={organizations} />
    </div>
  );
}
