import { useState } from 'react';
import type { FormEvent } from 'react';

import { addOrganization, listOrganizations } from '../../shared/model';
import { WORKSPACE_DOC_ID } from '../../shared/sync';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useClientVersion } from '../session/useClient';

/** The organizations of the workspace, as a list (the target board issue turns this into lanes). */
export function OrganizationsPanel({ client, canEdit }: { client: WorkspaceClient; canEdit: boolean }) {
  useClientVersion(client);
  const doc = client.workspace.document(WORKSPACE_DOC_ID);
  const [error, setError] = useState<string | null>(null);
  const orgs = listOrganizations(doc);

  const add = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    try {
      addOrganization(doc, { name: String(new FormData(form).get('name')) });
      form.reset();
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section aria-label="Organizations">
      {canEdit && (
        <form className="inline" onSubmit={add}>
          <label>
            Organization name
            <input name="name" required maxLength={200} />
          </label>
          <button type="submit">Add organization</button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
      {orgs.length === 0 ? (
        <p className="empty-state">No organizations yet.</p>
      ) : (
        <ul aria-label="Organization list">
          {orgs.map((o) => (
            <li key={o.id}>
              {o.name} <span className="note">({o.lane})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
