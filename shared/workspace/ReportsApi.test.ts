import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../crypto';
import { MatchIndex } from '../identifiers';
import { coreCompartmentId } from '../membership';
import { ENTITIES, ORGS } from '../model';
import { FIELD_REPORTS } from '../reports';
import { bundleTable, settle } from '../testkit/bundleTable';
import type { TableMember } from '../testkit/bundleTable';
import { roomsWorld } from '../testkit/roomsWorld';
import { WorkspaceApi } from './index';

await initCrypto();

/** An admin, an analyst, an observer, and a sheriff partner in a releasable compartment. */
function team() {
  const w = roomsWorld();
  const analystClient = w.join('analyst');
  const observerClient = w.join('observer');
  const sheriff = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]).id;
  w.sync();
  const api = (c: typeof sheriff) => new WorkspaceApi(c.workspace, c.identity);
  const admin = api(w.admin);
  const analyst = api(analystClient);
  const partner = api(sheriff);
  admin.signProfile({ name: 'Ana Ruiz', agency: 'DEA' });
  analyst.signProfile({ name: 'Tom Reyes', agency: 'HSI' });
  partner.signProfile({ name: 'Sam Ortiz', agency: 'County Sheriff' });
  w.sync();
  const core = coreCompartmentId(w.workspaceId);
  return { w, admin, analyst, observer: api(observerClient), partner, released, core };
}

/** A refusal's sentence. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('field reports: filing and the queue', () => {
  it('files in the default compartment, lists newest first, queues oldest first; the reporter is the signer', () => {
    let clock = 1_000;
    const w = team();
    const analyst = new WorkspaceApi(w.w.clients[1]!.workspace, w.w.clients[1]!.identity, () => clock);
    const first = analyst.reports.add({ text: 'Trash run: receipt with a phone', identifiers: [] });
    clock = 2_000;
    const second = analyst.reports.add({
      text: 'Pickup seen at the crossing',
      identifiers: [{ kind: 'plate', value: 'TX:ABC-1234' }],
      where: 'Mile 12',
      when: '2026-11-30T22:15',
      reliability: 'B',
      credibility: '2',
    });
    expect(first.compartmentId).toBe(w.core);
    w.w.sync();
    const listed = w.admin.reports.list();
    expect(listed.map((r) => r.id)).toEqual([second.reportId, first.reportId]);
    expect(listed[0]).toMatchObject({
      by: analyst.me!.memberId,
      at: 2_000,
      where: 'Mile 12',
      when: '2026-11-30T22:15',
      reliability: 'B',
      credibility: '2',
      status: 'new',
      steps: [],
      compartmentId: w.core,
      identifiers: [{ kind: 'plate', value: 'TX:ABC-1234' }],
    });
    expect(w.admin.profile(listed[0]!.by)?.agency).toBe('HSI');
    expect(w.admin.reports.queue().map((r) => r.id)).toEqual([first.reportId, second.reportId]);
    // The partner holds only its own compartment: the core's reports are not its to see.
    expect(w.partner.reports.list()).toEqual([]);
    const own = w.partner.reports.add({ text: 'Seen at the county line', identifiers: [] });
    expect(own.compartmentId).toBe(w.released);
    w.w.sync();
    expect(w.partner.reports.list().map((r) => r.id)).toEqual([own.reportId]);
    expect(w.admin.reports.report(own.reportId)).toMatchObject({ compartmentId: w.released, marking: 'TLP:AMBER' });
  });

  it('refuses bad input with one sentence each, and files nothing', () => {
    const { admin, partner, core, observer } = team();
    expect(refusal(() => admin.reports.add({ text: '  ', identifiers: [] }))).toBe(
      'a report needs what was found, or an identifier',
    );
    expect(refusal(() => admin.reports.add({ text: 'x', identifiers: [], when: 'yesterday' }))).toMatch(/^"when" is/);
    const email = [{ kind: 'email', value: 'a@b.example' }] as unknown as Parameters<typeof admin.reports.lookup>[0];
    expect(refusal(() => admin.reports.add({ text: 'x', identifiers: email }))).toBe(
      'an identifier is a phone, a plate, a name, a place or a route',
    );
    expect(refusal(() => partner.reports.add({ text: 'x', identifiers: [], compartmentId: core }))).toBe(
      'you may not file a report in that compartment',
    );
    expect(refusal(() => observer.reports.add({ text: 'x', identifiers: [] }))).toBe(
      'you hold no compartment you may file a report in',
    );
    expect(admin.reports.list()).toEqual([]);
    expect(partner.reports.fileTargets().map((t) => t.compartmentId)).toEqual([
      partner.compartments()[0]!.compartmentId,
    ]);
    expect(admin.reports.fileTargets()[0]!.compartmentId).toBe(core);
  });
});

describe('field reports: triage', () => {
  it('dismisses with a reason, marks duplicates, and refuses what does not fit, one sentence each', () => {
    const { w, admin, analyst, observer } = team();
    const a = analyst.reports.add({ text: 'Stash house on 5th', identifiers: [] }).reportId;
    const b = analyst.reports.add({ text: 'Stash house on Fifth street', identifiers: [] }).reportId;
    w.sync();
    expect(refusal(() => admin.reports.triage('nope', { dismiss: 'x' }))).toBe(
      'no report nope here: it may be in a compartment you do not hold',
    );
    expect(refusal(() => admin.reports.triage(a, { dismiss: '  ' }))).toBe('say why the report is dismissed');
    expect(refusal(() => admin.reports.triage(b, { duplicateOf: b }))).toBe('a report cannot be a duplicate of itself');
    expect(refusal(() => admin.reports.triage(b, { duplicateOf: 'r-x' }))).toBe(
      'no report r-x here to be a duplicate of',
    );
    expect(refusal(() => observer.reports.triage(b, { duplicateOf: a }))).toBe(
      'you may not write in this report’s compartment, so you cannot triage it',
    );
    expect(refusal(() => admin.reports.triage(a, { link: 'org-x' }))).toBe('no organization org-x is shown here');
    const dup = admin.reports.triage(b, { duplicateOf: a });
    expect(dup).toMatchObject({ step: 'duplicate', duplicateOf: a, by: admin.me!.memberId });
    expect(refusal(() => admin.reports.triage(b, { duplicateOf: a }))).toBe(
      'this report is already marked a duplicate of that report',
    );
    admin.reports.triage(a, { dismiss: 'old news' });
    expect(refusal(() => admin.reports.triage(a, { dismiss: 'again' }))).toBe('this report is already dismissed');
    w.sync();
    expect(analyst.reports.report(a)).toMatchObject({
      status: 'dismissed',
      steps: [{ step: 'dismiss', reason: 'old news' }],
    });
    expect(analyst.reports.report(b)?.status).toBe('duplicate');
    expect(analyst.reports.queue()).toEqual([]);
  });

  it('a link makes only the entries not already there, signed, and each shows the report as its source', () => {
    const { w, admin, analyst, core } = team();
    const org = admin.board.addOrganization({ name: 'Sage Tern Circle' });
    const phone = admin.board.addEntity(org, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    w.sync();
    const { reportId, matches } = analyst.reports.add({
      text: 'Receipt in the trash',
      identifiers: [
        { kind: 'phone', value: '(956) 555-0198' },
        { kind: 'plate', value: 'TX:ABC-1234' },
        { kind: 'name', value: 'Juan Pérez' },
        { kind: 'name', value: 'juan perez' },
      ],
    });
    expect(matches).toEqual([
      expect.objectContaining({
        identifier: { kind: 'phone', value: '(956) 555-0198' },
        orgId: org,
        factId: phone,
        addedBy: admin.me!.memberId,
      }),
    ]);
    w.sync();
    const step = admin.reports.triage(reportId, { link: org });
    expect(step.entityIds).toHaveLength(2);
    expect(refusal(() => admin.reports.triage(reportId, { link: org }))).toBe(
      'this report is already linked to that organization',
    );
    w.sync();
    const entries = analyst.board.network(org).entities;
    expect(entries.map((e) => [e.kind, e.compartmentId]).sort()).toEqual([
      ['person', core],
      ['phone', core],
      ['vehicle', core],
    ]);
    // Written as the table writes them; the two spellings of one name made one entry.
    expect(entries.map((e) => e.name).sort()).toEqual(['+1 956 555 0198', 'Juan Pérez', 'TX ABC1234']);
    for (const id of step.entityIds!) {
      expect(analyst.reports.sourceOf(id)).toEqual({ reportId, by: analyst.me!.memberId });
      expect(analyst.board.provenance(ENTITIES, id)?.addedBy).toBe(admin.me!.memberId);
    }
    expect(analyst.reports.sourceOf(phone)).toBeNull();
    expect(analyst.reports.report(reportId)?.status).toBe('linked');
  });

  it('links into the narrower of the report’s and the organization’s compartments', () => {
    const { w, admin, partner, released, core } = team();
    const coreOrg = admin.board.addOrganization({ name: 'Org Core' });
    const sharedOrg = admin.board.addOrganization({ name: 'Org Shared', compartmentId: released });
    w.sync();
    const fromPartner = partner.reports.add({ text: 'x', identifiers: [{ kind: 'phone', value: '956-555-0111' }] });
    const fromCore = admin.reports.add({ text: 'y', identifiers: [{ kind: 'phone', value: '956-555-0122' }] });
    w.sync();
    const toCore = admin.reports.triage(fromPartner.reportId, { link: coreOrg });
    const toShared = admin.reports.triage(fromPartner.reportId, { link: sharedOrg });
    const narrowed = admin.reports.triage(fromCore.reportId, { link: sharedOrg });
    w.sync();
    const placed = (org: string) => admin.board.network(org).entities.map((e) => e.compartmentId);
    expect(placed(coreOrg)).toEqual([core]);
    expect(placed(sharedOrg).sort()).toEqual([core, released].sort());
    // The partner sees the entry made in its compartment, with its report as the source, and not the core one.
    expect(partner.board.network(sharedOrg).entities.map((e) => e.id)).toEqual(toShared.entityIds);
    expect(partner.reports.sourceOf(toShared.entityIds![0]!)).toMatchObject({ reportId: fromPartner.reportId });
    expect(partner.board.card(coreOrg)).toBeUndefined();
    // The link to the core organization reads as a bare link to the partner (its detail is in the core room).
    expect(partner.reports.report(fromPartner.reportId)?.steps.map((s) => s.orgId)).toEqual([undefined, sharedOrg]);
    expect(admin.reports.report(fromPartner.reportId)?.steps.map((s) => s.orgId)).toEqual([coreOrg, sharedOrg]);
    expect(admin.board.card(sharedOrg)?.compartmentId).toBe(released);
    expect(toCore.entityIds).toHaveLength(1);
    expect(narrowed.entityIds).toHaveLength(1);
    expect(admin.board.provenance(ORGS, sharedOrg)).not.toBeNull();
  });

  it('a link between two restricted compartments is refused: nothing fits both', () => {
    const { w, admin, partner } = team();
    const restricted = w.createCompartment(w.admin, 'restricted', [admin.me!.memberId]).id;
    const other = w.createCompartment(w.admin, 'restricted', [admin.me!.memberId]).id;
    w.sync();
    const org = admin.board.addOrganization({ name: 'Org Secret', compartmentId: restricted });
    const report = admin.reports.add({ text: 'z', identifiers: [], compartmentId: other });
    expect(refusal(() => admin.reports.triage(report.reportId, { link: org }))).toBe(
      'the report and the organization are in two restricted compartments: no compartment fits both',
    );
    expect(admin.board.network(org).entities).toEqual([]);
    expect(partner.reports.list()).toEqual([]);
  });
});

describe('matches and connections', () => {
  it('finds a report’s identifiers on the board and in other reports, and organizations sharing a vehicle', () => {
    const { w, admin, analyst } = team();
    const a = admin.board.addOrganization({ name: 'Org Alpha' });
    const b = admin.board.addOrganization({ name: 'Org Bravo' });
    const va = admin.board.addEntity(a, { kind: 'vehicle', name: 'TX ABC1234', detail: '' });
    const vb = admin.board.addEntity(b, { kind: 'vehicle', name: 'TX ABC-1234', detail: 'white pickup' });
    w.sync();
    const first = analyst.reports.add({ text: 'x', identifiers: [{ kind: 'plate', value: 'TX:ABC 1234' }] });
    expect(first.matches.map((m) => m.factId).sort()).toEqual([va, vb].sort());
    const second = analyst.reports.add({ text: 'y', identifiers: [{ kind: 'plate', value: 'TX:abc1234' }] });
    expect(second.matches.map((m) => m.factId)).toContain(first.reportId);
    expect(analyst.reports.matches(second.reportId).find((m) => m.reportId === first.reportId)).toMatchObject({
      orgId: null,
      addedBy: analyst.me!.memberId,
    });
    w.sync();
    const [connection] = admin.reports.connections();
    expect(connection).toMatchObject({ kind: 'plate' });
    expect(connection!.facts.map((f) => f.factId).sort()).toEqual([va, vb, first.reportId, second.reportId].sort());
    expect(admin.reports.orgMatches(a).map((m) => m.factId)).toContain(vb);
    expect(admin.reports.lookup([{ kind: 'plate', value: 'tx abc1234' }]).map((m) => m.factId)).toContain(va);
    // A person's alias counts as the person's name.
    const person = admin.board.addEntity(b, { kind: 'person', name: 'Rafael Soto', aliases: ['El Flaco'], detail: '' });
    expect(admin.reports.lookup([{ kind: 'name', value: 'el  flaco' }]).map((m) => m.factId)).toEqual([person]);
    // Taking the entry out updates the matches without reading everything again.
    admin.board.removeEntity(vb);
    expect(admin.reports.orgMatches(a).map((m) => m.factId)).not.toContain(vb);
  });

  it("a partner's matches never show a core-only fact, and follow an entry narrowed away", () => {
    const { w, admin, partner, released, core } = team();
    const secret = admin.board.addOrganization({ name: 'Org Core' });
    admin.board.addEntity(secret, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    const shared = admin.board.addOrganization({ name: 'Org Shared', compartmentId: released });
    const visible = admin.board.addEntity(shared, { kind: 'phone', name: '9565550177', detail: '' });
    w.sync();
    const filed = partner.reports.add({
      text: 'two numbers',
      identifiers: [
        { kind: 'phone', value: '(956) 555-0198' },
        { kind: 'phone', value: '956.555.0177' },
      ],
    });
    expect(filed.matches.map((m) => m.factId)).toEqual([visible]);
    // Its own report holds the number; the core organization's entry is nowhere in its answers.
    expect(partner.reports.lookup([{ kind: 'phone', value: '956 555 0198' }]).map((m) => m.reportId)).toEqual([
      filed.reportId,
    ]);
    expect(partner.reports.connections().flatMap((c) => c.facts.map((f) => f.orgId))).not.toContain(secret);
    w.sync();
    // The admin, who holds both, sees both.
    expect(
      admin.reports
        .matches(filed.reportId)
        .map((m) => m.orgId)
        .sort(),
    ).toEqual([secret, shared].sort());
    // The admin narrows the shared entry to the core: the partner's match goes with it.
    admin.board.release(ENTITIES, visible, core);
    w.sync();
    expect(partner.reports.matches(filed.reportId)).toEqual([]);
    expect(admin.reports.matches(filed.reportId).map((m) => m.compartmentId)).toEqual([core, core]);
  });
});

describe('the index is incremental', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads repeat nothing; one new entry or report is filed alone', () => {
    const { w, admin, analyst } = team();
    const org = admin.board.addOrganization({ name: 'Org Many' });
    for (let i = 0; i < 30; i++) admin.board.addEntity(org, { kind: 'phone', name: `956 555 01${10 + i}`, detail: '' });
    w.sync();
    const filed = analyst.reports.add({ text: 'x', identifiers: [{ kind: 'phone', value: '956 555 0110' }] });
    const set = vi.spyOn(MatchIndex.prototype, 'set');
    for (let i = 0; i < 5; i++) {
      analyst.reports.matches(filed.reportId);
      analyst.reports.connections();
      analyst.reports.list();
    }
    expect(set).not.toHaveBeenCalled();
    admin.board.addEntity(org, { kind: 'phone', name: '956 555 0199', detail: '' });
    w.sync();
    expect(analyst.reports.matches(filed.reportId)).toHaveLength(1);
    expect(set.mock.calls.map(([id]) => id)).toHaveLength(1);
    analyst.reports.add({ text: 'y', identifiers: [{ kind: 'phone', value: '956 555 0199' }] });
    expect(set).toHaveBeenCalledTimes(2);
  });
});

describe('answers at scale', () => {
  afterEach(() => vi.restoreAllMocks());

  it("reads each room's signed records once per answer, not once per match (a patched client adds entries by the thousand)", () => {
    const { w, admin, analyst } = team();
    const many = admin.board.addOrganization({ name: 'Org Many' });
    const other = admin.board.addOrganization({ name: 'Org Other' });
    for (let i = 0; i < 150; i++) admin.board.addEntity(many, { kind: 'phone', name: '956 555 0198', detail: '' });
    const single = admin.board.addEntity(other, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    w.sync();
    const filed = analyst.reports.add({ text: 'x', identifiers: [{ kind: 'phone', value: '9565550198' }] });
    const parse = vi.spyOn(JSON, 'parse');
    expect(analyst.reports.matches(filed.reportId)).toHaveLength(151);
    expect(analyst.reports.orgMatches(other).filter((m) => m.orgId === many)).toHaveLength(150);
    expect(analyst.reports.lookup([{ kind: 'phone', value: '956-555-0198' }])).toHaveLength(152);
    // Each answer reads the room's ~150 records once: 3 answers, not 3 × 150 × 150 reads.
    expect(parse.mock.calls.length).toBeLessThan(1_000);
    expect(analyst.reports.orgMatches(other).find((m) => m.reportId === filed.reportId)?.addedBy).toBe(
      analyst.me!.memberId,
    );
    expect(analyst.reports.matches(filed.reportId).find((m) => m.factId === single)?.addedBy).toBe(admin.me!.memberId);
  });
});

describe('filed offline', () => {
  const opened: TableMember[] = [];
  afterEach(async () => {
    for (const m of opened.splice(0)) await m.ow.close();
  });

  it('a report filed with no relay is in the local copy after a restart, reaches the table on sync, and stays whole', async () => {
    const { members } = await bundleTable(['analyst']);
    opened.push(...members);
    const [admin, agent] = members as [TableMember, TableMember];
    const { reportId } = agent.api.reports.add({
      text: 'Receipt in the trash',
      identifiers: [{ kind: 'phone', value: '(956) 555-0198' }],
    });
    await agent.reopen();
    expect(agent.api.reports.report(reportId)?.text).toBe('Receipt in the trash');
    expect(admin.api.reports.list()).toEqual([]);
    await settle(members);
    expect(admin.api.reports.queue().map((r) => r.id)).toEqual([reportId]);
    // The open workspace guards the map: a deletion is put back and sent again.
    const core = coreCompartmentId(agent.ow.workspaceId);
    agent.ow.workspace.room(core)!.document('workspace').getMap(FIELD_REPORTS).clear();
    await settle(members);
    expect(admin.api.reports.report(reportId)?.by).toBe(agent.ow.workspace.me);
    expect(agent.api.reports.report(reportId)).not.toBeNull();
  });
});
