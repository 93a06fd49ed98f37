import { useState } from 'react';
import type { FormEvent } from 'react';

import { useBoardContext } from './boardContext';
import { formText } from '../app/forms';

/**
 * The workspace's lanes, one per line. A line edited in place renames its lane and the cards
 * follow; a lane taken out leaves its cards in the first lane.
 */
export function LanesEditor({ lanes }: { lanes: string[] }) {
  const { board, attempt, errors } = useBoardContext();
  const [editing, setEditing] = useState(false);
  if (!editing) {
    return (
      <button type="button" onClick={() => setEditing(true)}>
        Edit lanes
      </button>
    );
  }
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const next = formText(new FormData(e.currentTarget), 'lanes')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    // Same line number, new text: a rename (when the old name is not kept elsewhere).
    const renamed = Object.fromEntries(
      lanes.flatMap((old, i) =>
        next[i] !== undefined && next[i] !== old && !next.includes(old) ? [[old, next[i]]] : [],
      ),
    );
    if (attempt('lanes', () => board.setLanes(next, renamed))) setEditing(false);
  };
  return (
    <form className="lanes-editor" onSubmit={submit} aria-label="Lanes">
      <label>
        Lanes, one per line
        <textarea name="lanes" rows={Math.max(lanes.length, 3)} defaultValue={lanes.join('\n')} />
      </label>
      <button type="submit">Save lanes</button>
      <button type="button" onClick={() => setEditing(false)}>
        Cancel
      </button>
      {errors.lanes && <p role="alert">{errors.lanes}</p>}
    </form>
  );
}
