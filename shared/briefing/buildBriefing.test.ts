import { beforeAll, describe, expect, it } from 'vitest';

import { initCrypto, SignatureDomain } from '../crypto';
import { CHANGES } from '../history';
import { createFact, facts, OUTCOMES, putRecord } from '../model';
import { listNotes } from '../notes';
import { FIELD_REPORTS, reportIdOf } from '../reports';
import { briefingTable, fillTable, MARKERS } from '../testkit/briefingTable';
import type { BriefingTable } from '../testkit/briefingTable';
import type { WorkspaceApi } from '../workspace';
import { buildBriefing } from './index';
import type { Briefing } from './index';

await initCrypto();

type Filled = ReturnType<typeof fillTable>;

const brief = (t: BriefingTable, api: WorkspaceApi, audience: string | null): Briefing =>
  buildBriefing(api, { from: t.from, to: t.to, audience }, t.clock());

/** The period's outcomes from what the table added, summed here without the briefing's code. */
function expectedTotals(t: BriefingTable, rooms: readonly string[]) {
  const rows = t.outcomes.filter((o) => o.date >= t.from && o.date <= t.to && rooms.includes(o.compartmentId));
  const count = (kind: string) => rows.filter((o) => o.kind === kind).length;
  const sum = (pick: (o: (typeof rows)[number]) => number | undefined) => rows.reduce((n, o) => n + (pick(o) ?? 0), 0);
  return {
    arrests: count('arrest'),
    seizures: count('seizure'),
    indictments: count('indictment'),
    revocations: count('entry-permission revocation'),
    kg: sum((o) => (o.seizure?.category === 'narcotics' ? o.seizure.weightKg : 0)),
    weapons: sum((o) => (o.seizure?.category === 'weapons' ? o.seizure.count : 0)),
    usd: sum((o) => (o.seizure?.category === 'currency' ? o.seizure.amountUsd : 0)),
  };
}

describe('buildBriefing, section by section', () => {
  let t: BriefingTable;
  let f: Filled;
  let all: Briefing;
  let partner: Briefing;
  let laneTo: string;
  beforeAll(() => {
    t = briefingTable();
    f = fillTable(t);
    laneTo = t.admin.board.lanes()[2]!;
    t.admin.board.moveOrganization(f.id(MARKERS.core.org), { lane: laneTo });
    t.admin.board.moveOrganization(f.id(MARKERS.released.org), { lane: laneTo });
    t.w.sync();
    all = brief(t, t.admin, null);
    partner = brief(t, t.admin, t.rel);
  });

  it('an audience of everything held carries the most restrictive marking present; a compartment its own', () => {
    expect(all.audience).toEqual({ compartmentId: null, title: 'Everything I hold', banner: 'TLP:RED — SOURCE CELL' });
    expect(partner.audience).toEqual({
      compartmentId: t.rel,
      title: 'Partner Desk',
      banner: 'TLP:GREEN — REL TO PARTNER DESK',
    });
    expect(all.madeBy).toMatchObject({ name: 'Dana Whitfield', agency: 'HSI' });
  });

  it('the bottom line is the note kept for that period and audience', () => {
    expect(all.bluf).toBe('Everything bottom line.');
    expect(partner.bluf).toBe('Partner bottom line: two seizures.');
    expect(brief(t, t.admin, t.secret).bluf).toBe('');
    const notes = listNotes(t.w.admin.workspace.room(t.core)!.document('workspace'));
    const briefings = notes.filter((n) => n.kind === 'briefing');
    expect(briefings.map((n) => n.briefing)).toEqual(
      expect.arrayContaining([
        { from: t.from, to: t.to, compartmentId: t.rel },
        { from: t.from, to: t.to, compartmentId: null },
      ]),
    );
    expect(notes.filter((n) => n.kind === 'meeting').map((n) => n.id)).toEqual([f.meeting]);
    expect(t.admin.notes.ensureBriefingNote({ from: t.from, to: t.to, compartmentId: t.rel })).toBe(
      briefings.find((n) => n.briefing?.compartmentId === t.rel)!.id,
    );
  });

  it('the top five of the latest closed round with their moves; the partner sees only what it reads, ranked among that', () => {
    expect(all.priorities.map((p) => p.name)).toEqual(f.top);
    expect(all.priorities.map((p) => p.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(all.priorities.slice(0, 3).map((p) => p.previousRank)).toEqual([4, 2, 1]);
    expect(all.priorities[0]!.roundTitle).toBe(MARKERS.core.round);
    expect(partner.priorities).toEqual([
      expect.objectContaining({ rank: 1, name: MARKERS.released.org, previousRank: 1, compartmentId: t.rel }),
    ]);
  });

  it('lane changes are signed moves, named with the mover; the partner sees only its organizations', () => {
    const moved = all.laneChanges.find((c) => c.orgId === f.id(MARKERS.core.org))!;
    expect(moved).toMatchObject({ to: laneTo, by: { name: 'Dana Whitfield', agency: 'HSI' } });
    expect(partner.laneChanges.map((c) => c.name)).toEqual([MARKERS.released.org]);
    expect(partner.changes.every((c) => c.compartmentId === t.rel)).toBe(true);
    expect(all.changes.length).toBeGreaterThan(partner.changes.length);
  });

  it('totals equal the period’s outcomes summed from the raw inputs; the trend ends with the period', () => {
    const rooms = [t.core, t.rel, t.secret];
    expect(all.totals).toMatchObject(expectedTotals(t, rooms));
    expect(partner.totals).toMatchObject(expectedTotals(t, [t.rel]));
    expect(all.trend).toHaveLength(6);
    expect(all.trend.at(-1)).toEqual({ from: t.from, to: t.to, totals: all.totals });
    expect(all.trend.at(-2)!.totals.arrests).toBe(1); // the day before the period
    expect(all.series).toHaveLength(12);
    expect(all.series.at(-1)!.end >= t.to).toBe(true);
  });

  it('organizations list the period’s new entries and outcomes with who added them', () => {
    const copper = all.organizations.find((o) => o.name === MARKERS.core.org)!;
    expect(copper.entries.map((e) => e.label).sort()).toEqual([MARKERS.core.phone, MARKERS.core.person].sort());
    expect(copper.entries.every((e) => e.addedBy?.name === 'Ravi Okafor' && e.addedBy.agency === 'CBP')).toBe(true);
    expect(copper.outcomes.map((o) => o.addedBy?.agency)).toEqual(['CBP', 'DEA']);
    expect(JSON.stringify(all)).not.toContain('Old Entry Person');
    expect(JSON.stringify(all)).not.toContain('day before');
    expect(partner.organizations.map((o) => o.name)).toEqual([MARKERS.released.org]);
    expect(partner.organizations[0]!.entries).toEqual([
      expect.objectContaining({
        label: MARKERS.released.person,
        addedBy: expect.objectContaining({ name: 'Ines Partida' }),
      }),
    ]);
    const outcomes = all.organizations.reduce((n, o) => n + o.outcomes.length, 0);
    const counted = all.totals.arrests + all.totals.seizures + all.totals.indictments + all.totals.revocations;
    expect(outcomes).toBe(counted);
  });

  it('new reports and the connections they make; meeting notes only for an audience that reads the core', () => {
    expect(all.reports).toEqual([
      expect.objectContaining({
        id: f.report,
        grading: 'B2',
        filedBy: expect.objectContaining({ name: 'Ravi Okafor' }),
      }),
    ]);
    expect(all.connections).toEqual([
      expect.objectContaining({
        identifier: MARKERS.core.phone,
        owners: [MARKERS.core.org, expect.stringMatching(/^field report of /)],
      }),
    ]);
    expect(all.meetings).toEqual([expect.objectContaining({ id: f.meeting, markdown: MARKERS.core.meeting })]);
    expect(partner.reports).toEqual([]);
    expect(partner.connections).toEqual([]);
    expect(partner.meetings).toEqual([]);
  });

  it('a releasable compartment with no partner in it yet is briefed only what is released to it, not the core its members read', () => {
    const empty = t.admin.createCompartment({
      kind: 'releasable',
      title: 'Port Desk',
      marking: 'TLP:GREEN — REL TO PORT DESK',
      members: [],
    });
    t.w.sync();
    const b = brief(t, t.admin, empty);
    expect(b.audience.banner).toBe('TLP:GREEN — REL TO PORT DESK');
    const text = JSON.stringify(b);
    for (const marker of [
      MARKERS.core.org,
      MARKERS.core.person,
      MARKERS.core.note,
      MARKERS.core.meeting,
      MARKERS.secret.org,
    ])
      expect(text).not.toContain(marker);
    expect(b.organizations).toEqual([]);
    expect(b.totals).toMatchObject(expectedTotals(t, [empty]));
  });

  it('a partner’s briefing holds no marker of a fact not released to it, and the released ones', () => {
    const text = JSON.stringify(partner);
    for (const marker of [...Object.values(MARKERS.core), ...Object.values(MARKERS.secret)])
      expect(text).not.toContain(marker);
    for (const marker of Object.values(MARKERS.released)) expect(text).toContain(marker);
  });

  it('refuses a bad period or a compartment this member does not hold, in one sentence', () => {
    const at =
      (from: string, to: string, audience: string | null = null) =>
      () =>
        buildBriefing(t.admin, { from, to, audience }, t.clock());
    expect(at('2026-02-30', '2026-03-02')).toThrow('"2026-02-30" is not a date: write YYYY-MM-DD');
    expect(at('2026-03-02', 'soon')).toThrow('"soon" is not a date');
    expect(at('2026-03-09', '2026-03-02')).toThrow('the period starts (2026-03-09) after it ends (2026-03-02)');
    expect(at(t.from, t.to, 'nope')).toThrow('no compartment nope here');
    expect(() => buildBriefing(t.partner, { from: t.from, to: t.to, audience: t.secret }, t.clock())).toThrow(
      `no compartment ${t.secret} here`,
    );
  });
});

describe('buildBriefing against a hostile member', () => {
  it('forged change and report records do not reach it; its outcomes stay in their rooms', () => {
    const t = briefingTable();
    const f = fillTable(t);
    const { evil, evilClient } = { evil: t.evil, evilClient: t.clients.evilClient };
    const admin = t.admin.me!.memberId;
    const analyst = t.analyst.me!.memberId;
    const salt = f.id('Salt Mesa Crew');
    const copper = f.id(MARKERS.core.org);
    t.hostileEdit(t.core, (doc) => {
      // A lane move "by the admin", signed by the hostile analyst.
      const change = { v: 1, workspaceId: t.w.workspaceId, compartmentId: t.core, orgId: salt, by: admin };
      putRecord(
        doc,
        CHANGES,
        SignatureDomain.change,
        { ...change, at: t.clock(), change: { kind: 'lane', from: 'Identify', to: 'Forged lane' } },
        evilClient.identity,
      );
      // A report "filed by the analyst", signed by the hostile analyst.
      const said = {
        ...{
          workspaceId: t.w.workspaceId,
          compartmentId: t.core,
          by: analyst,
          at: t.clock(),
          text: 'Forged report 3131',
        },
        ...{ identifiers: [], where: '', when: '', reliability: 'A' as const, credibility: '1' as const },
      };
      putRecord(
        doc,
        FIELD_REPORTS,
        SignatureDomain.report,
        { v: 1, kind: 'report', ...said, reportId: reportIdOf(said) },
        evilClient.identity,
      );
    });
    // Its own outcome on a core organization, honestly written: in the core room, never in the partner's.
    evil.board.addOutcome(copper, { kind: 'arrest', date: t.from, agency: 'Rogue Unit', note: MARKERS.hostile.note });
    // And one written straight into the partner's room for the core organization: broader than it, not shown.
    t.hostileEdit(t.rel, (doc) => {
      const fields = { org: copper, kind: 'arrest', date: t.from, agency: 'X', note: 'Broader outcome 8282' };
      createFact(facts(doc, OUTCOMES), 'hostile-outcome', fields, t.clock());
    });
    t.w.sync();

    const all = buildBriefing(t.admin, { from: t.from, to: t.to, audience: null }, t.clock());
    const partner = buildBriefing(t.admin, { from: t.from, to: t.to, audience: t.rel }, t.clock());
    expect(all.laneChanges.map((c) => c.to)).not.toContain('Forged lane');
    expect(all.changes.some((c) => c.change.kind === 'lane' && c.change.to === 'Forged lane')).toBe(false);
    expect(JSON.stringify(all)).not.toContain('Forged report 3131');
    expect(JSON.stringify(all)).not.toContain('Broader outcome 8282');
    const hostile = all.organizations
      .find((o) => o.orgId === copper)!
      .outcomes.find((o) => o.summary === MARKERS.hostile.note);
    expect(hostile?.addedBy).toMatchObject({ name: 'Mallory Crane', agency: 'Rogue Unit' });
    const text = JSON.stringify(partner);
    for (const marker of [MARKERS.hostile.note, 'Broader outcome 8282', 'Forged report 3131', 'Forged lane'])
      expect(text).not.toContain(marker);
  });
});
