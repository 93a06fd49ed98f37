// @vitest-environment happy-dom
// happy-dom, not jsdom: jsdom gives the test its own Uint8Array, so the bytes libsodium returns are foreign
// to Yjs ("Unexpected content type"); happy-dom (installed with @lexical/headless) shares Node's.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { ChangeFeed } from '../session/ChangeFeed';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { BoardContext } from './boardContext';
import { NetworkEditor } from './NetworkEditor';
import { testBoardContext } from './testBoardContext';

await initCrypto();
afterEach(cleanup);

/** The network editor of one organization, as the panel renders it; `again()` re-renders after a change. */
function editor(canEdit: boolean) {
  const w = roomsWorld();
  const api = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const orgId = api.board.addOrganization({ name: 'Sage Tern Circle' });
  const errors: Record<string, string> = {};
  // The editor reads the workspace's reports (an entry's source report, where else it is): the real API.
  const client = { api, changes: new ChangeFeed(() => undefined) } as unknown as WorkspaceClient;
  const ctx = () => testBoardContext(api, canEdit, errors, client);
  const view = () => {
    const org = api.board.card(orgId);
    if (!org) throw new Error('no organization');
    return (
      <BoardContext.Provider value={ctx()}>
        <NetworkEditor org={org} />
      </BoardContext.Provider>
    );
  };
  const rendered = render(view());
  return { api, orgId, errors, again: () => rendered.rerender(view()) };
}

describe('aliases in the network editor (issue 15)', () => {
  it('adds a person with aliases, shows them on the entry, and edits them', () => {
    const { api, orgId, again } = editor(true);
    fireEvent.change(screen.getByLabelText('Entry name'), { target: { value: 'Juan Pérez' } });
    fireEvent.change(screen.getByLabelText('Entry aliases'), { target: { value: 'El Flaco, , J. P. ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to network' }));
    expect(api.board.network(orgId).entities.map((e) => [e.name, e.aliases])).toEqual([
      ['Juan Pérez', ['El Flaco', 'J. P.']],
    ]);
    again();
    const field = screen.getByLabelText<HTMLInputElement>('Aliases of Juan Pérez');
    expect(field.value).toBe('El Flaco, J. P.');
    fireEvent.change(field, { target: { value: 'La Sombra' } });
    fireEvent.blur(field);
    expect(api.board.network(orgId).entities[0]?.aliases).toEqual(['La Sombra']);
  });

  it('offers aliases for a person only', () => {
    editor(true);
    fireEvent.change(screen.getByLabelText('Entry kind'), { target: { value: 'phone' } });
    expect(screen.queryByLabelText('Entry aliases')).toBeNull();
  });

  it('shows them as text to a reader who cannot edit', () => {
    const { api, orgId, again } = editor(false);
    api.board.addEntity(orgId, { kind: 'person', name: 'Juan Pérez', detail: '', aliases: ['El Flaco'] });
    again();
    const row = screen.getByRole('rowheader', { name: /Juan Pérez/ });
    expect(row.textContent).toContain('aka El Flaco');
    expect(screen.queryByLabelText('Aliases of Juan Pérez')).toBeNull();
  });
});
