import type { ReportMatch } from '../../shared/reports';
import { useNavigation } from '../workspaces/navigation';
import type { ReportsApi } from '../../shared/workspace';
import { moment, reportLabel } from './reportText';
import type { Namer } from './reportText';

/**
 * Under a network entry: the field report it came from ("From a field report by … (agency), <date>"),
 * proven by the signed link step and the entry's signed addition, and where else its identifier is.
 */
export function EntrySources({
  entityId,
  matches,
  reports,
  names,
}: {
  entityId: string;
  /** This entry's matches: other organizations' entries and reports holding the same identifier. */
  matches: ReportMatch[];
  reports: ReportsApi;
  names: Namer;
}) {
  const source = reports.sourceOf(entityId);
  if (!source && matches.length === 0) return null;
  return <SourceLines source={source} matches={matches} reports={reports} names={names} />;
}

function SourceLines({
  source,
  matches,
  reports,
  names,
}: {
  source: { reportId: string; by: string } | null;
  matches: ReportMatch[];
  reports: ReportsApi;
  names: Namer;
}) {
  const navigation = useNavigation();
  const report = source ? reports.report(source.reportId) : null;
  return (
    <>
      {source && (
        <span className="entry-sources">
          From a field report by {names.member(source.by)}
          {report ? `, ${moment(report.at)}` : ''}
        </span>
      )}
      {matches.length > 0 && (
        <span className="entry-sources">
          Also in:{' '}
          {matches.map((m, i) => {
            const other = m.reportId === null ? null : names.report(m.reportId);
            return (
              <span key={`${m.factId}|${m.identifier.value}`}>
                {i > 0 && '; '}
                {m.orgId !== null ? (
                  <button type="button" className="link" onClick={() => navigation.openCard(m.orgId!)}>
                    {names.orgName(m.orgId) || 'an organization'}
                  </button>
                ) : (
                  `a field report by ${other ? reportLabel(names, other) : 'a member'}`
                )}
                {m.orgId !== null && m.text !== m.identifier.value && ` (as ${m.text})`}
              </span>
            );
          })}
        </span>
      )}
    </>
  );
}
