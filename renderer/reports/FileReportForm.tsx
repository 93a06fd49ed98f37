import { useDeferredValue, useMemo, useState } from 'react';
import type { FormEvent } from 'react';

import { CREDIBILITY, RELIABILITY } from '../../shared/reports';
import type { Credibility, Reliability, ReportInput } from '../../shared/reports';
import { formText } from '../app/forms';
import { MarkingChip } from '../board/MarkingChip';
import { CREDIBILITY_MEANING, RELIABILITY_MEANING } from './admiralty';
import { IDENTIFIER_FIELDS, identifiersOf } from './identifierFields';
import type { IdentifierText } from './identifierFields';
import { MatchLines } from './MatchLines';
import type { ReportsApi } from '../../shared/workspace';
import { moment } from './reportText';
import type { Namer } from './reportText';

/**
 * "File a report": what an agent found, the identifiers in it, where, when, how good the source and the
 * information are, and who may read it. Everything is local: it files offline, and the status says when
 * it will reach the table. The identifiers already known show as they are typed.
 */
export function FileReportForm({ reports, names, online }: { reports: ReportsApi; names: Namer; online: boolean }) {
  const targets = reports.fileTargets();
  const [ids, setIds] = useState<IdentifierText>({});
  const [target, setTarget] = useState<string>('');
  const [filed, setFiled] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const typed = useDeferredValue(ids);
  const identifiers = useMemo(() => identifiersOf(typed), [typed]);
  // The lookup reads the live index: recomputed on each render, which the index's changes trigger.
  const known = identifiers.length === 0 ? [] : reports.lookup(identifiers);
  const chosen = targets.find((t) => t.compartmentId === target) ?? targets[0];

  const file = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = formText(data, 'text').trim();
    if (text === '') return setError('Say what was found: the report needs its text.');
    const date = formText(data, 'date');
    const time = formText(data, 'time');
    const input: ReportInput = {
      text,
      identifiers: identifiersOf(ids),
      where: formText(data, 'where').trim(),
      when: date === '' ? '' : time === '' ? date : `${date}T${time}`,
      reliability: formText(data, 'reliability') as Reliability,
      credibility: formText(data, 'credibility') as Credibility,
      ...(chosen ? { compartmentId: chosen.compartmentId } : {}),
    };
    try {
      const made = reports.add(input);
      const report = reports.report(made.reportId);
      const grading = `${input.reliability}${input.credibility}`;
      const marking = report?.marking ?? chosen?.marking ?? '';
      setFiled(
        `${report ? `Filed at ${moment(report.at)}` : 'Filed'} (${grading}, ${marking}).` +
          (online
            ? ' It is on its way to the table.'
            : ' You are offline: it goes to the table when the connection is back.'),
      );
      setError(null);
      form.reset();
      setIds({});
    } catch (err) {
      // Nothing typed is lost: the form keeps it for another try.
      setError(err instanceof Error ? err.message : String(err));
      setFiled(null);
    }
  };

  return (
    <form className="report-form" aria-label="File a report" onSubmit={file}>
      <label>
        What was found
        <textarea name="text" required maxLength={4000} rows={3} />
      </label>
      {IDENTIFIER_FIELDS.map(({ kind, label, hint }) => (
        <div key={kind} className="report-field">
          <label>
            {label}
            <textarea
              name={kind}
              rows={kind === 'phone' || kind === 'plate' ? 2 : 1}
              aria-describedby={`hint-${kind}`}
              value={ids[kind] ?? ''}
              onChange={(e) => setIds((s) => ({ ...s, [kind]: e.target.value }))}
            />
          </label>
          <span className="hint" id={`hint-${kind}`}>
            {hint}
          </span>
        </div>
      ))}
      <section className="report-preview" aria-label="Already on the board" aria-live="polite">
        <h4>Already on the board</h4>
        {identifiers.length === 0 ? (
          <p className="empty-state">Identifiers you type are looked up here.</p>
        ) : known.length === 0 ? (
          <p className="empty-state">None of these is on the board or in another report you can read.</p>
        ) : (
          <MatchLines matches={known} names={names} label="Matches so far" />
        )}
      </section>
      <label>
        Where
        <input name="where" maxLength={200} autoComplete="off" />
      </label>
      <div className="report-when">
        <label>
          When (date)
          <input name="date" type="date" />
        </label>
        <label>
          Time
          <input name="time" type="time" />
        </label>
      </div>
      <label>
        Source reliability
        <select name="reliability" defaultValue="F">
          {RELIABILITY.map((r) => (
            <option key={r} value={r}>
              {r} — {RELIABILITY_MEANING[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Information credibility
        <select name="credibility" defaultValue="6">
          {CREDIBILITY.map((c) => (
            <option key={c} value={c}>
              {c} — {CREDIBILITY_MEANING[c]}
            </option>
          ))}
        </select>
      </label>
      {targets.length === 0 ? (
        <p role="alert">You hold no compartment to file in yet: an admin must add you to one.</p>
      ) : (
        <div className="report-field">
          <label>
            Releasable to
            <select value={chosen?.compartmentId} onChange={(e) => setTarget(e.target.value)}>
              {targets.map((t) => (
                <option key={t.compartmentId} value={t.compartmentId}>
                  {t.marking}
                </option>
              ))}
            </select>
          </label>
          {chosen && <MarkingChip marking={chosen.marking} />}
        </div>
      )}
      {error && <p role="alert">{error}</p>}
      <button type="submit" disabled={targets.length === 0}>
        File report
      </button>
      {filed && (
        <p role="status" aria-label="Report filed">
          {filed}
        </p>
      )}
    </form>
  );
}
