import { memo, useContext, useState } from 'react';
import type { FormEvent } from 'react';

import { OUTCOME_KINDS, OUTCOMES, SEIZURE_CATEGORIES } from '../../shared/model';
import type { Organization, Outcome, OutcomeFields, OutcomeKind, SeizureCategory } from '../../shared/model';
import { useBoardContext } from './boardContext';
import { Choice } from './Choice';
import { FactCells } from './FactCells';
import { TextField } from './TextField';
import { formText } from '../app/forms';
import { NavigationContext } from '../workspaces/navigation';

const today = () => new Date().toISOString().slice(0, 10);

function seizureText(o: Outcome): string {
  const s = o.seizure;
  if (!s) return '';
  if (s.category === 'narcotics')
    return `${s.drugKind ?? 'narcotics'}${s.weightKg !== undefined ? `, ${s.weightKg} kg` : ''}`;
  if (s.category === 'weapons') return `${s.count ?? '?'} weapons`;
  return `$${(s.amountUsd ?? 0).toLocaleString('en-US')} currency`;
}

/** Arrests, seizures, indictments and entry-permission revocations, each with date, agency and note. */
export const OutcomesEditor = memo(function OutcomesEditor({ org }: { org: Organization }) {
  const { board, canEdit, attempt, errors } = useBoardContext();
  const outcomes = board.outcomes(org.id);
  const openMetrics = useContext(NavigationContext)?.openMetrics;
  const [kind, setKind] = useState<OutcomeKind>('arrest');
  const [category, setCategory] = useState<SeizureCategory>('narcotics');

  const add = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const number = (name: string) => {
      const raw = formText(data, name).trim();
      return raw === '' ? undefined : Number(raw);
    };
    const input: OutcomeFields = {
      kind,
      date: formText(data, 'date'),
      agency: formText(data, 'agency'),
      note: formText(data, 'note'),
      ...(kind === 'seizure'
        ? {
            seizure: {
              category,
              ...(category === 'narcotics'
                ? { drugKind: formText(data, 'drugKind') || undefined, weightKg: number('weightKg') }
                : category === 'weapons'
                  ? { count: number('count') }
                  : { amountUsd: number('amountUsd') }),
            },
          }
        : {}),
    };
    if (attempt('outcomes', () => board.addOutcome(org.id, input))) form.reset();
  };

  return (
    <section className="outcomes" aria-label="Outcomes">
      <h3>Outcomes ({outcomes.length})</h3>
      {openMetrics && outcomes.length > 0 && (
        <button type="button" className="link" onClick={() => openMetrics(org.id)}>
          Metrics of {org.name}
        </button>
      )}
      {outcomes.length === 0 ? (
        <p className="empty-state">No arrests, seizures, indictments or revocations recorded.</p>
      ) : (
        <table aria-label="Outcome list">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Outcome</th>
              <th scope="col">Agency</th>
              <th scope="col">Note</th>
              <th scope="col">Marking</th>
              <th scope="col">Recorded by</th>
              {canEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {outcomes.map((o) => (
              <tr key={o.id}>
                <td>{o.date}</td>
                <th scope="row">
                  {o.kind}
                  {o.seizure ? `: ${seizureText(o)}` : ''}
                </th>
                <td>{o.agency}</td>
                <td>
                  {canEdit ? (
                    <TextField
                      compact
                      label={`Note of ${o.kind} of ${o.date}`}
                      value={o.note}
                      maxLength={2000}
                      onCommit={(v) => attempt('outcomes', () => board.updateOutcome(o.id, { note: v }))}
                    />
                  ) : (
                    o.note
                  )}
                </td>
                <FactCells
                  map={OUTCOMES}
                  id={o.id}
                  name={`${o.kind} of ${o.date}`}
                  marking={o.marking}
                  canEdit={canEdit}
                  removeLabel={`Remove ${o.kind} of ${o.date}`}
                  onRemove={() => attempt('outcomes', () => board.removeOutcome(o.id))}
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form className="inline" onSubmit={add} aria-label="Record an outcome">
          <Choice
            label="Outcome kind"
            options={OUTCOME_KINDS}
            value={kind}
            onChange={(k) => setKind(k as OutcomeKind)}
          />
          <label>
            Date
            <input name="date" type="date" required defaultValue={today()} />
          </label>
          <label>
            Outcome agency
            <input name="agency" required maxLength={120} list="known-agencies" autoComplete="off" />
          </label>
          {kind === 'seizure' && (
            <>
              <Choice
                label="Seized"
                options={SEIZURE_CATEGORIES}
                value={category}
                onChange={(c) => setCategory(c as SeizureCategory)}
              />
              {category === 'narcotics' && (
                <>
                  <label>
                    Drug
                    <input name="drugKind" maxLength={120} autoComplete="off" />
                  </label>
                  <label>
                    Weight (kg)
                    <input name="weightKg" type="number" min={0} step="any" />
                  </label>
                </>
              )}
              {category === 'weapons' && (
                <label>
                  Weapons
                  <input name="count" type="number" min={0} step={1} />
                </label>
              )}
              {category === 'currency' && (
                <label>
                  Amount (USD)
                  <input name="amountUsd" type="number" min={0} step="any" />
                </label>
              )}
            </>
          )}
          <label>
            Outcome note
            <input name="note" maxLength={2000} autoComplete="off" />
          </label>
          <button type="submit">Record outcome</button>
        </form>
      )}
      {errors.outcomes && <p role="alert">{errors.outcomes}</p>}
    </section>
  );
});
