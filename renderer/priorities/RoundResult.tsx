import type { RoundView } from '../../shared/voting';

/** The published order, the pairwise preferences behind it, and how ties were handled. */
export function RoundResult({ round, orgName }: { round: RoundView; orgName: (id: string) => string }) {
  const result = round.verification?.result;
  const order = round.close!.order;
  // A group's place is one more than the number of organizations above it (1, 2, 2, 4…).
  const places = order.map((_, i) => 1 + order.slice(0, i).reduce((n, g) => n + g.length, 0));
  return (
    <div className="round-result">
      <h4>Result</h4>
      <ol aria-label={`Result of ${round.title}`} className="result-order">
        {order.map((group, i) => (
          <li key={group.join()} value={places[i]}>
            {group.map(orgName).join(' = ')}
            {group.length > 1 && <span className="note"> (tied)</span>}
          </li>
        ))}
      </ol>
      {result && (
        <>
          <table aria-label="Pairwise preferences" className="pairwise">
            <caption>How many ballots rank the row’s organization above the column’s</caption>
            <thead>
              <tr>
                <th scope="col">Over →</th>
                {result.candidates.map((c) => (
                  <th key={c} scope="col">
                    {orgName(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.candidates.map((r) => (
                <tr key={r}>
                  <th scope="row">{orgName(r)}</th>
                  {result.candidates.map((c) => (
                    <td key={c}>{r === c ? '—' : result.pairwise[r]?.[c]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {result.tieBreaks.length > 0 && (
            <ul aria-label="Ties" className="note">
              {result.tieBreaks.map((t) => (
                <li key={t}>
                  {t.replace(/[A-Za-z0-9_-]{16}/g, (id) => (result.candidates.includes(id) ? orgName(id) : id))}
                </li>
              ))}
            </ul>
          )}
          <p className="note">{result.ballots} ballots counted.</p>
        </>
      )}
    </div>
  );
}
