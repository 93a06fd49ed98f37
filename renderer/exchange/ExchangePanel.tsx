import { compartmentTitles } from '../members/compartmentTitles';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useConcerns } from '../session/useClient';
import { ExportBundle } from './ExportBundle';
import { ImportBundle } from './ImportBundle';
import { SaveStateFile } from './SaveStateFile';
import './exchange.css';

/**
 * The Exchange tab (issue 14): carrying this workspace by hand, on removable media, to and from a network
 * its relay cannot reach. Files only: a bundle is signed by its maker and sealed for its recipients.
 */
export function ExchangePanel({ client, title }: { client: WorkspaceClient; title: string }) {
  useConcerns(client, 'roster', 'profiles');
  const { api } = client;
  const titles = compartmentTitles(api);
  const titleOf = (id: string) => titles.get(id) ?? 'a compartment';
  const nameOf = (memberId: string) => {
    const p = api.profile(memberId);
    return p ? `${p.name} (${p.agency})` : `member ${memberId.slice(0, 8)}`;
  };

  return (
    <section className="exchange" aria-label="Exchange with another network">
      <p className="note">
        For an office whose network cannot reach this one: carry a bundle on a stick. It holds only what its recipients
        may read, is signed by you and sealed for them, so a lost stick reveals nothing, not even who is in this
        workspace.
      </p>
      <div className="exchange-row">
        <h3>Send</h3>
        <ExportBundle client={client} title={title} titleOf={titleOf} nameOf={nameOf} />
      </div>
      <div className="exchange-row">
        <h3>Receive</h3>
        <ImportBundle client={client} />
        <SaveStateFile client={client} title={title} />
      </div>
    </section>
  );
}
