import { lazy, memo, Suspense, useState } from 'react';
import type { FormEvent } from 'react';

import { ENTITIES, ENTITY_KINDS, LINKS, LOCATION_KINDS, PERSON_ROLES } from '../../shared/model';
import type { EntityFields, EntityKind, NetworkEntity, Organization } from '../../shared/model';
import { useBoardContext } from './boardContext';
import { Choice } from './Choice';
import { FactAuthor } from './FactAuthor';
import { FactCells } from './FactCells';
import { ReleasabilityControl } from './ReleasabilityControl';
import { splitList, TextField } from './TextField';
import { formText } from '../app/forms';
import { entryMatches } from '../reports/entryMatches';
import { EntrySources } from '../reports/EntrySources';
import { useReports } from '../reports/useReports';

// The graph library is large; it loads when someone asks for the graph, not with the board.
const NetworkGraph = lazy(() => import('./NetworkGraph'));

const describe = (e: NetworkEntity) => e.role ?? e.locationKind ?? e.kind;

/** An organization's network: people with roles, phones, vehicles, places, routes, and who links to whom. */
export const NetworkEditor = memo(function NetworkEditor({ org }: { org: Organization }) {
  const { client, board, canEdit, attempt, errors } = useBoardContext();
  const { entities, links } = board.network(org.id);
  const { reports, names } = useReports(client);
  const shared = reports.orgMatches(org.id);
  const [kind, setKind] = useState<EntityKind>('person');
  const [showGraph, setShowGraph] = useState(false);
  const byId = new Map(entities.map((e) => [e.id, e]));

  const add = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const input: EntityFields = {
      kind,
      name: formText(data, 'name'),
      detail: formText(data, 'detail'),
      ...(kind === 'person'
        ? { role: data.get('role') as EntityFields['role'], aliases: splitList(formText(data, 'aliases')) }
        : {}),
      ...(kind === 'location' ? { locationKind: data.get('locationKind') as EntityFields['locationKind'] } : {}),
    };
    if (attempt('network', () => board.addEntity(org.id, input))) form.reset();
  };
  const link = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const input = { from: formText(data, 'from'), to: formText(data, 'to'), label: formText(data, 'label') };
    if (attempt('links', () => board.addLink(input))) form.reset();
  };

  return (
    <section className="network" aria-label="Network">
      <h3>Network ({entities.length})</h3>
      {entities.length === 0 ? (
        <p className="empty-state">No people, phones, vehicles, places or routes yet.</p>
      ) : (
        <table aria-label="Network entries">
          <thead>
            <tr>
              <th scope="col">Entry</th>
              <th scope="col">Kind</th>
              <th scope="col">Detail</th>
              <th scope="col">Marking</th>
              <th scope="col">Added by</th>
              {canEdit && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {entities.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  {e.name}
                  {e.kind === 'person' && <PersonAliases entity={e} />}
                  <EntrySources entityId={e.id} matches={entryMatches(e, shared)} reports={reports} names={names} />
                </th>
                <td>
                  {canEdit && e.kind === 'person' ? (
                    <select
                      aria-label={`Role of ${e.name}`}
                      value={e.role}
                      onChange={(ev) =>
                        attempt('network', () =>
                          board.updateEntity(e.id, { role: ev.target.value as EntityFields['role'] }),
                        )
                      }
                    >
                      {PERSON_ROLES.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  ) : (
                    describe(e)
                  )}
                </td>
                <td>
                  {canEdit ? (
                    <TextField
                      compact
                      label={`Detail of ${e.name}`}
                      value={e.detail}
                      maxLength={2000}
                      onCommit={(v) => attempt('network', () => board.updateEntity(e.id, { detail: v }))}
                    />
                  ) : (
                    e.detail
                  )}
                </td>
                <FactCells
                  map={ENTITIES}
                  id={e.id}
                  name={e.name}
                  marking={e.marking}
                  canEdit={canEdit}
                  removeLabel={`Remove ${e.name}`}
                  onRemove={() => attempt('network', () => board.removeEntity(e.id))}
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form className="inline" onSubmit={add} aria-label="Add to the network">
          <Choice label="Entry kind" options={ENTITY_KINDS} value={kind} onChange={(k) => setKind(k as EntityKind)} />
          <label>
            {kind === 'phone' ? 'Number' : kind === 'vehicle' ? 'Vehicle' : 'Entry name'}
            <input name="name" required maxLength={200} autoComplete="off" />
          </label>
          {kind === 'person' && <Choice label="Role" options={PERSON_ROLES} name="role" defaultValue="other" />}
          {kind === 'person' && (
            <label>
              Entry aliases
              <input name="aliases" maxLength={2000} autoComplete="off" placeholder="separated by commas" />
            </label>
          )}
          {kind === 'location' && (
            <Choice label="Place kind" options={LOCATION_KINDS} name="locationKind" defaultValue="stash house" />
          )}
          <label>
            Entry detail
            <input name="detail" maxLength={2000} autoComplete="off" />
          </label>
          <button type="submit">Add to network</button>
        </form>
      )}
      {errors.network && <p role="alert">{errors.network}</p>}

      <h4>Links ({links.length})</h4>
      {links.length > 0 && (
        <ul aria-label="Links">
          {links.map((l) => {
            const text = `${byId.get(l.from)?.name} — ${l.label || 'linked to'} — ${byId.get(l.to)?.name}`;
            return (
              <li key={l.id}>
                {text} <ReleasabilityControl map={LINKS} id={l.id} name={`link ${text}`} marking={l.marking} />{' '}
                <FactAuthor map={LINKS} id={l.id} />{' '}
                {canEdit && (
                  <button type="button" onClick={() => attempt('links', () => board.removeLink(l.id))}>
                    Remove link {text}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && entities.length >= 2 && (
        <form className="inline" onSubmit={link} aria-label="Link two entries">
          <EntitySelect label="From" name="from" entities={entities} />
          <label>
            Link label
            <input name="label" maxLength={120} placeholder="calls, drives, stores at…" autoComplete="off" />
          </label>
          <EntitySelect label="To" name="to" entities={entities} />
          <button type="submit">Add link</button>
        </form>
      )}
      {errors.links && <p role="alert">{errors.links}</p>}

      {entities.length > 0 && (
        <button type="button" aria-expanded={showGraph} onClick={() => setShowGraph((s) => !s)}>
          {showGraph ? 'Hide network graph' : 'Show network graph'}
        </button>
      )}
      {showGraph && (
        <Suspense fallback={<p role="status">Drawing the network…</p>}>
          <NetworkGraph orgName={org.name} entities={entities} links={links} />
        </Suspense>
      )}
    </section>
  );
});

/** A person's other names: matched like the name (issue 15); edited as one comma-separated field. */
function PersonAliases({ entity }: { entity: NetworkEntity }) {
  const { board, canEdit, attempt } = useBoardContext();
  const aliases = entity.aliases ?? [];
  if (!canEdit) return aliases.length > 0 ? <small className="aliases"> aka {aliases.join(', ')}</small> : null;
  return (
    <TextField
      compact
      label={`Aliases of ${entity.name}`}
      value={aliases.join(', ')}
      maxLength={2000}
      onCommit={(v) => attempt('network', () => board.updateEntity(entity.id, { aliases: splitList(v) }))}
    />
  );
}

function EntitySelect({ label, name, entities }: { label: string; name: string; entities: NetworkEntity[] }) {
  return (
    <label>
      {label}
      <select name={name} required>
        {entities.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name} ({describe(e)})
          </option>
        ))}
      </select>
    </label>
  );
}
