// @vitest-environment happy-dom
// happy-dom, not jsdom: jsdom gives the test its own Uint8Array, so the bytes libsodium returns are foreign
// to Yjs ("Unexpected content type"); happy-dom (installed with @lexical/headless) shares Node's.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { coreCompartmentId } from '../../shared/membership';
import { ENTITIES, ORGS } from '../../shared/model';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { BoardContext } from './boardContext';
import { ReleasabilityControl } from './ReleasabilityControl';
import { testBoardContext } from './testBoardContext';

await initCrypto();
afterEach(cleanup);

/** An admin and a partner in a releasable compartment, each with the board API over its rooms. */
function table() {
  const w = roomsWorld();
  const sheriff = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]).id;
  w.sync();
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const partner = new WorkspaceApi(sheriff.workspace, sheriff.identity);
  return { w, admin, partner, released, core: coreCompartmentId(w.workspaceId) };
}

/** The control inside a board context over `api`, as the panel renders it. */
function control(api: WorkspaceApi, props: { map: string; id: string; name: string }, canEdit = true) {
  const errors: Record<string, string> = {};
  const ctx = testBoardContext(api, canEdit, errors);
  return render(
    <BoardContext.Provider value={ctx}>
      <ReleasabilityControl {...props} marking="(shown marking)" />
    </BoardContext.Provider>,
  );
}

const options = (label: string) =>
  [...screen.getByLabelText<HTMLSelectElement>(label).options].map((o) => [o.value, o.text]);

describe('the releasability control (ADR 0012 §6, §8)', () => {
  it('offers the compartments the rule allows, says what a release cannot take back, moves on confirm, and undoes', () => {
    const { w, admin, partner, released, core } = table();
    const org = admin.board.addOrganization({ name: 'Org Falcon' });
    control(admin, { map: ORGS, id: org, name: 'Org Falcon' });
    expect(options('Releasability of Org Falcon')).toEqual([
      [core, 'TLP:AMBER — Task force'],
      [released, 'TLP:AMBER'],
    ]);

    fireEvent.change(screen.getByLabelText('Releasability of Org Falcon'), { target: { value: released } });
    const confirm = screen.getByRole('group', { name: 'Confirm the move of Org Falcon' });
    expect(confirm.textContent).toContain('Partners in releasable 1 will see it and keep what they see');
    expect(admin.board.card(org)?.compartmentId).toBe(core); // nothing moves before the confirmation
    fireEvent.click(screen.getByRole('button', { name: 'Yes, move it' }));
    w.sync();
    expect(admin.board.card(org)?.compartmentId).toBe(released);
    expect(partner.board.card(org)?.name).toBe('Org Falcon');

    fireEvent.click(screen.getByRole('button', { name: 'Undo the move of Org Falcon' }));
    w.sync();
    expect(admin.board.card(org)?.compartmentId).toBe(core);
    expect(partner.board.card(org)).toBeUndefined();
  });

  it('before a narrowing, says partners keep what they saw and their screens drop it; "keep" moves nothing', () => {
    const { admin, released, core } = table();
    const org = admin.board.addOrganization({ name: 'Org Heron', compartmentId: released });
    const entry = admin.board.addEntity(org, { kind: 'person', name: 'Ann Vale', detail: '' });
    control(admin, { map: ENTITIES, id: entry, name: 'Ann Vale' });
    fireEvent.change(screen.getByLabelText('Releasability of Ann Vale'), { target: { value: core } });
    expect(screen.getByRole('group', { name: 'Confirm the move of Ann Vale' }).textContent).toContain(
      'Partners in releasable 1 keep what they already saw; no later edit reaches them, and their screens drop it.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Keep it where it is' }));
    expect(screen.queryByRole('group')).toBeNull();
    expect(admin.board.network(org).entities[0]?.compartmentId).toBe(released);
  });

  it('shows a reader, or a fact with nowhere else to go, its portion mark only', () => {
    const { admin } = table();
    const org = admin.board.addOrganization({ name: 'Org Ibis' });
    const entry = admin.board.addEntity(org, { kind: 'person', name: 'Bo Reed', detail: '' });
    // The entry of a core organization can go nowhere broader.
    control(admin, { map: ENTITIES, id: entry, name: 'Bo Reed' });
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.getByText('((shown marking))')).toBeTruthy();
    cleanup();
    control(admin, { map: ORGS, id: org, name: 'Org Ibis' }, false);
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
