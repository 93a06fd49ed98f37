import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../../shared/crypto';
import { coreCompartmentId } from '../../shared/membership';
import { ORGS } from '../../shared/model';
import { roomsWorld } from '../../shared/testkit/roomsWorld';
import { WorkspaceApi } from '../../shared/workspace';
import { viewAsOptions } from './viewAsOptions';

await initCrypto();

describe('"View as …" (ADR 0012 §8)', () => {
  it('as a partner: exactly its compartments; as a compartment: those holding all its members', () => {
    const w = roomsWorld();
    const analyst = w.join('analyst');
    const sheriff = w.join('partner');
    const police = w.join('partner');
    const so = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]).id;
    const pd = w.createCompartment(w.admin, 'releasable', [police.workspace.me]).id;
    const both = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me, police.workspace.me]).id;
    const secret = w.createCompartment(w.admin, 'restricted', [w.admin.workspace.me]).id;
    w.sync();
    const core = coreCompartmentId(w.workspaceId);
    const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
    const options = viewAsOptions(admin.roster, admin.compartments(), w.admin.workspace.me, (m) => m.slice(0, 4));
    const ids = (key: string) => options.find((o) => o.key === key)?.compartmentIds;
    const sorted = (...c: string[]) => c.sort();

    expect(ids(`member:${sheriff.workspace.me}`)).toEqual(sorted(so, both));
    expect(ids(`member:${police.workspace.me}`)).toEqual(sorted(pd, both));
    // The analyst is in the core and every releasable compartment, not in the admin's restricted one.
    expect(ids(`member:${analyst.workspace.me}`)).toEqual(sorted(core, so, pd, both));
    expect(ids(`member:${w.admin.workspace.me}`)).toBeUndefined();
    // Everyone in the sheriff's compartment is in `both` too, not in the police's; everyone in `both`
    // only there; everyone in the core in every releasable one; the restricted one (the admin alone)
    // in all the admin holds.
    expect(ids(`compartment:${so}`)).toEqual(sorted(so, both));
    expect(ids(`compartment:${both}`)).toEqual(sorted(both));
    expect(ids(`compartment:${core}`)).toEqual(sorted(core, so, pd, both));
    expect(ids(`compartment:${secret}`)).toEqual(sorted(core, so, pd, both, secret));
  });

  it("shows an admin exactly the partner's board, whatever a hostile analyst writes into the partner's room", () => {
    const w = roomsWorld();
    const analyst = w.join('analyst');
    const sheriff = w.join('partner');
    const so = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]).id;
    w.sync();
    const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
    const partner = new WorkspaceApi(sheriff.workspace, sheriff.identity);
    admin.board.addOrganization({ name: 'Org Hidden' });
    const shared = admin.board.addOrganization({ name: 'Org Shared', compartmentId: so });
    admin.board.addEntity(shared, { kind: 'person', name: 'Ann Vale', detail: '' });
    // The analyst writes a card straight into the partner's room, past the API and its `added` record:
    // the view must show it as the partner's own client does, no more and no less.
    const doc = analyst.workspace.room(so)!.document('workspace');
    doc.transact(() => {
      const fact = new Y.Map<unknown>();
      doc.getMap(ORGS).set('o-hostile', fact);
      for (const [k, v] of Object.entries({ name: 'Org Planted', lane: 'Identify', createdAt: 1, at: 1 }))
        fact.set(k, v);
    });
    w.sync();
    const options = viewAsOptions(admin.roster, admin.compartments(), w.admin.workspace.me, (m) => m);
    const asPartner = options.find((o) => o.key === `member:${sheriff.workspace.me}`)!;
    const view = admin.board.viewAs(asPartner.compartmentIds);
    const board = (lanes: Array<{ cards: Array<{ id: string; name: string; marking: string }> }>) =>
      lanes.flatMap((l) => l.cards.map((c) => `${c.name} ${c.marking}`)).sort();
    expect(board(view.read())).toEqual(board(partner.board.read()));
    expect(board(view.read()).map((c) => c.split(' TLP')[0])).toEqual(['Org Planted', 'Org Shared']);
    expect(view.network(shared).entities.map((e) => e.name)).toEqual(
      partner.board.network(shared).entities.map((e) => e.name),
    );
    view.destroy();
  });
});
