import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { addEntity, addOrganization, ENTITIES, facts, ORGS } from '../model';
import { compartmentTeam } from '../testkit/compartmentTeam';
import { signMoved } from './provenanceRecords';
import { MergedBoard, moveFacts, settle, shownCopy } from './index';

await initCrypto();

let t: ReturnType<typeof compartmentTeam>;
beforeAll(() => {
  t = compartmentTeam();
});

describe('the shown copy', () => {
  it("a partner's copy at a higher placement in its own room never takes over a fact of another releasable compartment", () => {
    const admin = t.identity(t.people.admin);
    const rooms = t.roomsOf(t.people.admin, 61);
    const core = rooms.get(t.core)!;
    const org = addOrganization(core, { name: 'Org Falcon' });
    const entity = addEntity(core, org, { kind: 'person', name: 'El Flaco', detail: '' });
    moveFacts(rooms, t.roster, admin, [org], t.rel2);
    // Partner 1, in rel1 only, writes the organization into its room at a placement above the genuine one.
    const rel1 = rooms.get(t.rel1)!;
    rel1.transact(() => {
      const forged = new Y.Map<unknown>();
      facts(rel1, ORGS).set(org, forged);
      for (const [k, v] of Object.entries({ name: 'Org Falcon (forged)', lane: 'Leads', position: 'a', placement: 9 }))
        forged.set(k, v);
    });
    // The admin's board shows the genuine copy, with its marking: a new fact of it goes to rel2, not to partner 1.
    expect(shownCopy(rooms, t.roster, ORGS, org)!.compartmentId).toBe(t.rel2);
    const board = new MergedBoard(rooms, t.roster, t.id(t.people.admin));
    expect(board.card(org)).toMatchObject({ name: 'Org Falcon', compartmentId: t.rel2 });
    // Settling does not take the organization's facts out of rel2.
    expect(settle(rooms, t.roster, admin).narrowed).toEqual([]);
    expect(facts(rooms.get(t.rel2)!, ENTITIES).get(entity)!.get('name')).toBe('El Flaco');
    board.destroy();
  });
});

describe('the shown copy, restricted', () => {
  it("an analyst's copy in its restricted room, with a move record of its own, never takes over a fact of another restricted compartment", () => {
    const admin = t.identity(t.people.admin);
    const analyst = t.identity(t.people.analyst);
    const rooms = t.roomsOf(t.people.admin, 62);
    const core = rooms.get(t.core)!;
    const org = addOrganization(core, { name: 'Org Heron' });
    moveFacts(rooms, t.roster, admin, [org], t.r2);
    // The analyst (in r1, not r2) writes the organization into r1 at a high placement and signs a
    // move from the core, where it may write, to r1.
    const r1 = rooms.get(t.r1)!;
    r1.transact(() => {
      const forged = new Y.Map<unknown>();
      facts(r1, ORGS).set(org, forged);
      for (const [k, v] of Object.entries({ name: 'Org Heron (forged)', lane: 'Leads', position: 'a', placement: 9 }))
        forged.set(k, v);
      signMoved(r1, analyst, {
        workspaceId: t.roster.workspaceId,
        factId: org,
        from: t.core,
        to: t.r1,
        placement: 9,
        added: 'claim:unknown',
        at: Date.now(),
      });
    });
    // Whichever way the rooms are held, the admin sees the genuine copy in r2.
    expect(shownCopy(rooms, t.roster, ORGS, org)!.compartmentId).toBe(t.r2);
    const reversed = new Map([...rooms].reverse());
    expect(shownCopy(reversed, t.roster, ORGS, org)!.compartmentId).toBe(t.r2);
    expect(settle(rooms, t.roster, admin).narrowed).toEqual([]);
  });
});
