import type { WorkspaceClient } from '../session/WorkspaceClient';
import { viewAsOptions } from './viewAsOptions';
import type { ViewAsOption } from './viewAsOptions';

/** The "View as …" menu: my own board, a member's, or everyone-in-a-compartment's. */
export function ViewAsChoice({
  client,
  value,
  onChange,
}: {
  client: WorkspaceClient;
  value: ViewAsOption | null;
  onChange: (view: ViewAsOption | null) => void;
}) {
  const { api } = client;
  const profiles = api.profiles();
  const nameOf = (id: string) => profiles.get(id)?.name ?? `member ${id.slice(0, 8)}`;
  const options = viewAsOptions(api.roster, api.compartments(), client.workspace.me, nameOf);
  if (options.length === 0) return null;
  return (
    <label>
      View as
      <select
        value={value?.key ?? ''}
        onChange={(e) => onChange(options.find((o) => o.key === e.target.value) ?? null)}
      >
        <option value="">Myself (my board)</option>
        {options.map((o) => (
          <option key={o.key} value={o.key}>
            {o.who}
          </option>
        ))}
      </select>
    </label>
  );
}
