import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { generateIdentity, initCrypto, memberIdOf, SignatureDomain } from '../crypto';
import {
  addEntity,
  addLink,
  addOrganization,
  addOutcome,
  ENTITIES,
  facts,
  guardSignedRecords,
  ORGS,
  putRecord,
  updateEntity,
} from '../model';
import { compartmentTeam } from '../testkit/compartmentTeam';
import {
  BROADER_THAN_ORG,
  meet,
  MergedBoard,
  moveFacts,
  narrowerOrSame,
  PROVENANCE,
  provenanceGuard,
  provenanceOfFact,
  settle,
  signAdded,
  undoMove,
} from './index';

await initCrypto();

let t: ReturnType<typeof compartmentTeam>;
beforeAll(() => {
  t = compartmentTeam();
});

/** Exchanges Yjs updates both ways for every room both hold (a partner never receives a room it is not in). */
function exchange(a: Map<string, Y.Doc>, b: Map<string, Y.Doc>): void {
  for (const [c, doc] of a) {
    const other = b.get(c);
    if (!other) continue;
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
  }
}

/** An organization with a network entry and an outcome, written into `room` with their `added` records. */
function seedOrg(rooms: Map<string, Y.Doc>, room: string, name = 'Org Falcon') {
  const doc = rooms.get(room)!;
  const me = t.identity(t.people.admin);
  const org = addOrganization(doc, { name });
  signAdded(doc, t.roster.workspaceId, me, { factId: org, map: ORGS, org: '' });
  const entity = addEntity(doc, org, { kind: 'person', name: 'El Flaco', detail: '' });
  signAdded(doc, t.roster.workspaceId, me, { factId: entity, map: ENTITIES, org });
  const other = addEntity(doc, org, { kind: 'phone', name: '+1 956 555 0100', detail: '' });
  const link = addLink(doc, { from: entity, to: other, label: 'calls' });
  const outcome = addOutcome(doc, org, { kind: 'arrest', date: '2026-01-02', agency: 'HSI', note: '' });
  return { org, entity, other, link, outcome };
}

describe('releasability: the order', () => {
  it('orders restricted < core < releasable, by kind alone; two releasable meet in the core; two restricted do not', () => {
    const { roster, core, rel1, rel2, r1, r2 } = t;
    expect(narrowerOrSame(roster, r1, core)).toBe(true);
    expect(narrowerOrSame(roster, core, rel1)).toBe(true);
    expect(narrowerOrSame(roster, rel1, core)).toBe(false);
    expect(narrowerOrSame(roster, rel1, rel2)).toBe(false);
    expect(narrowerOrSame(roster, r1, r2)).toBe(false);
    expect(meet(roster, rel1, rel2)).toBe(core);
    expect(meet(roster, rel1, r1)).toBe(r1);
    expect(meet(roster, r1, r2)).toBeNull();
  });
});

describe('MergedBoard', () => {
  it('never shows a fact broader than its organization, and reports it', () => {
    const rooms = t.roomsOf(t.people.admin, 1);
    const { org } = seedOrg(rooms, t.core);
    // A partner (or a race) writes a network entry of a core card into a releasable room.
    const rel = rooms.get(t.rel1)!;
    const stray = addEntityRaw(rel, org, 'Leaked name');
    const board = new MergedBoard(rooms, t.roster, t.id(t.people.admin), (c) => `mark ${c}`);
    const names = board.network(org).entities.map((e) => e.name);
    expect(names).toContain('El Flaco');
    expect(names).not.toContain('Leaked name');
    expect(board.card(org)!.compartmentId).toBe(t.core);
    expect(board.card(org)!.marking).toBe(`mark ${t.core}`);
    expect(board.reports()).toEqual([
      { code: 'broader-than-org', map: ENTITIES, id: stray, org, compartmentId: t.rel1 },
    ]);
    // A partner holding only the releasable room sees no card, so no entry either.
    const partnerRooms = t.roomsOf(t.people.partner1, 2);
    exchange(rooms, partnerRooms);
    const partnerBoard = new MergedBoard(partnerRooms, t.roster, t.id(t.people.partner1));
    expect(partnerBoard.read().flatMap((l) => l.cards)).toEqual([]);
    expect(partnerBoard.network(org).entities).toEqual([]);
  });

  it('shows the narrowest live copy, follows edits and moves without a full rebuild, and tells its listeners', () => {
    const rooms = t.roomsOf(t.people.admin, 3);
    const { org, entity } = seedOrg(rooms, t.core);
    const board = new MergedBoard(rooms, t.roster, t.id(t.people.admin));
    const other = seedOrg(rooms, t.core, 'Org Heron').org;
    const before = board.read();
    const heron = board.card(other)!;
    let calls = 0;
    board.onChange(() => calls++);
    updateEntity(rooms.get(t.core)!, entity, { name: 'El Flaco Jr' });
    expect(calls).toBe(1);
    expect(board.network(org).entities.map((e) => e.name)).toContain('El Flaco Jr');
    expect(board.card(other)).toBe(heron); // untouched card keeps its identity
    expect(board.read()).not.toBe(before);
    moveFacts(rooms, t.roster, t.identity(t.people.admin), [org], t.rel1);
    expect(board.card(org)!.compartmentId).toBe(t.rel1);
    expect(board.network(org).entities.every((e) => e.compartmentId === t.rel1)).toBe(true);
  });
});

/** A raw entity write, as a hostile or racing client would make it (no check of its organization). */
function addEntityRaw(doc: Y.Doc, org: string, name: string): string {
  const id = `stray-${name.length}`;
  doc.transact(() => {
    const fact = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ kind: 'person', name, detail: '', org, createdAt: 1, at: 1 })) fact.set(k, v);
    facts(doc, ENTITIES).set(id, fact);
  });
  return id;
}

describe('moveFacts', () => {
  it('leaves both signed records in the target and a tombstone in the source, and takes the card along', () => {
    const rooms = t.roomsOf(t.people.admin, 4);
    const { org, entity, other, link, outcome } = seedOrg(rooms, t.core);
    const result = moveFacts(rooms, t.roster, t.identity(t.people.admin), [org], t.rel1);
    expect(result.moved.map((m) => m.id).sort()).toEqual([org, entity, other, link, outcome].sort());
    const source = facts(rooms.get(t.core)!, ORGS).get(org)!;
    expect(source.toJSON()).toEqual({ tombstone: 1 });
    const target = facts(rooms.get(t.rel1)!, ORGS).get(org)!;
    expect(target.get('name')).toBe('Org Falcon');
    expect(target.get('placement')).toBe(1);
    const proof = provenanceOfFact(rooms.get(t.rel1)!, t.roster, org);
    expect(proof.added?.by).toBe(t.id(t.people.admin));
    expect(proof.moves).toHaveLength(1);
    expect(proof.moves[0]).toMatchObject({ from: t.core, to: t.rel1, placement: 1, added: proof.added!.recordId });
  });

  it('refuses a fact broader than its organization with one sentence, writing nothing', () => {
    const rooms = t.roomsOf(t.people.admin, 5);
    const { entity } = seedOrg(rooms, t.core);
    const before = Y.encodeStateAsUpdate(rooms.get(t.rel1)!);
    expect(() => moveFacts(rooms, t.roster, t.identity(t.people.admin), [entity], t.rel1)).toThrow(BROADER_THAN_ORG);
    expect(Y.encodeStateAsUpdate(rooms.get(t.rel1)!)).toEqual(before);
  });

  it('narrowing an organization takes the facts that would be broader; deliberately narrower facts stay', () => {
    const rooms = t.roomsOf(t.people.admin, 6);
    const { org, entity, other, outcome } = seedOrg(rooms, t.core);
    const admin = t.identity(t.people.admin);
    moveFacts(rooms, t.roster, admin, [org], t.rel1);
    moveFacts(rooms, t.roster, admin, [outcome], t.core); // deliberately narrower than the card
    moveFacts(rooms, t.roster, admin, [org], t.r1);
    const board = new MergedBoard(rooms, t.roster, t.id(t.people.admin));
    expect(board.card(org)!.compartmentId).toBe(t.r1);
    expect(
      board
        .network(org)
        .entities.map((e) => [e.id, e.compartmentId])
        .sort(),
    ).toEqual(
      [
        [entity, t.r1],
        [other, t.r1],
      ].sort(),
    );
    expect(board.outcomes(org).map((o) => o.compartmentId)).toEqual([t.r1]); // core is broader than r1: it moved
    // With a fact in another restricted compartment, narrowing to r1 is refused.
    const second = seedOrg(rooms, t.core, 'Org Osprey');
    moveFacts(rooms, t.roster, admin, [second.outcome], t.r2);
    expect(() => moveFacts(rooms, t.roster, admin, [second.org], t.r1)).toThrow(/another restricted compartment/);
  });

  it('undo of a release moves it back, as one step', () => {
    const rooms = t.roomsOf(t.people.admin, 7);
    const { org, entity } = seedOrg(rooms, t.core);
    const admin = t.identity(t.people.admin);
    const release = moveFacts(rooms, t.roster, admin, [org], t.rel1);
    const undone = undoMove(rooms, t.roster, admin, release);
    const board = new MergedBoard(rooms, t.roster, t.id(t.people.admin));
    expect(board.card(org)!.compartmentId).toBe(t.core);
    expect(board.network(org).entities.find((e) => e.id === entity)!.compartmentId).toBe(t.core);
    expect(facts(rooms.get(t.rel1)!, ORGS).get(org)!.toJSON()).toEqual({ tombstone: 2 });
    expect(undone.moved.every((m) => m.placement === 2)).toBe(true);
    // The partner's board drops it once the tombstone arrives.
    const partnerRooms = t.roomsOf(t.people.partner1, 8);
    exchange(rooms, partnerRooms);
    expect(new MergedBoard(partnerRooms, t.roster, t.id(t.people.partner1)).card(org)).toBeUndefined();
  });
});

describe('settling', () => {
  it('concurrent release and narrowing end with the narrower', () => {
    const a = t.roomsOf(t.people.admin, 9);
    const b = t.roomsOf(t.people.analyst, 10);
    const { org } = seedOrg(a, t.core);
    exchange(a, b);
    moveFacts(a, t.roster, t.identity(t.people.admin), [org], t.rel1); // release, offline
    moveFacts(b, t.roster, t.identity(t.people.analyst), [org], t.r1); // narrowing, offline
    exchange(a, b);
    settle(a, t.roster, t.identity(t.people.admin));
    settle(b, t.roster, t.identity(t.people.analyst));
    exchange(a, b);
    for (const [rooms, who] of [
      [a, t.people.admin],
      [b, t.people.analyst],
    ] as const) {
      const board = new MergedBoard(rooms, t.roster, t.id(who));
      expect(board.card(org)!.compartmentId).toBe(t.r1);
      expect(board.network(org).entities.every((e) => e.compartmentId === t.r1)).toBe(true);
      expect(board.reports()).toEqual([]);
    }
    expect(facts(a.get(t.rel1)!, ORGS).get(org)!.has('tombstone')).toBe(true);
  });

  it('narrows a fact stranded by a concurrent narrowing, and parks one between two restricted compartments', () => {
    const a = t.roomsOf(t.people.admin, 11);
    const b = t.roomsOf(t.people.analyst, 12);
    const { org, entity, outcome } = seedOrg(a, t.core);
    moveFacts(a, t.roster, t.identity(t.people.admin), [org], t.rel1);
    exchange(a, b);
    // The analyst narrows the card to the core while the admin, offline, adds an entry in the releasable room.
    moveFacts(b, t.roster, t.identity(t.people.analyst), [org], t.core);
    const late = addEntity(a.get(t.rel1)!, org, { kind: 'vehicle', name: 'White F-150', detail: '' });
    // And the admin alone narrows the outcome to r2 (three moves: to r2, back, to r2 again) while the analyst
    // narrows the card to r1. The copies then differ in placement (r2's is higher), so which compartment id is the
    // lower — random — decides nothing: the outcome is stranded in r2, between two restricted compartments.
    exchange(a, b);
    const admin = t.identity(t.people.admin);
    for (const to of [t.r2, t.core, t.r2]) moveFacts(a, t.roster, admin, [outcome], to);
    moveFacts(b, t.roster, t.identity(t.people.analyst), [org], t.r1);
    exchange(a, b);
    const board = () => new MergedBoard(a, t.roster, t.id(t.people.admin));
    expect(
      board()
        .reports()
        .map((r) => r.id)
        .sort(),
    ).toEqual([outcome].sort());
    const settled = settle(a, t.roster, t.identity(t.people.admin));
    settle(b, t.roster, t.identity(t.people.analyst));
    exchange(a, b);
    expect(settled.parked.map((p) => p.id)).toEqual([outcome]);
    const after = board();
    expect(after.card(org)!.compartmentId).toBe(t.r1);
    const at = (id: string) => after.network(org).entities.find((e) => e.id === id)?.compartmentId;
    expect([at(entity), at(late)]).toEqual([t.r1, t.r1]);
    expect(after.outcomes(org)).toEqual([]);
    expect(after.reports()).toEqual([{ code: 'parked', map: 'outcomes', id: outcome, org, compartmentId: t.r2 }]);
  });
});

describe('provenance records', () => {
  it('a stranger’s record and a member’s record in another’s name are not provenance', () => {
    const rooms = t.roomsOf(t.people.admin, 13);
    const { org } = seedOrg(rooms, t.core);
    const rel = rooms.get(t.rel1)!;
    const stranger = generateIdentity();
    const partner = t.identity(t.people.partner1);
    const forged = { v: 1, workspaceId: t.roster.workspaceId, factId: org, at: 5 };
    // A stranger claims it added the card; a partner (a member: its key is in the roster) claims the admin released it.
    putRecord(
      rel,
      PROVENANCE,
      SignatureDomain.provenance,
      { ...forged, kind: 'added', map: ORGS, org: '', by: memberIdOf(stranger) },
      stranger,
    );
    const admin = t.id(t.people.admin);
    putRecord(
      rel,
      PROVENANCE,
      SignatureDomain.provenance,
      { ...forged, kind: 'moved', from: t.core, to: t.rel1, placement: 1, added: 'x', by: admin },
      partner,
    );
    // A profile signature presented as provenance does not count either (domain separation).
    putRecord(
      rel,
      PROVENANCE,
      SignatureDomain.profile,
      { ...forged, kind: 'added', map: ORGS, org: '', by: t.id(t.people.partner1) },
      partner,
    );
    const refused: string[] = [];
    const proof = provenanceOfFact(rel, t.roster, org, (id) => refused.push(id));
    expect(proof).toEqual({ added: null, moves: [] });
    expect(refused).toHaveLength(3);
    // A partner's own genuine record counts, as its own.
    signAdded(rel, t.roster.workspaceId, partner, { factId: org, map: ORGS, org: '' });
    expect(provenanceOfFact(rel, t.roster, org).added?.by).toBe(t.id(t.people.partner1));
  });

  it('the guard puts back a deleted genuine record, and not a forged one', () => {
    const rooms = t.roomsOf(t.people.admin, 14);
    const doc = rooms.get(t.core)!;
    const { org } = seedOrg(rooms, t.core);
    const stranger = generateIdentity();
    const forged = { v: 1, kind: 'added', workspaceId: t.roster.workspaceId, factId: org, map: ORGS, org: '' };
    const bad = putRecord(
      doc,
      PROVENANCE,
      SignatureDomain.provenance,
      { ...forged, by: memberIdOf(stranger), at: 1 },
      stranger,
    );
    const queue: Array<() => void> = [];
    guardSignedRecords(doc, [provenanceGuard(() => t.roster)], (fn) => (queue.push(fn), () => undefined));
    const good = provenanceOfFact(doc, t.roster, org).added!.recordId;
    // A hostile member deletes both.
    doc.transact(() => {
      doc.getMap(PROVENANCE).delete(good);
      doc.getMap(PROVENANCE).delete(bad);
    });
    queue.splice(0).forEach((fn) => fn());
    expect(doc.getMap(PROVENANCE).has(good)).toBe(true);
    expect(doc.getMap(PROVENANCE).has(bad)).toBe(false);
  });
});
