import { compartmentMembers } from '../../shared/membership';
import type { WorkspaceClient } from '../session/WorkspaceClient';

/** Who can read what: one row per member, one column per compartment, the core first. */
export function CompartmentGrid({
  client,
  titles,
  nameOf,
}: {
  client: WorkspaceClient;
  titles: ReadonlyMap<string, string>;
  nameOf: (memberId: string) => string;
}) {
  const roster = client.api.roster;
  const columns = [...roster.compartments.values()].sort((a, b) => rank(a.kind) - rank(b.kind));
  const readers = new Map(columns.map((c) => [c.compartmentId, compartmentMembers(roster, c.compartmentId)]));
  const titleOf = (id: string) => titles.get(id) ?? `sealed (${id.slice(0, 6)}…)`;
  return (
    <table className="roster">
      <caption>Who can read what</caption>
      <thead>
        <tr>
          <th scope="col">Member</th>
          {columns.map((c) => (
            <th key={c.compartmentId} scope="col">
              {titleOf(c.compartmentId)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {[...roster.members.values()].map((m) => (
          <tr key={m.memberId}>
            <th scope="row">
              {nameOf(m.memberId)} <span className="note">({m.role})</span>
            </th>
            {columns.map((c) => (
              <td key={c.compartmentId} aria-label={`${nameOf(m.memberId)} in ${titleOf(c.compartmentId)}`}>
                {readers.get(c.compartmentId)!.has(m.memberId) ? 'reads' : '—'}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const rank = (kind: string) => (kind === 'core' ? 0 : kind === 'releasable' ? 1 : 2);
