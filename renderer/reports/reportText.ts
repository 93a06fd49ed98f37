import type { FieldReport, ReportMatch, TriageStep } from '../../shared/reports';

/** What the report screens need to name things: people by their signed profiles, organizations, reports. */
export interface Namer {
  /** "Ana Ruiz (DEA)"; a short id when the member published no profile. */
  member(memberId: string): string;
  /** The organization's name on this member's board; '' when it is not shown here. */
  orgName(orgId: string): string;
  report(reportId: string): FieldReport | null;
}

/** A moment as the screens write it: "2 Dec 2026, 14:05" in the reader's locale. */
export const moment = (at: number): string =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Field report by Ben Sample (DEA), 2 Dec 2026, 14:05", for a select or a network entry. */
export function reportLabel(names: Namer, report: FieldReport): string {
  const text = report.text.length > 48 ? `${report.text.slice(0, 47).replace(/\s+\S*$/, '')}…` : report.text;
  return `${names.member(report.by)}, ${moment(report.at)}: ${text}`;
}

/**
 * One match as a line: "(956) 555-0198 is in ⟨Sage Tern Circle⟩'s network as +1 956 555 0198, added by
 * Ana Ruiz (DEA)". `org` is what becomes a link to the card; `before` and `after` surround it.
 */
export function matchLine(
  names: Namer,
  match: ReportMatch,
): { before: string; org: { id: string; name: string } | null; after: string } {
  const written = match.identifier.value;
  const as = match.text && match.text !== written ? ` as ${match.text}` : '';
  const by = match.addedBy === null ? ', its author unproven' : `, added by ${names.member(match.addedBy)}`;
  if (match.orgId !== null) {
    const name = names.orgName(match.orgId) || 'an organization';
    return { before: `${written} is in `, org: { id: match.orgId, name }, after: `’s network${as}${by}` };
  }
  const other = match.reportId === null ? null : names.report(match.reportId);
  const filed = match.addedBy === null ? '' : ` by ${names.member(match.addedBy)}`;
  const at = other ? `, ${moment(other.at)}` : '';
  return { before: `${written} is also in a field report${filed}${at}${as}`, org: null, after: '' };
}

/** One triage step as the report shows it: what was done, by whom and when. */
export function stepLine(names: Namer, step: TriageStep): string {
  const who = `${names.member(step.by)}, ${moment(step.at)}`;
  switch (step.step) {
    case 'link': {
      // A bare link: the organization and the entries are in a compartment this member does not hold.
      if (step.orgId === undefined) return `Linked to an organization you cannot see by ${who}`;
      const made = step.entityIds?.length ?? 0;
      const entries = made === 0 ? 'no new entries' : `${made} new entr${made === 1 ? 'y' : 'ies'}`;
      return `Linked to ${names.orgName(step.orgId ?? '') || 'an organization not shown here'} (${entries}) by ${who}`;
    }
    case 'duplicate': {
      const of = step.duplicateOf ? names.report(step.duplicateOf) : null;
      return `Marked a duplicate of ${of ? `the report by ${reportLabel(names, of)}` : 'a report not held here'} by ${who}`;
    }
    case 'dismiss':
      return `Dismissed by ${who}: ${step.reason ?? ''}`;
  }
}
