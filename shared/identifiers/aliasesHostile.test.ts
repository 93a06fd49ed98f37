import { describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { coreCompartmentId } from '../membership';
import { ENTITIES } from '../model';
import type { Fact } from '../model';
import { roomsWorld } from '../testkit';
import { WorkspaceApi } from '../workspace';

await initCrypto();

/**
 * A hostile analyst's patched client writes a person's aliases in any shape it likes (it may write
 * the room): the honest admin's board reads them within the schema's bounds, and its matching counts
 * those and nothing else.
 */
describe('aliases written by a hostile member', () => {
  it('are read within bounds on an honest board, and only those are matched', () => {
    const w = roomsWorld();
    const analystClient = w.join('analyst');
    const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
    const analyst = new WorkspaceApi(analystClient.workspace, analystClient.identity);
    const org = admin.board.addOrganization({ name: 'Sage Tern Circle' });
    const other = admin.board.addOrganization({ name: 'Salt Road Crew' });
    admin.board.addEntity(other, { kind: 'person', name: 'Juan Pérez', detail: '' });
    admin.board.addEntity(other, { kind: 'person', name: 'Alias 25', detail: '' });
    w.sync();
    const id = analyst.board.addEntity(org, { kind: 'person', name: 'Tomás Vela', detail: '' });
    // What the patched client writes: numbers, blanks, a huge string, 30 names, one of them the other network's.
    const room = analyst.board.rooms().get(coreCompartmentId(w.workspaceId))!;
    const fact = room.getMap(ENTITIES).get(id) as Fact;
    const garbage = [
      7,
      null,
      ' ',
      'x'.repeat(10_000),
      'juan perez',
      ...Array.from({ length: 30 }, (_, i) => `Alias ${i}`),
    ];
    room.transact(() => fact.set('aliases', garbage));
    w.sync();

    const shown = admin.board.network(org).entities.find((e) => e.id === id);
    expect(shown?.aliases).toHaveLength(20);
    expect(shown?.aliases?.[0]).toBe('juan perez');
    expect(shown?.aliases?.every((a) => a.length <= 120)).toBe(true);
    // The alias within bounds matches the other organization's entry; "Alias 25", past the 20th, does not.
    const matched = admin.reports.orgMatches(org).map((m) => m.text);
    expect(matched).toEqual(['Juan Pérez']);
  });
});
