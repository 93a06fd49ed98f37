import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto, memberIdOf, SignatureDomain } from '../crypto';
import type { Identity } from '../crypto';
import { coreCompartmentId } from '../membership';
import { ENTITIES, ORGS, putRecord, recordValue } from '../model';
import { WORKSPACE_DOC_ID } from '../protocol';
import { bundleTable, settle } from '../testkit/bundleTable';
import type { TableMember } from '../testkit/bundleTable';
import { roomsWorld } from '../testkit/roomsWorld';
import { WorkspaceApi } from '../workspace';
import { CHANGES, changeGuards } from './index';
import type { ChangeEntry } from './index';

await initCrypto();

/**
 * An honest admin (guarding its rooms' change logs, as OpenWorkspace does), an honest analyst, and a
 * hostile analyst whose patched client writes what it likes into the rooms it holds, sealed as itself
 * through HostileClient; a releasable compartment holds all three.
 */
function table() {
  const w = roomsWorld();
  const analystClient = w.join('analyst');
  const evilClient = w.join('analyst');
  const released = w.createCompartment(w.admin, 'releasable', []).id;
  w.sync();
  const core = coreCompartmentId(w.workspaceId);
  const restored = w.guardRooms(w.admin, [core, released], changeGuards);
  const clock = { now: 1_000 };
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity, () => clock.now);
  const analyst = new WorkspaceApi(analystClient.workspace, analystClient.identity, () => clock.now);
  /** The hostile analyst's raw edit of room `room`'s `workspace` document, sealed as itself and sent. */
  const evil = w.hostileWriter(evilClient, 4242);
  const evilId = evilClient.workspace.me;
  /** A change body as a patched client writes it (about `orgId`, in the core by default). */
  const body = (by: string, orgId: string, change: object, extra: Record<string, unknown> = {}) => ({
    ...{ v: 1, workspaceId: w.workspaceId, compartmentId: core, orgId, by, at: 50_000, change },
    ...extra,
  });
  const sign = (doc: Y.Doc, b: object, who: Identity = evilClient.identity) =>
    putRecord(doc, CHANGES, SignatureDomain.change, b, who);
  return { w, core, released, admin, analyst, evil, evilId, body, sign, clock, restored };
}

const said = (entries: ChangeEntry[]) => entries.map((e) => [e.change.kind, e.by, e.proof]);

describe('the change log against a hostile member', () => {
  it("a record signed with another member's `by`, or by a stranger, is not shown; its own signed claim is", () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.w.sync();
    const stranger = generateIdentity();
    const lane = { kind: 'lane', from: 'Identify', to: 'Collect' };
    t.evil(t.core, (doc) => {
      t.sign(doc, t.body(t.admin.me!.memberId, org, lane));
      t.sign(doc, t.body(memberIdOf(stranger), org, lane), stranger);
      t.sign(doc, t.body(t.evilId, org, { kind: 'field', field: 'summary', value: 'mine' }));
    });
    for (const api of [t.admin, t.analyst])
      expect(said(api.history.forOrganization(org))).toEqual([
        ['field', t.evilId, 'signed'],
        ['created', t.admin.me!.memberId, 'signed'],
      ]);
  });

  it('a body altered after signing is not taken, and the honest guard puts the signed one back', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.clock.now = 2_000;
    t.w.sync();
    t.analyst.board.moveOrganization(org, { lane: 'Target' });
    t.w.sync();
    t.evil(t.core, (doc) => {
      doc.getMap<Y.Map<string>>(CHANGES).forEach((record) => {
        record.set('body', record.get('body')!.replace('"Target"', '"Disrupt"'));
      });
    });
    t.w.sync();
    expect(t.restored.length).toBe(1);
    const lane = t.analyst.history.forOrganization(org)[0]!;
    expect(lane).toMatchObject({ change: { kind: 'lane', to: 'Target' }, by: t.analyst.me!.memberId });
    expect(t.admin.history.forOrganization(org)[0]).toEqual(lane);
  });

  it('deleting or overwriting records is undone by the guard', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.clock.now = 2_000;
    t.admin.board.updateOrganization(org, { threat: 'critical' });
    t.w.sync();
    const before = t.analyst.history.forOrganization(org);
    t.evil(t.core, (doc) => {
      const map = doc.getMap(CHANGES);
      const [first, second] = [...map.keys()];
      map.delete(first!);
      map.set(second!, recordValue('{}', 'AAAA'));
    });
    t.w.sync();
    expect(t.restored.length).toBe(2);
    expect(t.analyst.history.forOrganization(org)).toEqual(before);
    expect(before.map((e) => e.change.kind)).toEqual(['threat', 'created']);
  });

  it('a record copied into another room is not taken there (its compartmentId is the room it was signed for)', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.w.sync();
    const records = t.w.admin.workspace.room(t.core)!.document(WORKSPACE_DOC_ID).getMap<Y.Map<string>>(CHANGES);
    const [key, value] = [...records.entries()][0]!;
    t.evil(t.released, (doc) => doc.getMap(CHANGES).set(key, recordValue(value.get('body')!, value.get('sig')!)));
    // Its own signed copy naming the core, written into the released room, is not taken either.
    t.evil(t.released, (doc) => t.sign(doc, t.body(t.evilId, org, { kind: 'deleted' })));
    expect(t.admin.history.since(0).map((e) => [e.id, e.compartmentId])).toEqual([[key, t.core]]);
  });

  it('oversized or malformed bodies, and values of no record shape, are ignored', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.w.sync();
    const bad = [
      t.body(t.evilId, org, { kind: 'field', field: 'summary', value: 'x'.repeat(5_000) }),
      t.body(t.evilId, org, { kind: 'field', field: 'summary', value: 'x'.repeat(501) }),
      t.body(t.evilId, org, { kind: 'lane', from: 'a', to: 'b' }, { agency: 'FBI' }),
      t.body(t.evilId, org, { kind: 'lane', from: 'a', to: 'b', extra: 1 }),
      t.body(t.evilId, org, { kind: 'moved' }),
      t.body(t.evilId, org, { kind: 'added', map: 'notes', factId: 'x', summary: 'y' }),
      t.body(t.evilId, org, { kind: 'deleted' }, { at: -5 }),
      t.body(t.evilId, org, { kind: 'deleted' }, { v: 2 }),
      t.body(t.evilId, org, { kind: 'deleted' }, { workspaceId: 'another' }),
    ];
    t.evil(t.core, (doc) => {
      for (const b of bad) t.sign(doc, b);
      const map = doc.getMap<unknown>(CHANGES);
      map.set('junk-1', 'a string');
      map.set('junk-2', recordValue('not json', 'AAAA'));
      map.set('junk-3', new Y.Array());
      map.set('junk-4', recordValue('{}', '!!not base64!!'));
    });
    expect(said(t.admin.history.forOrganization(org))).toEqual([['created', t.admin.me!.memberId, 'signed']]);
    expect(t.analyst.history.since(0)).toHaveLength(1);
    // The honest client still logs and reads as before.
    t.clock.now = 2_000;
    t.analyst.board.moveOrganization(org, { lane: 'Collect' });
    expect(said(t.analyst.history.forOrganization(org))[0]).toEqual(['lane', t.analyst.me!.memberId, 'signed']);
  });

  it('a lane move without a record shows as unlogged, by the member whose client really moved it', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.w.sync();
    t.evil(t.core, (doc) => {
      const fact = doc.getMap<Y.Map<unknown>>(ORGS).get(org)!;
      fact.set('lane', 'Dismantled');
      fact.set('at', 77_000);
    });
    for (const api of [t.admin, t.analyst]) {
      expect(api.board.card(org)?.lane).toBe('Dismantled');
      expect(api.history.forOrganization(org)[0]).toEqual({
        id: `unlogged:${org}:lane`,
        orgId: org,
        compartmentId: t.core,
        by: t.evilId,
        at: 77_000,
        change: { kind: 'lane', from: 'Identify', to: 'Dismantled' },
        proof: 'unlogged',
      });
      expect(api.history.since(70_000).map((e) => e.proof)).toEqual(['unlogged']);
    }
    // Once an honest member moves it with a record, the card is explained again.
    t.clock.now = 80_000;
    t.analyst.board.moveOrganization(org, { lane: 'Target' });
    t.w.sync();
    expect(t.admin.history.forOrganization(org).map((e) => e.proof)).toEqual(['signed', 'signed']);
  });

  it('a record claiming a lane move nobody made shows only as its signer’s claim', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.w.sync();
    t.evil(t.core, (doc) => t.sign(doc, t.body(t.evilId, org, { kind: 'lane', from: 'Identify', to: 'Target' })));
    const entries = t.admin.history.forOrganization(org);
    // The claim is the hostile member's, signed by it; the card never moved, and the reader sees that the
    // card's lane is not what the log says last: the value it holds is the admin's, from its creation.
    expect(t.admin.board.card(org)?.lane).toBe('Identify');
    expect(entries.map((e) => [e.change, e.by, e.proof])).toEqual([
      [{ kind: 'lane', from: 'Identify', to: 'Target' }, t.evilId, 'signed'],
      [{ kind: 'lane', from: 'Target', to: 'Identify' }, t.admin.me!.memberId, 'unlogged'],
      [{ kind: 'created', lane: 'Identify', threat: 'moderate' }, t.admin.me!.memberId, 'signed'],
    ]);
    expect(entries.some((e) => e.by === t.admin.me!.memberId && e.change.kind === 'lane' && e.proof === 'signed')).toBe(
      false,
    );
  });

  it('a fact narrowed takes its change records out of the broader room, and the guards let them go (S8)', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon', compartmentId: t.released });
    const person = t.admin.board.addEntity(org, { kind: 'person', name: 'Ann Vale', detail: '' });
    t.clock.now = 2_000;
    t.admin.board.moveOrganization(org, { lane: 'Collect' });
    t.w.sync();
    const releasedLog = () =>
      JSON.stringify(t.w.admin.workspace.room(t.released)!.document(WORKSPACE_DOC_ID).getMap(CHANGES).toJSON());
    expect(releasedLog()).toContain('Ann Vale');
    // The entry narrows to the core: its record leaves the released room; the card's stay.
    t.clock.now = 3_000;
    t.admin.board.release(ENTITIES, person, t.core);
    t.w.sync();
    expect(releasedLog()).not.toContain('Ann Vale');
    expect(t.restored).toEqual([]);
    expect(t.analyst.history.forOrganization(org).map((e) => e.change.kind)).toEqual(['lane', 'created']);
    // The card narrows too: its records leave; the signed move accounts for its lane, so nothing shows as unlogged.
    t.admin.board.release(ORGS, org, t.core);
    t.w.sync();
    expect(releasedLog()).toBe('{}');
    expect(t.restored).toEqual([]);
    expect(t.analyst.board.card(org)).toMatchObject({ compartmentId: t.core, lane: 'Collect' });
    expect(t.analyst.history.forOrganization(org)).toEqual([]);
    // A hostile member deleting a record about a fact still in the room still gets it put back.
    const kept = t.admin.board.addOrganization({ name: 'Org Heron', compartmentId: t.released });
    t.w.sync();
    t.evil(t.released, (doc) => doc.getMap(CHANGES).clear());
    t.w.sync();
    expect(t.restored).toHaveLength(1);
    expect(t.analyst.history.forOrganization(kept).map((e) => e.change.kind)).toEqual(['created']);
  });

  it('a tombstone planted to erase a card’s records, then lifted, does not make the deletion stick', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.clock.now = 2_000;
    t.admin.board.moveOrganization(org, { lane: 'Target' });
    t.w.sync();
    const before = t.analyst.history.forOrganization(org);
    expect(before.map((e) => e.change.kind)).toEqual(['lane', 'created']);
    const fields = (
      t.w.admin.workspace.room(t.core)!.document(WORKSPACE_DOC_ID).getMap(ORGS).get(org) as Y.Map<unknown>
    ).toJSON();
    // The patched client fakes a narrowing: the card's copy becomes a tombstone, its records go in the same edit…
    t.evil(t.core, (doc) => {
      const card = doc.getMap<Y.Map<unknown>>(ORGS).get(org)!;
      doc.transact(() => {
        for (const k of [...card.keys()]) card.delete(k);
        card.set('tombstone', 1);
        doc.getMap(CHANGES).clear();
      });
    });
    t.w.sync();
    // …then brings the card back as it was: the card is live in the room again, so its records are too.
    t.evil(t.core, (doc) => {
      const card = doc.getMap<Y.Map<unknown>>(ORGS).get(org)!;
      doc.transact(() => {
        card.delete('tombstone');
        for (const [k, v] of Object.entries(fields)) card.set(k, v);
      });
    });
    t.w.sync();
    expect(t.analyst.board.card(org)).toMatchObject({ lane: 'Target' });
    expect(t.restored).toHaveLength(2);
    expect(t.analyst.history.forOrganization(org)).toEqual(before);
  });

  it('an open workspace guards its rooms’ change logs: a deleted record comes back and is sent again', async () => {
    const { members } = await bundleTable(['analyst']);
    const [admin, analyst] = members as [TableMember, TableMember];
    try {
      const org = admin.api.board.addOrganization({ name: 'Org Falcon' });
      await settle(members);
      const core = coreCompartmentId(admin.ow.workspaceId);
      const doc = analyst.ow.workspace.room(core)!.document(WORKSPACE_DOC_ID);
      // The analyst's client deletes the record (as a patched client's local edit would).
      doc.getMap(CHANGES).clear();
      await settle(members);
      expect(admin.ow.restored + analyst.ow.restored).toBeGreaterThan(0);
      for (const m of members)
        expect(m.api.history.forOrganization(org).map((e) => [e.change.kind, e.proof])).toEqual([
          ['created', 'signed'],
        ]);
    } finally {
      for (const m of members) await m.ow.close();
    }
  });
});
