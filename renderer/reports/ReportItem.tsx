import type { FieldReport } from '../../shared/reports';
import { MarkingChip } from '../board/MarkingChip';
import { gradingMeaning } from './admiralty';
import { KIND_WORD } from './identifierFields';
import { MatchLines } from './MatchLines';
import type { ReportsApi } from '../../shared/workspace';
import { moment, stepLine } from './reportText';
import type { Namer } from './reportText';
import { TriageControls } from './TriageControls';

/**
 * One field report in the queue: who filed it and from which agency (their signed profile), when, its
 * grading and marking, its identifiers and where each is already known, every triage step, and — for a
 * member who may write — the triage controls.
 */
export function ReportItem({
  report,
  reports,
  names,
  canTriage,
  organizations,
  others,
}: {
  report: FieldReport;
  reports: ReportsApi;
  names: Namer;
  canTriage: boolean;
  organizations: ReadonlyArray<readonly [string, string]>;
  others: FieldReport[];
}) {
  const reporter = names.member(report.by);
  const matches = reports.matches(report.id);
  const matchedOrgs = [...new Set(matches.flatMap((m) => (m.orgId === null ? [] : [m.orgId])))];
  const grading = gradingMeaning(report.reliability, report.credibility);
  return (
    <article className="report-item" aria-label={`Field report by ${reporter}, ${moment(report.at)}`}>
      <header>
        <strong>{reporter}</strong> · <span>{moment(report.at)}</span> ·{' '}
        <span className="grading">
          {report.reliability}
          {report.credibility}
        </span>{' '}
        <span className="grading-words">({grading.slice(4)})</span> <MarkingChip marking={report.marking} />{' '}
        <span className="report-status">{report.status}</span>
      </header>
      <p className="report-text">{report.text}</p>
      {(report.where || report.when) && (
        <p className="report-where">
          {report.where && `Where: ${report.where}`}
          {report.where && report.when && ' · '}
          {report.when && `When: ${report.when.replace('T', ' ')}`}
        </p>
      )}
      {report.identifiers.length > 0 && (
        <ul className="chips" aria-label="Identifiers">
          {report.identifiers.map((i) => (
            <li key={`${i.kind}|${i.value}`}>
              {KIND_WORD[i.kind]}: {i.value}
            </li>
          ))}
        </ul>
      )}
      <MatchLines matches={matches} names={names} label="Matches" />
      {report.steps.length > 0 && (
        <ol className="report-steps" aria-label="Triage steps">
          {report.steps.map((s) => (
            <li key={s.recordId}>{stepLine(names, s)}</li>
          ))}
        </ol>
      )}
      {canTriage && (
        <TriageControls
          report={report}
          reports={reports}
          names={names}
          organizations={organizations}
          matchedOrgs={matchedOrgs}
          others={others}
        />
      )}
    </article>
  );
}
