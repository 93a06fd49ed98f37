import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto, memberIdOf, SignatureDomain } from '../crypto';
import type { Identity } from '../crypto';
import { signAdded } from '../compartments';
import { coreCompartmentId } from '../membership';
import { ENTITIES, guardSignedRecords, putRecord, recordValue } from '../model';
import { WORKSPACE_DOC_ID } from '../protocol';
import { roomsWorld } from '../testkit/roomsWorld';
import { WorkspaceApi } from '../workspace';
import { FIELD_REPORTS, reportGuards, reportIdOf, TRIAGE } from './index';

await initCrypto();

/**
 * An honest admin (guarding its rooms' report maps, as OpenWorkspace does), an honest analyst, and a
 * hostile analyst whose patched client writes what it likes into the rooms it holds, sealed as
 * itself through HostileClient; a releasable compartment holds all three (and no partner).
 */
function table() {
  const w = roomsWorld();
  const analystClient = w.join('analyst');
  const evilClient = w.join('analyst');
  const released = w.createCompartment(w.admin, 'releasable', []).id;
  w.sync();
  const core = coreCompartmentId(w.workspaceId);
  const restored = w.guardRooms(w.admin, [core, released], reportGuards);
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const analyst = new WorkspaceApi(analystClient.workspace, analystClient.identity);
  /** The hostile analyst's raw edit of room `room`'s `workspace` document, sealed as itself and sent. */
  const evil = w.hostileWriter(evilClient, 4242);
  return { w, core, released, admin, analyst, evil, evilClient, restored };
}

/** A report body as a patched client writes it, with the id an honest client would give it unless `extra` names one. */
function reportBody(t: ReturnType<typeof table>, by: string, extra: Record<string, unknown> = {}) {
  const said = {
    workspaceId: t.w.workspaceId,
    compartmentId: t.core,
    by,
    at: 5,
    text: 'planted',
    identifiers: [{ kind: 'phone' as const, value: '956 555 0198' }],
    where: '',
    when: '',
    reliability: 'A' as const,
    credibility: '1' as const,
  };
  const body = { ...said, ...extra } as typeof said;
  return { v: 1, kind: 'report', ...body, reportId: reportIdOf(body), ...extra };
}

const ids = (api: WorkspaceApi) => api.reports.list().map((r) => r.id);
const evilId = (t: ReturnType<typeof table>) => t.evilClient.workspace.me;
const sign = (doc: Y.Doc, map: string, body: object, who: Identity) =>
  putRecord(doc, map, map === FIELD_REPORTS ? SignatureDomain.report : SignatureDomain.triage, body, who);
/** The hostile analyst signs, in the core room, a link of `reportId` to `orgId` that claims `entityIds` as made by it. */
const forgeLink = (t: ReturnType<typeof table>, reportId: string, orgId: string, entityIds: string[]) =>
  t.evil(t.core, (doc) =>
    sign(
      doc,
      TRIAGE,
      {
        ...{ v: 1, kind: 'triage', workspaceId: t.w.workspaceId, compartmentId: t.core, reportId },
        ...{ by: evilId(t), at: 9, step: 'link', orgId, entityIds },
      },
      t.evilClient.identity,
    ),
  );

describe('field reports against a hostile member', () => {
  it("a report signed with another member's `by`, or by a stranger, is not shown; its own signed one is", () => {
    const t = table();
    const stranger = generateIdentity();
    const forged = reportBody(t, t.admin.me!.memberId);
    const foreign = reportBody(t, memberIdOf(stranger));
    const own = reportBody(t, evilId(t));
    t.evil(t.core, (doc) => {
      sign(doc, FIELD_REPORTS, forged, t.evilClient.identity);
      sign(doc, FIELD_REPORTS, foreign, stranger);
      sign(doc, FIELD_REPORTS, own, t.evilClient.identity);
    });
    expect(ids(t.admin)).toEqual([own.reportId]);
    expect(t.analyst.reports.report(own.reportId)?.by).toBe(evilId(t));
    expect(t.analyst.reports.report(forged.reportId)).toBeNull();
  });

  it('a body altered after signing is not taken, and the honest guard puts the signed one back', () => {
    const t = table();
    const { reportId } = t.analyst.reports.add({ text: 'white pickup at the crossing', identifiers: [] });
    t.w.sync();
    t.evil(t.core, (doc) => {
      doc.getMap<Y.Map<string>>(FIELD_REPORTS).forEach((record) => {
        record.set('body', record.get('body')!.replace('white', 'black'));
      });
    });
    t.w.sync();
    expect(t.restored.length).toBe(1);
    expect(t.analyst.reports.report(reportId)?.text).toBe('white pickup at the crossing');
    expect(t.admin.reports.report(reportId)?.text).toBe('white pickup at the crossing');
  });

  it('deleting or overwriting a report or a triage step is undone by the guard', () => {
    const t = table();
    const { reportId } = t.analyst.reports.add({ text: 'seen twice', identifiers: [] });
    t.w.sync();
    t.admin.reports.triage(reportId, { dismiss: 'known' });
    t.w.sync();
    t.evil(t.core, (doc) => {
      doc.getMap(FIELD_REPORTS).clear();
      const steps = doc.getMap(TRIAGE);
      for (const key of [...steps.keys()]) steps.set(key, recordValue('{}', 'AAAA'));
    });
    t.w.sync();
    expect(t.restored.length).toBe(2);
    expect(t.analyst.reports.report(reportId)).toMatchObject({ status: 'dismissed', text: 'seen twice' });
  });

  it('a record copied into another room is not taken there (its compartmentId is the room it was signed for)', () => {
    const t = table();
    const { reportId } = t.analyst.reports.add({ text: 'core only', identifiers: [] });
    t.w.sync();
    const records = t.w.admin.workspace.room(t.core)!.document(WORKSPACE_DOC_ID).getMap<Y.Map<string>>(FIELD_REPORTS);
    const [key, value] = [...records.entries()][0]!;
    t.evil(t.released, (doc) => doc.getMap(FIELD_REPORTS).set(key, recordValue(value.get('body')!, value.get('sig')!)));
    expect(t.admin.reports.list().map((r) => [r.id, r.compartmentId])).toEqual([[reportId, t.core]]);
  });

  it("a triage step for another room's report does not count, nor a step naming no valid report", () => {
    const t = table();
    const { reportId } = t.analyst.reports.add({ text: 'in the core', identifiers: [] });
    t.w.sync();
    const step = (compartmentId: string, id: string) => ({
      v: 1,
      kind: 'triage',
      workspaceId: t.w.workspaceId,
      compartmentId,
      reportId: id,
      by: evilId(t),
      at: 9,
      step: 'dismiss',
      reason: 'hidden from the queue',
    });
    t.evil(t.released, (doc) => sign(doc, TRIAGE, step(t.released, reportId), t.evilClient.identity));
    t.evil(t.core, (doc) => sign(doc, TRIAGE, step(t.released, reportId), t.evilClient.identity));
    t.evil(t.core, (doc) => sign(doc, TRIAGE, step(t.core, 'no-such-report'), t.evilClient.identity));
    expect(t.admin.reports.report(reportId)).toMatchObject({ status: 'new', steps: [] });
    expect(t.admin.reports.queue().map((r) => r.id)).toEqual([reportId]);
  });

  it('a hostile link step claiming entries another member added shows no source for them', () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Heron' });
    const entry = t.admin.board.addEntity(org, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    const { reportId } = t.analyst.reports.add({ text: 'a number', identifiers: [] });
    t.w.sync();
    forgeLink(t, reportId, org, [entry]);
    // The step is shown as the hostile analyst's, signed; it proves nothing about an entry the admin added.
    expect(t.admin.reports.report(reportId)?.steps).toEqual([expect.objectContaining({ step: 'link', by: evilId(t) })]);
    expect(t.admin.reports.sourceOf(entry)).toBeNull();
    expect(t.analyst.reports.sourceOf(entry)).toBeNull();
    const line = () => t.analyst.reports.lookup([{ kind: 'phone', value: '956-555-0198' }])[0];
    expect(line()).toMatchObject({ factId: entry, addedBy: t.admin.me!.memberId });
    // It then signs an `added` record of its own for the admin's entry: two signers contest it, so the
    // entry has no proven author, and still no source.
    t.evil(t.core, (doc) =>
      signAdded(doc, t.w.workspaceId, t.evilClient.identity, { factId: entry, map: ENTITIES, org }, 1),
    );
    expect(t.analyst.reports.sourceOf(entry)).toBeNull();
    expect(line()).toMatchObject({ factId: entry, addedBy: null });
  });

  it('oversized or malformed bodies, and values of no record shape, are ignored', () => {
    const t = table();
    const big = reportBody(t, evilId(t), { text: 'x'.repeat(40_000) });
    const longText = reportBody(t, evilId(t), { text: 'x'.repeat(4_001) });
    const extra = reportBody(t, evilId(t), { agency: 'FBI' });
    const badKind = reportBody(t, evilId(t), { identifiers: [{ kind: 'email', value: 'a@b' }] });
    const badGrade = reportBody(t, evilId(t), { reliability: 'Z' });
    t.evil(t.core, (doc) => {
      for (const body of [big, longText, extra, badKind, badGrade])
        sign(doc, FIELD_REPORTS, body, t.evilClient.identity);
      const map = doc.getMap<unknown>(FIELD_REPORTS);
      map.set('junk-1', 'a string');
      map.set('junk-2', recordValue('not json', 'AAAA'));
      map.set('junk-3', new Y.Array());
    });
    expect(t.admin.reports.list()).toEqual([]);
    expect(t.analyst.reports.list()).toEqual([]);
    // The honest client still files and reads as before.
    const { reportId } = t.analyst.reports.add({ text: 'fine', identifiers: [] });
    expect(ids(t.analyst)).toEqual([reportId]);
  });

  it("a report re-signed under a colleague's report id is not taken: the id is the hash of what the report says", () => {
    const t = table();
    const { reportId } = t.analyst.reports.add({ text: 'the real one', identifiers: [] });
    t.w.sync();
    t.evil(t.core, (doc) => sign(doc, FIELD_REPORTS, reportBody(t, evilId(t), { reportId }), t.evilClient.identity));
    // The honest reporter's report stands as filed; the hostile copy is nobody's report.
    expect(t.admin.reports.list().map((r) => [r.id, r.by, r.text])).toEqual([
      [reportId, t.analyst.me!.memberId, 'the real one'],
    ]);
  });

  it("an entry planted under a report's id neither hides the report from matching nor stands in for it", () => {
    const t = table();
    const org = t.admin.board.addOrganization({ name: 'Org Heron' });
    const entry = t.admin.board.addEntity(org, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    const { reportId } = t.analyst.reports.add({
      text: 'a number',
      identifiers: [{ kind: 'phone', value: '956 555 0198' }],
    });
    t.w.sync();
    expect(t.admin.reports.matches(reportId).map((m) => m.factId)).toEqual([entry]);
    // Two plantings: an entry of no organization (never shown), then one of Org Heron with a plate.
    t.evil(t.core, (doc) => {
      const fact = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ kind: 'phone', name: '+1 956 555 0198', org: '', at: 9, createdAt: 9 }))
        fact.set(k, v);
      doc.getMap(ENTITIES).set(reportId, fact);
    });
    for (const api of [t.admin, t.analyst]) {
      expect(api.reports.matches(reportId).map((m) => m.factId)).toEqual([entry]);
      expect(api.reports.connections().map((c) => c.facts.map((f) => f.factId).sort())).toEqual([
        [entry, reportId].sort(),
      ]);
    }
    t.evil(t.core, (doc) => {
      const fact = doc.getMap<Y.Map<unknown>>(ENTITIES).get(reportId)!;
      fact.set('org', org);
      fact.set('kind', 'vehicle');
      fact.set('name', 'TX ABC-1234');
    });
    expect(t.admin.reports.matches(reportId).map((m) => m.factId)).toEqual([entry]);
    expect(t.admin.reports.orgMatches(org).map((m) => m.factId)).toEqual([reportId]);
    expect(t.admin.reports.connections()).toHaveLength(1);
  });

  it("a link step listing its own signer's entry of another organization gives that entry no source", () => {
    const t = table();
    const heron = t.admin.board.addOrganization({ name: 'Org Heron' });
    const osprey = t.admin.board.addOrganization({ name: 'Org Osprey' });
    t.w.sync();
    // The hostile analyst adds an entry to Osprey as any analyst may (signed `added` as its own), then
    // links a report to Heron and lists that Osprey entry as made by the link.
    const evilApi = new WorkspaceApi(t.evilClient.workspace, t.evilClient.identity);
    const entry = evilApi.board.addEntity(osprey, { kind: 'phone', name: '+1 956 555 0111', detail: '' });
    const { reportId } = t.analyst.reports.add({
      text: 'a number',
      identifiers: [{ kind: 'phone', value: '956 555 0122' }],
    });
    t.w.sync();
    forgeLink(t, reportId, heron, [entry]);
    expect(t.admin.board.provenance(ENTITIES, entry)?.addedBy).toBe(evilId(t));
    expect(t.admin.reports.sourceOf(entry)).toBeNull();
    // Its honest link to Osprey does give its entries their source.
    const honest = evilApi.reports.triage(reportId, { link: osprey });
    t.w.sync();
    expect(t.admin.reports.sourceOf(entry)).toBeNull();
    expect(honest.entityIds).toHaveLength(1);
    expect(t.admin.reports.sourceOf(honest.entityIds![0]!)?.reportId).toBe(reportId);
  });
});

/** An admin and a sheriff partner in a releasable compartment (the partner holds no core room). */
function partnerTable() {
  const w = roomsWorld();
  const sheriff = w.join('partner');
  const evilClient = w.join('analyst');
  const released = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me, evilClient.workspace.me]).id;
  w.sync();
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const partner = new WorkspaceApi(sheriff.workspace, sheriff.identity);
  return { w, sheriff, evilClient, released, admin, partner, core: coreCompartmentId(w.workspaceId) };
}

/** Every triage body in room `c` as `client` holds it. */
const triageBodies = (client: { workspace: WorkspaceApi['workspace'] }, c: string) =>
  [...(client.workspace.room(c)?.document(WORKSPACE_DOC_ID).getMap<Y.Map<string>>(TRIAGE).values() ?? [])].map(
    (r) => JSON.parse(r.get('body')!) as Record<string, unknown>,
  );

describe('a partner’s report linked to a core organization', () => {
  it('tells the partner only that it was linked: no organization, no entries, in any record it holds', () => {
    const { w, sheriff, admin, partner, core, released } = partnerTable();
    const coreOrg = admin.board.addOrganization({ name: 'Org Core' });
    admin.board.addEntity(coreOrg, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    w.sync();
    const add = (value: string) => partner.reports.add({ text: 'x', identifiers: [{ kind: 'phone', value }] }).reportId;
    const known = add('956 555 0198');
    const unknown = add('956 555 0177');
    w.sync();
    admin.reports.triage(known, { link: coreOrg });
    const made = admin.reports.triage(unknown, { link: coreOrg });
    w.sync();
    const seen = (id: string) =>
      partner.reports.report(id)!.steps.map(({ step, orgId, entityIds }) => ({ step, orgId, entityIds }));
    expect(seen(known)).toEqual([{ step: 'link', orgId: undefined, entityIds: undefined }]);
    expect(seen(unknown)).toEqual(seen(known));
    expect(partner.reports.report(known)?.status).toBe('linked');
    expect(sheriff.workspace.room(core) ?? null).toBeNull();
    for (const body of triageBodies(sheriff, released)) expect(body).not.toHaveProperty('orgId');
    expect(JSON.stringify(triageBodies(sheriff, released))).not.toContain(coreOrg);
    // The detail is in the core room only; the admin, holding both rooms, sees one step per link.
    expect(triageBodies(w.admin, core).map((b) => [b.reportCompartment, b.orgId])).toEqual([
      [released, coreOrg],
      [released, coreOrg],
    ]);
    expect(admin.reports.report(known)!.steps).toEqual([
      expect.objectContaining({ step: 'link', orgId: coreOrg, entityIds: [] }),
    ]);
    expect(admin.reports.report(unknown)!.steps).toEqual([made]);
    expect(made.entityIds).toHaveLength(1);
    expect(admin.reports.sourceOf(made.entityIds![0]!)).toEqual({ reportId: unknown, by: partner.me!.memberId });
    expect(() => admin.reports.triage(unknown, { link: coreOrg })).toThrow('already linked');
  });

  it('a detailed step in a room not narrower than the report’s, or for a report not valid there, is not taken', () => {
    const t = partnerTable();
    const { w, admin, partner, core, released, evilClient } = t;
    const org = admin.board.addOrganization({ name: 'Org Heron' });
    const coreReport = admin.reports.add({ text: 'core', identifiers: [] }).reportId;
    const partnerReport = partner.reports.add({ text: 'released', identifiers: [] }).reportId;
    w.sync();
    const evil = new WorkspaceApi(evilClient.workspace, evilClient.identity);
    const doc = (c: string) => evilClient.workspace.room(c)!.document(WORKSPACE_DOC_ID);
    const detailed = (room: string, reportCompartment: string, reportId: string) => ({
      ...{ v: 1, kind: 'triage', workspaceId: w.workspaceId, compartmentId: room, reportId, reportCompartment },
      ...{ by: evil.me!.memberId, at: 9, step: 'link', orgId: org, entityIds: [] },
    });
    // In the releasable room for a core report (broader than the report's), and in the core room for a
    // report not valid in the room it names.
    sign(doc(released), TRIAGE, detailed(released, core, coreReport), evilClient.identity);
    sign(doc(core), TRIAGE, detailed(core, released, coreReport), evilClient.identity);
    sign(doc(core), TRIAGE, detailed(core, released, 'no-such-report'), evilClient.identity);
    w.sync();
    expect(admin.reports.report(coreReport)).toMatchObject({ status: 'new', steps: [] });
    expect(admin.reports.report(partnerReport)).toMatchObject({ status: 'new', steps: [] });
    // The same step for the partner's report, in the narrower core room, is taken (by core readers only).
    sign(doc(core), TRIAGE, detailed(core, released, partnerReport), evilClient.identity);
    w.sync();
    expect(admin.reports.report(partnerReport)?.steps).toEqual([expect.objectContaining({ orgId: org })]);
    expect(partner.reports.report(partnerReport)?.steps).toEqual([]);
  });

  it('refuses marking a report a duplicate of one released less widely', () => {
    const { w, admin, partner } = partnerTable();
    const coreReport = admin.reports.add({ text: 'core', identifiers: [] }).reportId;
    const first = partner.reports.add({ text: 'first', identifiers: [] }).reportId;
    const second = partner.reports.add({ text: 'second', identifiers: [] }).reportId;
    w.sync();
    expect(() => admin.reports.triage(first, { duplicateOf: coreReport })).toThrow(
      'a report can only be a duplicate of a report released at least as widely',
    );
    expect(admin.reports.report(first)?.steps).toEqual([]);
    expect(admin.reports.triage(second, { duplicateOf: first }).duplicateOf).toBe(first);
    expect(admin.reports.triage(coreReport, { duplicateOf: first }).duplicateOf).toBe(first);
  });

  it('the guard keeps both records of a split link', () => {
    const { w, admin, partner, core, released } = partnerTable();
    const restored: string[] = [];
    for (const c of [core, released])
      guardSignedRecords(
        w.admin.workspace.room(c)!.document(WORKSPACE_DOC_ID),
        reportGuards(() => w.admin.workspace.roster, c),
        (fn) => w.admin.clock.schedule(fn),
        (_map, ids) => restored.push(...ids),
      );
    const org = admin.board.addOrganization({ name: 'Org Core' });
    const reportId = partner.reports.add({
      text: 'x',
      identifiers: [{ kind: 'plate', value: 'TX ABC-1234' }],
    }).reportId;
    w.sync();
    admin.reports.triage(reportId, { link: org });
    w.sync();
    for (const c of [core, released]) w.admin.workspace.room(c)!.document(WORKSPACE_DOC_ID).getMap(TRIAGE).clear();
    w.sync();
    expect(restored).toHaveLength(2);
    expect(admin.reports.report(reportId)?.steps).toEqual([expect.objectContaining({ orgId: org })]);
    expect(partner.reports.report(reportId)?.status).toBe('linked');
  });
});

describe('the match index built in slices (ReportsApi.prepare, issue 17)', () => {
  /** A clock that moves one unit each time it is read: a slice of 1 takes one entry or one identifier. */
  const ticking = () => {
    let t = 0;
    return () => t++;
  };
  const answers = (api: WorkspaceApi, orgs: string[], reportId: string) => ({
    connections: api.reports
      .connections()
      .map(
        (c) =>
          `${c.key}: ${c.facts
            .map((f) => f.factId)
            .sort()
            .join(' ')}`,
      )
      .sort(),
    orgs: orgs.map((o) => api.reports.orgMatches(o).map((m) => `${m.identifier.value} > ${m.factId}`)),
    report: api.reports.matches(reportId).map((m) => m.factId),
  });

  it("answers as the index built at once, with a hostile analyst's plantings and edits between slices", async () => {
    const t = table();
    const orgs = ['Org Heron', 'Org Osprey', 'Org Kite'].map((name) => t.admin.board.addOrganization({ name }));
    for (let i = 0; i < 30; i++)
      t.admin.board.addEntity(orgs[i % 3]!, { kind: 'phone', name: `956 555 01${10 + (i % 10)}`, detail: '' });
    t.admin.board.addEntity(orgs[0]!, { kind: 'vehicle', name: 'TX ABC-1234', detail: '' });
    t.admin.board.addEntity(orgs[1]!, { kind: 'vehicle', name: 'ABC 1234', detail: '' });
    const { reportId } = t.analyst.reports.add({
      text: 'a number',
      identifiers: [{ kind: 'phone', value: '9565550110' }],
    });
    t.w.sync();
    // Planted: an entry under the report's id, and one naming an organization of no room it holds.
    t.evil(t.core, (doc) => {
      const plantings: Array<[string, string]> = [
        [reportId, orgs[2]!],
        ['planted', 'no-such-org'],
      ];
      for (const [id, org] of plantings) {
        const fact = new Y.Map<unknown>();
        for (const [k, v] of Object.entries({ kind: 'phone', name: '956 555 0111', org, at: 9, createdAt: 9 }))
          fact.set(k, v);
        doc.getMap(ENTITIES).set(id, fact);
      }
    });
    const sliced = new WorkspaceApi(t.w.admin.workspace, t.w.admin.identity);
    let slices = 0;
    let heard = 0;
    sliced.reports.onChange(() => heard++);
    const ready = await sliced.reports.prepare({
      clock: ticking(),
      sliceMs: 3,
      pause: async () => {
        // Between two slices, edits land: the admin's own, and the hostile analyst's.
        if (++slices === 5) t.admin.board.addEntity(orgs[2]!, { kind: 'phone', name: '956 555 0112', detail: '' });
        if (slices === 9)
          t.evil(t.core, (doc) => doc.getMap<Y.Map<unknown>>(ENTITIES).get('planted')?.set('org', orgs[0]!));
      },
    });
    expect(ready).toBe(true);
    expect(slices).toBeGreaterThan(10);
    expect(heard).toBeGreaterThan(0); // listening from the first slice on
    const eager = new WorkspaceApi(t.w.admin.workspace, t.w.admin.identity);
    expect(answers(sliced, orgs, reportId)).toEqual(answers(eager, orgs, reportId));
    expect(answers(sliced, orgs, reportId).connections.length).toBeGreaterThan(5);
  });

  it('a read while the build is under way finishes it at once; an aborted build keeps what it took in', async () => {
    const t = table();
    const orgs = ['Org Heron', 'Org Osprey'].map((name) => t.admin.board.addOrganization({ name }));
    for (let i = 0; i < 20; i++)
      t.admin.board.addEntity(orgs[i % 2]!, { kind: 'phone', name: `956 555 02${10 + (i % 5)}`, detail: '' });
    const { reportId } = t.analyst.reports.add({
      text: 'a number',
      identifiers: [{ kind: 'phone', value: '9565550210' }],
    });
    t.w.sync();
    const sliced = new WorkspaceApi(t.w.admin.workspace, t.w.admin.identity);
    const abort = new AbortController();
    let slices = 0;
    const ready = await sliced.reports.prepare({
      clock: ticking(),
      sliceMs: 2,
      signal: abort.signal,
      pause: async () => {
        if (++slices === 3) abort.abort();
      },
    });
    expect(ready).toBe(false);
    const eager = new WorkspaceApi(t.w.admin.workspace, t.w.admin.identity);
    expect(answers(sliced, orgs, reportId)).toEqual(answers(eager, orgs, reportId));
    // Built: a second preparation has nothing left and takes one slice.
    expect(await sliced.reports.prepare({ pause: async () => void slices++ })).toBe(true);
  });
});
