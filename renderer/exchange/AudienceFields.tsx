import type { CompartmentView } from '../../shared/membership';
import { compartmentsFor } from './exportChoice';

/** The audience half of the export dialog, controlled: by whole compartments or by the people it is for. */
export function AudienceFields({
  held,
  candidates,
  by,
  compartments,
  recipients,
  titleOf,
  nameOf,
  onBy,
  onToggle,
}: {
  held: readonly CompartmentView[];
  candidates: readonly string[];
  by: 'compartments' | 'recipients';
  compartments: ReadonlySet<string>;
  recipients: ReadonlySet<string>;
  titleOf: (compartmentId: string) => string;
  nameOf: (memberId: string) => string;
  onBy: (by: 'compartments' | 'recipients') => void;
  onToggle: (list: 'compartments' | 'recipients', id: string) => void;
}) {
  const carried = compartmentsFor([...recipients], held);
  return (
    <>
      <fieldset>
        <legend>What to carry</legend>
        <label className="check">
          <input type="radio" name="by" checked={by === 'compartments'} onChange={() => onBy('compartments')} /> Whole
          compartments
        </label>
        <label className="check">
          <input type="radio" name="by" checked={by === 'recipients'} onChange={() => onBy('recipients')} /> What chosen
          people may read
        </label>
      </fieldset>
      {by === 'compartments' ? (
        <fieldset>
          <legend>Compartments</legend>
          {held.map((c) => (
            <label key={c.compartmentId} className="check">
              <input
                type="checkbox"
                checked={compartments.has(c.compartmentId)}
                onChange={() => onToggle('compartments', c.compartmentId)}
              />{' '}
              {titleOf(c.compartmentId)}
            </label>
          ))}
          <p className="note">It is sealed for everyone who is in all of the compartments it carries.</p>
        </fieldset>
      ) : (
        <fieldset>
          <legend>Recipients</legend>
          {candidates.length === 0 && <p className="empty-state">Nobody else shares a compartment with you yet.</p>}
          {candidates.map((m) => (
            <label key={m} className="check">
              <input type="checkbox" checked={recipients.has(m)} onChange={() => onToggle('recipients', m)} />{' '}
              {nameOf(m)}
            </label>
          ))}
          <p className="note" aria-live="polite">
            {recipients.size === 0
              ? 'Only the people chosen can open it.'
              : carried.length === 0
                ? 'These people share no compartment with you and with each other.'
                : `Carries what all of them may read: ${carried.map(titleOf).join(', ')}.`}
          </p>
        </fieldset>
      )}
    </>
  );
}
