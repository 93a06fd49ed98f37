import { useState } from 'react';

import { useBoardContext } from './boardContext';
import { MarkingChip } from './MarkingChip';
import { releaseWarning } from './releaseWarning';

/**
 * A fact's marking and, for editors, where it may go (ADR 0012 §6): the compartments this member
 * holds that the rule allows, the current one first. A move is confirmed with what it cannot take
 * back, and undone in one step.
 */
export function ReleasabilityControl({
  map,
  id,
  name,
  marking,
  label = `Releasability of ${name}`,
  portion = true,
}: {
  map: string;
  id: string;
  name: string;
  marking: string;
  label?: string;
  /** A portion mark in parentheses (a fact in the panel), or a chip (the organization). */
  portion?: boolean;
}) {
  const ctx = useBoardContext();
  const [choice, setChoice] = useState<string | null>(null);
  const [moved, setMoved] = useState(false);
  const where = `release:${id}`;
  const targets = ctx.canEdit ? ctx.board.releaseTargets(map, id) : [];
  const current = targets[0];
  if (!current || targets.length < 2) return <MarkingChip marking={marking} portion={portion} />;
  const chosen = targets.find((t) => t.compartmentId === choice);

  return (
    <span className="releasability">
      <label className="compact">
        {label}
        <select value={chosen?.compartmentId ?? current.compartmentId} onChange={(e) => setChoice(e.target.value)}>
          {targets.map((t) => (
            <option key={t.compartmentId} value={t.compartmentId}>
              {t.marking}
            </option>
          ))}
        </select>
      </label>
      {chosen && chosen.compartmentId !== current.compartmentId && (
        <span role="group" aria-label={`Confirm the move of ${name}`}>
          {releaseWarning(name, current, chosen)}{' '}
          <button
            type="button"
            onClick={() => {
              setChoice(null);
              if (ctx.attempt(where, () => ctx.board.release(map, id, chosen.compartmentId))) setMoved(true);
            }}
          >
            Yes, move it
          </button>{' '}
          <button type="button" onClick={() => setChoice(null)}>
            Keep it where it is
          </button>
        </span>
      )}
      {moved && (
        <button
          type="button"
          onClick={() => {
            setMoved(false);
            ctx.attempt(where, () => ctx.board.undoRelease());
          }}
        >
          Undo the move of {name}
        </button>
      )}
      {ctx.errors[where] && <span role="alert">{ctx.errors[where]}</span>}
    </span>
  );
}
