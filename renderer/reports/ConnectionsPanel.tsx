import { lazy, Suspense, useMemo } from 'react';

import type { Connection } from '../../shared/reports';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { useNavigation } from '../workspaces/navigation';
import { connectionGraph } from './connectionGraph';
import { KIND_WORD } from './identifierFields';
import { reportLabel } from './reportText';
import type { Namer } from './reportText';
import { useReports } from './useReports';
import './reports.css';

// The graph library is large: it loads with this tab, not with the app.
const ConnectionsGraph = lazy(() => import('./ConnectionsGraph'));

/**
 * The Connections tab (issue 15): every identifier two or more organizations or reports hold, as a table
 * (the accessible form) and as a graph of who shares what. Computed on this machine over what this member
 * may read: nothing here was ever sent anywhere.
 */
export function ConnectionsPanel({ client }: { client: WorkspaceClient }) {
  const { reports, names, version } = useReports(client);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const connections = useMemo(() => reports.connections(), [reports, version]);
  const graph = useMemo(
    () =>
      connectionGraph(connections, {
        org: (id) => names.orgName(id) || 'an organization',
        report: (id) => {
          const r = names.report(id);
          return r ? `Field report by ${names.member(r.by)}` : 'a field report';
        },
      }),
    [connections, names],
  );
  return (
    <div className="connections">
      <section className="connections-table" aria-labelledby="connections-title">
        <h3 id="connections-title">Shared identifiers ({connections.length})</h3>
        {connections.length === 0 ? (
          <p className="empty-state">
            No phone, plate, name, place or route is held by two organizations or reports you can read.
          </p>
        ) : (
          <ConnectionTable connections={connections} names={names} />
        )}
      </section>
      {connections.length > 0 && (
        <section className="connections-graph-box" aria-label="Connections graph">
          <Suspense fallback={<p role="status">Drawing the connections…</p>}>
            <ConnectionsGraph nodes={graph.nodes} edges={graph.edges} />
          </Suspense>
        </section>
      )}
    </div>
  );
}

function ConnectionTable({ connections, names }: { connections: Connection[]; names: Namer }) {
  const navigation = useNavigation();
  return (
    <table aria-label="Shared identifiers">
      <thead>
        <tr>
          <th scope="col">Identifier</th>
          <th scope="col">Kind</th>
          <th scope="col">Held by</th>
        </tr>
      </thead>
      <tbody>
        {connections.map((c) => (
          <tr key={c.key}>
            <th scope="row">{c.identifier}</th>
            <td>{KIND_WORD[c.kind]}</td>
            <td>
              <ul>
                {c.facts.map((f) => {
                  const report = f.reportId === null ? null : names.report(f.reportId);
                  return (
                    <li key={f.factId}>
                      {f.orgId !== null ? (
                        <button type="button" className="link" onClick={() => navigation.openCard(f.orgId!)}>
                          {names.orgName(f.orgId) || 'an organization'}
                        </button>
                      ) : (
                        <span>Field report by {report ? reportLabel(names, report) : 'a member'}</span>
                      )}
                      {f.text !== c.identifier && <span className="note"> as “{f.text}”</span>}
                    </li>
                  );
                })}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
