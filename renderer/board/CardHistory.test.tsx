// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { coreCompartmentId } from '../../shared/membership';
import { moveOrganization } from '../../shared/model';
import { WORKSPACE_DOC_ID } from '../../shared/protocol';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { ChangeFeed } from '../session/ChangeFeed';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { moment } from '../reports/reportText';
import { BoardContext } from './boardContext';
import { BoardFilters } from './BoardFilters';
import { CardHistory } from './CardHistory';
import { changedCards } from './changedCards';
import { testBoardContext } from './testBoardContext';

await initCrypto();
afterEach(cleanup);

/** Ana Ruiz (DEA) holds the board; Rosa Lind (CBP), an analyst, works it from her own client. */
function table() {
  const w = roomsWorld();
  const clock = { now: new Date(2026, 10, 20, 9, 30).getTime() };
  const ana = new WorkspaceApi(w.admin.workspace, w.admin.identity, () => clock.now);
  ana.signProfile({ name: 'Ana Ruiz', agency: 'DEA' });
  const rosaClient = w.join('analyst');
  const rosa = new WorkspaceApi(rosaClient.workspace, rosaClient.identity, () => clock.now);
  rosa.signProfile({ name: 'Rosa Lind', agency: 'CBP' });
  const orgId = ana.board.addOrganization({ name: 'Sage Tern Circle' });
  w.sync();
  const show = (api: WorkspaceApi) => {
    const client = { api, changes: new ChangeFeed(() => undefined) } as unknown as WorkspaceClient;
    return render(
      <BoardContext.Provider value={testBoardContext(api, true, {}, client)}>
        <CardHistory org={api.board.card(orgId)!} />
      </BoardContext.Provider>,
    );
  };
  const rosaDoc = () => rosaClient.workspace.room(coreCompartmentId(w.workspaceId))!.document(WORKSPACE_DOC_ID);
  return { w, clock, ana, rosa, orgId, show, rosaDoc };
}

const lines = () =>
  within(screen.getByRole('list', { name: 'Changes, newest first' }))
    .getAllByRole('listitem')
    .map((li) => li.textContent);

describe('a card’s history in its panel', () => {
  it('lists the changes newest first, each with who (name and agency) and when', () => {
    const t = table();
    const created = t.clock.now;
    t.clock.now += 3_600_000;
    t.rosa.board.moveOrganization(t.orgId, { lane: 'Collect' });
    t.rosa.board.addEntity(t.orgId, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    t.clock.now += 3_600_000;
    t.rosa.board.updateOrganization(t.orgId, { threat: 'critical' });
    t.w.sync();
    t.show(t.ana);
    expect(screen.getByRole('heading', { name: 'History' })).toBeTruthy();
    const moved = created + 3_600_000;
    const [first, ...rest] = lines();
    expect(first).toBe(`Rosa Lind (CBP) changed the threat from moderate to critical · ${moment(moved + 3_600_000)}`);
    expect(rest.pop()).toBe(`Ana Ruiz (DEA) added it to Identify · ${moment(created)}`);
    // Two changes of one instant: in record-id order, the same for every reader.
    expect(rest.sort()).toEqual([
      `Rosa Lind (CBP) added phone +1 956 555 0198 · ${moment(moved)}`,
      `Rosa Lind (CBP) moved it from Identify to Collect · ${moment(moved)}`,
    ]);
  });

  it('a move by a patched client that signed no record is listed as changed without a signed record, by its author', () => {
    const t = table();
    t.clock.now += 60_000;
    // Rosa's patched client moves the card with the model alone: no change record.
    moveOrganization(t.rosaDoc(), t.orgId, { lane: 'Target' }, t.clock.now);
    t.w.sync();
    t.show(t.ana);
    expect(lines()[0]).toBe(
      `Rosa Lind (CBP) moved it from Identify to Target — changed without a signed record · ${moment(t.clock.now)}`,
    );
  });

  it('shows the first 20 changes, and all of them on request', () => {
    const t = table();
    for (let i = 0; i < 24; i++) {
      t.clock.now += 1_000;
      t.ana.board.updateOrganization(t.orgId, { summary: `revision ${i}` });
    }
    t.show(t.ana);
    expect(lines()).toHaveLength(20);
    expect(lines()[0]).toContain('set the summary to “revision 23”');
    fireEvent.click(screen.getByRole('button', { name: 'Show all 25 changes' }));
    expect(lines()).toHaveLength(25);
    expect(lines()[24]).toContain('added it to Identify');
  });
});

describe('“Changed since” on the board', () => {
  it('picks the cards changed since a day, the unlogged ones included, and says how many', () => {
    const t = table();
    const quiet = t.ana.board.addOrganization({ name: 'Quiet Heron' });
    const other = t.ana.board.addOrganization({ name: 'Amber Pass Cell' });
    t.w.sync();
    t.clock.now = new Date(2026, 10, 25, 8, 0).getTime();
    t.rosa.board.moveOrganization(t.orgId, { lane: 'Disrupt' });
    moveOrganization(t.rosaDoc(), other, { lane: 'Collect' }, t.clock.now);
    t.w.sync();
    const board = t.ana.board.read();
    expect(changedCards(t.ana.history, board, '2026-11-25')).toEqual(new Set([t.orgId, other]));
    expect(changedCards(t.ana.history, board, '2026-11-20')).toEqual(new Set([t.orgId, other, quiet]));
    expect(changedCards(t.ana.history, board, '2026-11-26')).toEqual(new Set());
    expect(changedCards(t.ana.history, board, 'not a day')).toBeNull();

    const onChange = vi.fn();
    render(
      <BoardFilters
        board={board}
        filter={{ changedSince: '2026-11-25' }}
        compartments={[]}
        changedCount={2}
        onChange={onChange}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('2 cards changed since 2026-11-25');
    fireEvent.change(screen.getByLabelText('Changed since'), { target: { value: '2026-11-01' } });
    expect(onChange).toHaveBeenCalledWith({ changedSince: '2026-11-01' });
    fireEvent.change(screen.getByLabelText('Changed since'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ changedSince: undefined });
  });
});
