import type { RoundView } from '../../shared/voting';

/** How each organization moved across closed rounds (verified results, oldest first). */
export function RankHistory({ rounds, orgName }: { rounds: RoundView[]; orgName: (id: string) => string }) {
  const closed = rounds
    .filter((r) => r.close && r.verification?.verified && r.verification.result)
    .sort((a, b) => a.close!.closedAt - b.close!.closedAt);
  if (closed.length === 0) return null;
  const ranks = closed.map((r) => new Map(r.verification!.result!.ranking.map((org, i) => [org, i + 1])));
  const orgs = [...new Set(closed.flatMap((r) => r.candidates))];
  const latest = ranks.at(-1)!;
  orgs.sort(
    (a, b) => (latest.get(a) ?? Infinity) - (latest.get(b) ?? Infinity) || orgName(a).localeCompare(orgName(b)),
  );
  return (
    <section className="card" aria-labelledby="rank-history">
      <h3 id="rank-history">Rank history</h3>
      <table aria-label="Rank history" className="pairwise">
        <thead>
          <tr>
            <th scope="col">Organization</th>
            {closed.map((r) => (
              <th key={r.roundId} scope="col">
                {r.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {orgs.map((org) => (
            <tr key={org}>
              <th scope="row">{orgName(org)}</th>
              {ranks.map((m, i) => {
                const rank = m.get(org);
                const before = i > 0 ? ranks[i - 1]!.get(org) : undefined;
                const move =
                  rank === undefined || before === undefined || before === rank
                    ? ''
                    : before > rank
                      ? ` ▲${before - rank}`
                      : ` ▼${rank - before}`;
                return <td key={closed[i]!.roundId}>{rank === undefined ? '—' : `#${rank}${move}`}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
