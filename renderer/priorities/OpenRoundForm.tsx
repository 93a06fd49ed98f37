import { useState } from 'react';
import type { FormEvent } from 'react';

import type { CountingMethod, Eligibility } from '../../shared/voting';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { formText } from '../app/forms';

/** A lead or admin opens a round: title, candidates from the board, who votes, how it is counted, when it closes. */
export function OpenRoundForm({
  client,
  organizations,
}: {
  client: WorkspaceClient;
  organizations: { id: string; name: string }[];
}) {
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const closes = formText(data, 'closes');
    try {
      client.api.votes.open({
        title: formText(data, 'title'),
        candidates: data.getAll('candidates').map(String),
        per: data.get('per') as Eligibility,
        method: data.get('method') as CountingMethod,
        closesAt: closes ? new Date(closes).getTime() : null,
      });
      form.reset();
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form className="card open-round" onSubmit={submit} aria-label="Open a round">
      <h3>Open a round</h3>
      <label>
        Round title
        <input name="title" required maxLength={200} autoComplete="off" />
      </label>
      <fieldset>
        <legend>Candidates</legend>
        {organizations.length === 0 && <p className="empty-state">Add organizations to the board first.</p>}
        {organizations.map((o) => (
          <label key={o.id} className="check">
            <input type="checkbox" name="candidates" value={o.id} />
            {o.name}
          </label>
        ))}
      </fieldset>
      <label>
        Who votes
        <select name="per" defaultValue="lead">
          <option value="lead">Every lead (and admin)</option>
          <option value="agency">One ballot per agency</option>
        </select>
      </label>
      <label>
        Counting method
        <select name="method" defaultValue="schulze">
          <option value="schulze">Schulze (Condorcet)</option>
          <option value="borda">Borda</option>
        </select>
      </label>
      <label>
        Closes at (optional; otherwise closed by hand)
        <input name="closes" type="datetime-local" />
      </label>
      <button type="submit">Open round</button>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
