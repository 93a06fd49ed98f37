import type { FormEvent } from 'react';

import type { RoundView } from '../../shared/voting';

/**
 * A ranked ballot: a number per candidate (1 is best); the same number ranks two equal; a
 * candidate left without a number ranks below all that have one.
 */
export function BallotForm({
  round,
  orgName,
  onCast,
}: {
  round: RoundView;
  orgName: (id: string) => string;
  onCast: (ranking: string[][]) => void;
}) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const byRank = new Map<number, string[]>();
    for (const c of round.candidates) {
      const rank = Number(data.get(c));
      if (rank > 0) byRank.set(rank, [...(byRank.get(rank) ?? []), c]);
    }
    onCast([...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group));
  };
  return (
    <form className="ballot" onSubmit={submit} aria-label={`Ballot for ${round.title}`}>
      <p className="note">
        1 is the highest priority. Give two the same number to rank them equal; leave one blank to rank it last.
      </p>
      {round.candidates.map((c) => (
        <label key={c} className="ballot-row">
          Rank for {orgName(c)}
          <select name={c} defaultValue="0">
            <option value="0">—</option>
            {round.candidates.map((_, i) => (
              <option key={i} value={i + 1}>
                {i + 1}
              </option>
            ))}
          </select>
        </label>
      ))}
      <button type="submit">Cast ballot</button>
    </form>
  );
}
