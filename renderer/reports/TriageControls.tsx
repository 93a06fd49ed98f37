import { useState } from 'react';
import type { FormEvent } from 'react';

import type { FieldReport, TriageAction } from '../../shared/reports';
import { formText } from '../app/forms';
import type { ReportsApi } from '../../shared/workspace';
import { reportLabel } from './reportText';
import type { Namer } from './reportText';

/**
 * The three ways to triage a report: link it to an organization (those its identifiers matched come
 * first), mark it a duplicate of another report, or dismiss it with a reason. A refusal is one sentence.
 */
export function TriageControls({
  report,
  reports,
  names,
  organizations,
  matchedOrgs,
  others,
}: {
  report: FieldReport;
  reports: ReportsApi;
  names: Namer;
  /** Every organization on this member's board: [id, name]. */
  organizations: ReadonlyArray<readonly [string, string]>;
  /** The organizations its identifiers are found in, in the order they were found. */
  matchedOrgs: string[];
  /** The other reports it may repeat. */
  others: FieldReport[];
}) {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const subject = `the report by ${names.member(report.by)}`;
  const act = (e: FormEvent<HTMLFormElement>, action: (data: FormData) => TriageAction, said: string) => {
    e.preventDefault();
    const form = e.currentTarget;
    try {
      reports.triage(report.id, action(new FormData(form)));
      setError(null);
      setDone(said);
      form.reset();
    } catch (err) {
      setDone(null);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const matched = new Set(matchedOrgs);
  const ordered = [
    ...matchedOrgs.flatMap((id) => organizations.filter(([org]) => org === id)),
    ...organizations.filter(([id]) => !matched.has(id)),
  ];

  return (
    <div className="triage" role="group" aria-label={`Triage ${subject}`}>
      <form onSubmit={(e) => act(e, (d) => ({ link: formText(d, 'org') }), 'Linked.')} aria-label="Link">
        <label>
          Link to an organization
          <select name="org" required>
            {ordered.map(([id, name]) => (
              <option key={id} value={id}>
                {matched.has(id) ? `${name} (matched)` : name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={ordered.length === 0}>
          Link
        </button>
      </form>
      {others.length > 0 && (
        <form
          onSubmit={(e) => act(e, (d) => ({ duplicateOf: formText(d, 'of') }), 'Marked a duplicate.')}
          aria-label="Mark as duplicate"
        >
          <label>
            Mark as duplicate of
            <select name="of" required>
              {others.map((o) => (
                <option key={o.id} value={o.id}>
                  {reportLabel(names, o)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Mark as duplicate</button>
        </form>
      )}
      <form
        onSubmit={(e) => act(e, (d) => ({ dismiss: formText(d, 'reason').trim() }), 'Dismissed.')}
        aria-label="Dismiss"
      >
        <label>
          Reason to dismiss
          <input name="reason" required maxLength={500} autoComplete="off" />
        </label>
        <button type="submit">Dismiss</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {done && <p role="status">{done}</p>}
    </div>
  );
}
