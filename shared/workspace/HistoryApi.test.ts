import { describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { CHANGES } from '../history';
import type { ChangeEntry } from '../history';
import { coreCompartmentId } from '../membership';
import { WORKSPACE_DOC_ID } from '../protocol';
import { roomsWorld } from '../testkit/roomsWorld';
import { WorkspaceApi } from './index';

await initCrypto();

/** An admin and an analyst (each with its own clock) and a sheriff partner in a releasable compartment. */
function team() {
  const w = roomsWorld();
  const analystClient = w.join('analyst');
  const sheriff = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]).id;
  w.sync();
  const clock = { now: 1_000 };
  const api = (c: typeof sheriff) => new WorkspaceApi(c.workspace, c.identity, () => clock.now);
  const admin = api(w.admin);
  const analyst = api(analystClient);
  const partner = api(sheriff);
  return { w, admin, analyst, partner, released, clock, core: coreCompartmentId(w.workspaceId) };
}

/** Each entry as kind, signer and proof, and what it says. */
const said = (entries: ChangeEntry[]) => entries.map((e) => ({ ...e.change, by: e.by, proof: e.proof }));

describe('a card’s history (ADR 0016)', () => {
  it('logs each kind of change with its signer, newest first, and the other member reads the same', () => {
    const t = team();
    const me = t.admin.me!.memberId;
    const org = t.admin.board.addOrganization({ name: 'Org Falcon' });
    t.clock.now = 2_000;
    t.admin.board.updateOrganization(org, { threat: 'high' });
    t.clock.now = 3_000;
    t.admin.board.updateOrganization(org, { leadAgency: 'DEA', aliases: ['Los Halcones', 'Falcons'] });
    t.clock.now = 4_000;
    t.admin.board.moveOrganization(org, { lane: 'Collect' });
    t.clock.now = 5_000;
    const phone = t.admin.board.addEntity(org, { kind: 'phone', name: '+1 956 555 0198', detail: '' });
    const driver = t.admin.board.addEntity(org, { kind: 'person', name: 'Ana Cruz', role: 'driver', detail: '' });
    t.clock.now = 6_000;
    const link = t.admin.board.addLink({ from: driver, to: phone, label: 'calls' });
    const seizure = t.admin.board.addOutcome(org, {
      kind: 'seizure',
      date: '2026-11-30',
      agency: 'CBP',
      note: '',
      seizure: { category: 'narcotics', drugKind: 'methamphetamine', weightKg: 12 },
    });
    t.clock.now = 7_000;
    t.admin.board.removeLink(link);
    t.admin.board.removeOutcome(seizure);
    t.admin.board.removeEntity(phone);
    t.w.sync();
    const mine = t.admin.history.forOrganization(org);
    expect(t.analyst.history.forOrganization(org)).toEqual(mine);
    const summaryOf = { phone: 'phone +1 956 555 0198', link: 'Ana Cruz — calls — +1 956 555 0198' };
    const meth = 'seizure 12 kg methamphetamine (CBP, 2026-11-30)';
    // Within one instant the order is by record id (checked below): here, what each instant holds.
    expect(byInstant(mine)).toEqual(
      byInstant(
        [...[7, 7, 7, 6, 6, 5, 5, 4, 3, 3, 2, 1].map((n) => ({ at: n * 1_000 }))].map((e, i) => ({
          ...e,
          change: [
            { kind: 'removed', map: 'entities', factId: phone, summary: summaryOf.phone },
            { kind: 'removed', map: 'links', factId: link, summary: summaryOf.link },
            { kind: 'removed', map: 'outcomes', factId: seizure, summary: meth },
            { kind: 'added', map: 'links', factId: link, summary: summaryOf.link },
            { kind: 'added', map: 'outcomes', factId: seizure, summary: meth },
            { kind: 'added', map: 'entities', factId: phone, summary: summaryOf.phone },
            { kind: 'added', map: 'entities', factId: driver, summary: 'person Ana Cruz (driver)' },
            { kind: 'lane', from: 'Identify', to: 'Collect' },
            { kind: 'field', field: 'leadAgency', value: 'DEA' },
            { kind: 'field', field: 'aliases', value: 'Los Halcones, Falcons' },
            { kind: 'threat', from: 'moderate', to: 'high' },
            { kind: 'created', lane: 'Identify', threat: 'moderate' },
          ][i]!,
        })) as ChangeEntry[],
      ),
    );
    expect(mine.every((e) => e.by === me && e.proof === 'signed')).toBe(true);
    for (const n of [7, 6, 5, 3]) {
      const ids = mine.filter((e) => e.at === n * 1_000).map((e) => e.id);
      expect(ids).toEqual([...ids].sort());
    }
    expect(mine.map((e) => e.at)).toEqual([7, 7, 7, 6, 6, 5, 5, 4, 3, 3, 2, 1].map((n) => n * 1_000));
    expect(new Set(mine.map((e) => e.compartmentId))).toEqual(new Set([t.core]));
  });

  it('logs nothing for a no-op: the same values, a move within the lane, a lane rename', () => {
    const t = team();
    const org = t.admin.board.addOrganization({ name: 'Org Falcon', threat: 'high' });
    t.admin.board.addOrganization({ name: 'Org Heron' });
    t.admin.board.updateOrganization(org, { threat: 'high', name: 'Org Falcon' });
    t.admin.board.moveOrganization(org, { lane: 'Identify', index: 1 });
    expect(said(t.admin.history.forOrganization(org))).toEqual([
      { kind: 'created', lane: 'Identify', threat: 'high', by: t.admin.me!.memberId, proof: 'signed' },
    ]);
    // A lane renamed: the card did not move. The record says so, and explains the card's new value.
    t.clock.now = 2_000;
    t.admin.board.setLanes(['Find', 'Collect', 'Target', 'Disrupt', 'Dismantled'], { Identify: 'Find' });
    expect(said(t.admin.history.forOrganization(org))).toEqual([
      { kind: 'lane', from: 'Identify', to: 'Find', rename: true, by: t.admin.me!.memberId, proof: 'signed' },
      { kind: 'created', lane: 'Identify', threat: 'high', by: t.admin.me!.memberId, proof: 'signed' },
    ]);
  });

  it('a removed organization keeps its history, ending in its deletion; a partner sees only its released cards', () => {
    const t = team();
    const core = t.admin.board.addOrganization({ name: 'Org Core' });
    const shared = t.admin.board.addOrganization({ name: 'Org Shared', compartmentId: t.released });
    t.clock.now = 2_000;
    t.admin.board.removeOrganization(core);
    t.w.sync();
    t.partner.board.addOutcome(shared, { kind: 'arrest', date: '2026-11-02', agency: 'County Sheriff', note: '' });
    t.w.sync();
    expect(t.admin.history.forOrganization(core).map((e) => e.change.kind)).toEqual(['deleted', 'created']);
    expect(t.partner.history.forOrganization(core)).toEqual([]);
    const partnerSees = t.partner.history.since(0);
    expect(partnerSees.map((e) => e.orgId)).toEqual([shared, shared]);
    expect(partnerSees[0]).toMatchObject({
      by: t.partner.me!.memberId,
      compartmentId: t.released,
      change: { kind: 'added', map: 'outcomes', summary: 'arrest (County Sheriff, 2026-11-02)' },
    });
    // The partner's room holds no record about the core's organization (S8): it was never sent there.
    const partnerRoom = t.w.clients[2]!.workspace.room(t.released)!.document(WORKSPACE_DOC_ID);
    expect(JSON.stringify(partnerRoom.getMap(CHANGES).toJSON())).not.toContain(core);
  });

  it('since(from, to) covers the board in a window, newest first, and forOrganization(since) cuts the old', () => {
    const t = team();
    const a = t.admin.board.addOrganization({ name: 'Org A' });
    t.clock.now = 2_000;
    const b = t.analyst.board.addOrganization({ name: 'Org B' });
    t.w.sync();
    t.clock.now = 3_000;
    t.analyst.board.moveOrganization(a, { lane: 'Target' });
    t.clock.now = 4_000;
    t.admin.board.updateOrganization(b, { threat: 'critical' });
    t.w.sync();
    const at = (entries: ChangeEntry[]) => entries.map((e) => [e.orgId, e.change.kind, e.at]);
    expect(at(t.admin.history.since(2_000))).toEqual([
      [b, 'threat', 4_000],
      [a, 'lane', 3_000],
      [b, 'created', 2_000],
    ]);
    expect(at(t.admin.history.since(2_000, 3_000))).toEqual([
      [a, 'lane', 3_000],
      [b, 'created', 2_000],
    ]);
    expect(at(t.admin.history.forOrganization(a, 2_500))).toEqual([[a, 'lane', 3_000]]);
    expect(t.admin.history.forOrganization(a)[0]!.by).toBe(t.analyst.me!.memberId);
  });

  it('ties are ordered the same for every reader: by instant, creation last, then record id', () => {
    const t = team();
    const org = t.admin.board.addOrganization({ name: 'Org Tie' });
    t.admin.board.moveOrganization(org, { lane: 'Collect' });
    t.admin.board.updateOrganization(org, { summary: 'one' });
    t.w.sync();
    t.analyst.board.updateOrganization(org, { cities: ['Laredo'] });
    t.w.sync();
    const ids = t.admin.history.forOrganization(org).map((e) => e.id);
    expect(t.analyst.history.forOrganization(org).map((e) => e.id)).toEqual(ids);
    expect(t.admin.history.forOrganization(org).at(-1)!.change.kind).toBe('created');
    expect(ids.slice(0, -1)).toEqual([...ids.slice(0, -1)].sort());
    // Moved at the instant it was created: not an unlogged change.
    expect(t.admin.history.forOrganization(org).every((e) => e.proof === 'signed')).toBe(true);
  });

  it('an undo or redo of a move, a threat change or a removal is logged like the edit it reverses', () => {
    const t = team();
    const undo = t.admin.board.createUndo();
    const org = t.admin.board.addOrganization({ name: 'Org Undo' });
    t.clock.now = 2_000;
    undo.stopCapturing();
    t.admin.board.moveOrganization(org, { lane: 'Target' });
    undo.stopCapturing();
    t.admin.board.updateOrganization(org, { threat: 'critical' });
    t.clock.now = 3_000;
    undo.undo();
    undo.undo();
    t.clock.now = 4_000;
    undo.redo();
    const kinds = (entries: ChangeEntry[]) =>
      entries.map((e) => [e.at, e.proof, ...Object.values(e.change)].join(' ')).sort();
    expect(kinds(t.admin.history.forOrganization(org))).toEqual(
      [
        '1000 signed created Identify moderate',
        '2000 signed lane Identify Target',
        '2000 signed threat moderate critical',
        '3000 signed threat critical moderate',
        '3000 signed lane Target Identify',
        '4000 signed lane Identify Target',
      ].sort(),
    );
    t.clock.now = 5_000;
    undo.stopCapturing();
    t.admin.board.removeOrganization(org);
    undo.undo();
    // Removed and brought back at one instant: both logged; the card stands, explained by its records.
    expect(t.admin.board.card(org)?.lane).toBe('Target');
    const last = t.admin.history.forOrganization(org).filter((e) => e.at === 5_000);
    expect(last.map((e) => e.change.kind).sort()).toEqual(['created', 'deleted']);
    expect(t.admin.history.forOrganization(org).every((e) => e.proof === 'signed')).toBe(true);
    undo.destroy();
  });

  it('onChange hears a record arriving from another member', () => {
    const t = team();
    const org = t.admin.board.addOrganization({ name: 'Org Heard' });
    t.w.sync();
    let heard = 0;
    const stop = t.analyst.history.onChange(() => heard++);
    t.admin.board.moveOrganization(org, { lane: 'Disrupt' });
    t.w.sync();
    expect(heard).toBeGreaterThan(0);
    stop();
  });
});

/** Per instant, newest first, the changes it holds as sorted JSON (their order within an instant aside). */
function byInstant(entries: Array<Pick<ChangeEntry, 'at' | 'change'>>): Array<[number, string[]]> {
  const out: Array<[number, string[]]> = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && last[0] === e.at) last[1].push(JSON.stringify(e.change));
    else out.push([e.at, [JSON.stringify(e.change)]]);
  }
  return out.map(([at, changes]) => [at, changes.sort()]);
}
