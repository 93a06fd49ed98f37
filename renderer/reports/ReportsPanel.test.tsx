// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import type { ReactNode } from 'react';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { coreCompartmentId } from '../../shared/membership';
import { WORKSPACE_DOC_ID } from '../../shared/protocol';
import { signTriage } from '../../shared/reports';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import type { RoomsClient } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { ChangeFeed } from '../session/ChangeFeed';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { NavigationContext } from '../workspaces/navigation';
import { entryMatches } from './entryMatches';
import { EntrySources } from './EntrySources';
import { ReportsPanel } from './ReportsPanel';
import { useReports } from './useReports';

await initCrypto();
afterEach(cleanup);

/** A client of the screens over a real WorkspaceApi, offline (the relay is down). */
function clientOf(api: WorkspaceApi): WorkspaceClient {
  return {
    api,
    changes: new ChangeFeed(() => undefined),
    status: () => ({ connection: 'disconnected', waiting: 1, lastClose: null, refusal: null, problem: null }),
  } as unknown as WorkspaceClient;
}

/**
 * The table: Ana (admin) holds Sage Tern Circle and its phone; Ben (an analyst in the field) files a report;
 * Eve is an analyst whose patched client signs whatever triage step it likes.
 */
function table() {
  const w = roomsWorld();
  const join = (name: string, agency: string): [RoomsClient, WorkspaceApi] => {
    const c = w.join('analyst');
    const api = new WorkspaceApi(c.workspace, c.identity);
    api.signProfile({ name, agency });
    return [c, api];
  };
  const ana = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  ana.signProfile({ name: 'Ana Ruiz', agency: 'DEA' });
  const [, ben] = join('Ben Sample', 'Border Patrol');
  const [eveClient, eve] = join('Eve Mallory', 'County SO');
  const orgId = ana.board.addOrganization({ name: 'Sage Tern Circle' });
  const phone = ana.board.addEntity(orgId, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
  w.sync();
  const navigation = { openCard: vi.fn(), openNote: vi.fn() };
  const show = (ui: ReactNode) =>
    render(<NavigationContext.Provider value={navigation}>{ui}</NavigationContext.Provider>);
  return { w, ana, ben, eve, eveClient, orgId, phone, navigation, show };
}

/** A network entry's source and other holders, as the card's network list shows them to `api`'s member. */
function EntryLine({ client, orgId, entityId }: { client: WorkspaceClient; orgId: string; entityId: string }) {
  const { reports, names } = useReports(client);
  const entity = client.api.board.network(orgId).entities.find((e) => e.id === entityId)!;
  return (
    <p aria-label="Entry">
      <EntrySources
        entityId={entityId}
        matches={entryMatches(entity, reports.orgMatches(orgId))}
        reports={reports}
        names={names}
      />
    </p>
  );
}

describe('Field reports over the real API', () => {
  it('an agent files offline with the match in view; the table links it and the new entry names its source', () => {
    const t = table();
    t.show(<ReportsPanel client={clientOf(t.ben)} />);
    const form = screen.getByRole('form', { name: 'File a report' });
    const type = (label: string, value: string) =>
      fireEvent.change(within(form).getByLabelText(label), { target: { value } });
    type('What was found', 'Burner phone and a grey pickup at the ferry landing');
    type('Phones', '(956) 555-0198');
    type('Vehicle plates', 'TX:ABC-1234');
    expect(within(form).getByRole('region', { name: 'Already on the board' }).textContent).toContain(
      '(956) 555-0198 is in Sage Tern Circle’s network as +1 956 555 0198, added by Ana Ruiz (DEA)',
    );
    fireEvent.submit(form);
    expect(within(form).getByRole('status').textContent).toContain('goes to the table when the connection is back');
    cleanup();

    t.w.sync();
    t.show(<ReportsPanel client={clientOf(t.ana)} />);
    const item = screen.getByRole('article', { name: /^Field report by Ben Sample \(Border Patrol\)/ });
    expect(within(item).getByRole('list', { name: 'Matches' }).textContent).toContain(
      '(956) 555-0198 is in Sage Tern Circle’s network as +1 956 555 0198, added by Ana Ruiz (DEA)',
    );
    fireEvent.submit(within(item).getByRole('form', { name: 'Link' }));
    expect(screen.getByText('No new reports: the queue is empty.')).toBeTruthy();
    cleanup();

    const plate = t.ana.board.network(t.orgId).entities.find((e) => e.kind === 'vehicle')!;
    t.show(<EntryLine client={clientOf(t.ana)} orgId={t.orgId} entityId={plate.id} />);
    expect(screen.getByLabelText('Entry').textContent).toMatch(
      /^From a field report by Ben Sample \(Border Patrol\), .+Also in: a field report by Ben Sample/,
    );
  });

  it('a hostile member’s link step claiming an entry it did not add gives that entry no source', () => {
    const t = table();
    const { reportId } = t.ben.reports.add({
      text: 'Same number again',
      identifiers: [{ kind: 'phone', value: '956-555-0198' }],
    });
    t.w.sync();
    // Eve's patched client signs a link that lists Ana's existing phone entry as one the report made.
    const core = coreCompartmentId(t.w.workspaceId);
    const doc = t.eveClient.workspace.room(core)!.document(WORKSPACE_DOC_ID);
    signTriage(doc, t.eveClient.identity, {
      workspaceId: t.w.workspaceId,
      compartmentId: core,
      reportId,
      at: Date.now(),
      step: 'link',
      orgId: t.orgId,
      entityIds: [t.phone],
    });
    t.w.sync();
    // The step itself is a member's signed triage, and shows as hers; the claim on Ana's entry proves nothing.
    expect(t.ana.reports.report(reportId)?.steps.map((s) => s.by)).toEqual([t.eveClient.workspace.me]);
    t.show(<EntryLine client={clientOf(t.ana)} orgId={t.orgId} entityId={t.phone} />);
    const line = screen.getByLabelText('Entry').textContent;
    expect(line).not.toContain('From a field report');
    expect(line).toMatch(/^Also in: a field report by Ben Sample \(Border Patrol\), /);
  });
});
