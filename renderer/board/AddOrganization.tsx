import type { FormEvent } from 'react';

import { useBoardContext } from './boardContext';
import { Choice } from './Choice';
import { formText } from '../app/forms';

/** A new card: a name and the lane it starts in; the rest is filled in its panel, which opens. */
export function AddOrganization({ lanes, onAdded }: { lanes: string[]; onAdded: (id: string) => void }) {
  const { board, attempt, errors } = useBoardContext();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    let id = '';
    const ok = attempt('add', () => {
      id = board.addOrganization({ name: formText(data, 'name'), lane: formText(data, 'lane') });
    });
    if (ok) {
      form.reset();
      onAdded(id);
    }
  };
  return (
    <form className="inline add-organization" onSubmit={submit} aria-label="Add an organization">
      <label>
        Organization name
        <input name="name" required maxLength={200} autoComplete="off" />
      </label>
      <Choice label="Starting lane" options={lanes} name="lane" defaultValue={lanes[0]} />
      <button type="submit">Add organization</button>
      {errors.add && <p role="alert">{errors.add}</p>}
    </form>
  );
}
