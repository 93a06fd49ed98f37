import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { BROADER_THAN_ORG } from '../compartments';
import { initCrypto } from '../crypto';
import { coreCompartmentId } from '../membership';
import { ENTITIES, ORGS, OUTCOMES } from '../model';
import { roomsWorld } from '../testkit/roomsWorld';
import { WorkspaceApi } from './index';

await initCrypto();

/** An admin, a hostile analyst, a partner in a releasable compartment, and a partner outside it. */
function team() {
  const w = roomsWorld();
  const analyst = w.join('analyst');
  const sheriff = w.join('partner');
  const police = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]);
  w.sync();
  const api = (c: typeof analyst) => new WorkspaceApi(c.workspace, c.identity);
  const admin = api(w.admin);
  const partner = api(sheriff);
  const core = coreCompartmentId(w.workspaceId);
  return { w, analyst, sheriff, police, released: released.id, core, admin, partner, api };
}

const names = (api: WorkspaceApi) => api.board.read().flatMap((l) => l.cards.map((c) => c.name));

describe('the board API over compartments (ADR 0012 §6)', () => {
  it('adds in the core by default, in a named compartment when asked; a partner sees only what is released', () => {
    const { w, admin, partner, released, core } = team();
    const hidden = admin.board.addOrganization({ name: 'Org Core' });
    const shared = admin.board.addOrganization({ name: 'Org Shared', compartmentId: released });
    w.sync();
    expect(admin.board.card(hidden)).toMatchObject({ compartmentId: core });
    expect(admin.board.card(shared)).toMatchObject({ compartmentId: released, marking: 'TLP:AMBER' });
    expect(names(admin).sort()).toEqual(['Org Core', 'Org Shared']);
    expect(names(partner)).toEqual(['Org Shared']);
    expect(admin.board.provenance(ORGS, shared)).toMatchObject({ addedBy: admin.me!.memberId, releasedBy: null });
  });

  it("a partner's writes land in its compartment, signed, and the admin sees them with the partner's agency", () => {
    const { w, admin, partner, released, sheriff } = team();
    partner.signProfile({ name: 'Sam', agency: 'County Sheriff' });
    const org = admin.board.addOrganization({ name: 'Org Shared', compartmentId: released });
    w.sync();
    const outcome = partner.board.addOutcome(org, {
      date: '2026-01-05',
      kind: 'arrest',
      note: 'two held',
      agency: 'County Sheriff',
    });
    w.sync();
    expect(sheriff.workspace.room(released)!.document('workspace').getMap(OUTCOMES).has(outcome)).toBe(true);
    expect(admin.board.outcomes(org)).toEqual([expect.objectContaining({ id: outcome, compartmentId: released })]);
    expect(admin.board.provenance(OUTCOMES, outcome)?.addedBy).toBe(partner.me!.memberId);
    expect(admin.profile(partner.me!.memberId)?.agency).toBe('County Sheriff');
    // A partner adds only where it is: never in the core.
    expect(() =>
      partner.board.addOrganization({ name: 'Org X', compartmentId: coreCompartmentId(w.workspaceId) }),
    ).toThrow(/do not hold/);
  });

  it('releases and narrows in one step each, undoes the last, and refuses a fact broader than its organization', () => {
    const { w, admin, partner, released, core } = team();
    const org = admin.board.addOrganization({ name: 'Org Falcon' });
    const entity = admin.board.addEntity(org, { kind: 'person', name: 'Ann Vale', detail: '' });
    w.sync();
    // The entry cannot be wider than its core organization: neither offered nor allowed.
    expect(admin.board.releaseTargets(ENTITIES, entity).map((t) => t.compartmentId)).toEqual([core]);
    expect(() => admin.board.release(ENTITIES, entity, released)).toThrow(BROADER_THAN_ORG);
    expect(admin.board.releaseTargets(ORGS, org).map((t) => t.compartmentId)).toEqual([core, released]);
    admin.board.release(ORGS, org, released);
    w.sync();
    expect(partner.board.network(org).entities.map((e) => e.name)).toEqual(['Ann Vale']);
    expect(admin.board.provenance(ORGS, org)?.releasedBy).toMatchObject({ memberId: admin.me!.memberId, to: released });
    // Narrowing the entry back to the core: the partner's next sync drops it, the admin still sees it.
    admin.board.release(ENTITIES, entity, core);
    w.sync();
    expect(partner.board.network(org).entities).toEqual([]);
    expect(admin.board.network(org).entities).toEqual([expect.objectContaining({ id: entity, compartmentId: core })]);
    expect(admin.board.undoRelease()).toBe(true);
    w.sync();
    expect(partner.board.network(org).entities.map((e) => e.id)).toEqual([entity]);
    expect(admin.board.undoRelease()).toBe(false);
  });

  it("a hostile core member's entry written into the partner's room under a core organization is reported, not shown", () => {
    const { w, admin, analyst, released, api } = team();
    const org = admin.board.addOrganization({ name: 'Org Core' });
    w.sync();
    // The analyst bypasses the API: it writes the entry straight into the releasable room.
    const doc = analyst.workspace.room(released)!.document('workspace');
    doc.transact(() => {
      const fact = new Y.Map<unknown>();
      doc.getMap(ENTITIES).set('e-hostile', fact);
      for (const [k, v] of Object.entries({ org, kind: 'person', name: 'Leaked', detail: '', createdAt: 1, at: 1 }))
        fact.set(k, v);
    });
    w.sync();
    expect(admin.board.network(org).entities).toEqual([]);
    expect(admin.board.reports()).toEqual([
      { code: 'broader-than-org', map: ENTITIES, id: 'e-hostile', org, compartmentId: released },
    ]);
    expect(api(analyst).board.network(org).entities).toEqual([]);
  });

  it('a priority round takes candidates every core member sees: released ones, never a restricted one', () => {
    const { w, admin, released } = team();
    const source = w.createCompartment(w.admin, 'restricted', [w.admin.workspace.me]);
    w.sync();
    const core = admin.board.addOrganization({ name: 'Org Core' });
    const shared = admin.board.addOrganization({ name: 'Org Shared', compartmentId: released });
    const secret = admin.board.addOrganization({ name: 'Org Secret', compartmentId: source.id });
    expect(admin.board.card(secret)?.compartmentId).toBe(source.id);
    const round = (candidates: string[]) =>
      admin.votes.open({ title: 'Q1', candidates, per: 'lead', method: 'borda', closesAt: null });
    expect(() => round([core, secret])).toThrow(`not on the board: ${secret}`);
    expect(round([core, shared])).toMatch(/./);
  });
});
