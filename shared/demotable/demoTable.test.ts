import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { buildBriefing, defaultPeriod } from '../briefing';
import { recordsOf } from '../compartments/provenanceRecords';
import { generateIdentity, initCrypto } from '../crypto';
import type { Identity } from '../crypto';
import { compartmentsOf } from '../membership';
import { ORGS } from '../model';
import { docListName, WORKSPACE_DOC_ID } from '../protocol';
import { OpenCancelled, SecureWorkspace } from '../sync';
import { WorkspaceApi } from '../workspace';
import {
  buildDemoTable,
  buildDemoTableStepwise,
  DEMO_MEMBERS,
  DEMO_TABLE_SEED,
  PARTNER_COMPARTMENT_TITLE,
} from './demoTable';
import type { DemoStep, DemoTable } from './demoTable';

await initCrypto();

const DAY = 86_400_000;

/**
 * The demo as its opener sees it after a restart: a fresh SecureWorkspace on the built directory,
 * each room's state arriving as from the relay — so every envelope and record is checked again.
 */
function open(table: DemoTable, identity: Identity) {
  const queue = new Set<() => void>();
  const rooms = new Map<string, Y.Doc>();
  const workspace = new SecureWorkspace({
    workspaceId: table.summary.workspaceId,
    identity,
    transport: table.directory,
    schedule: (fn) => (queue.add(fn), () => void queue.delete(fn)),
    openRoom: (c) => {
      const doc = new Y.Doc();
      const state = table.rooms.get(c);
      if (state) Y.applyUpdate(doc, state, 'relay');
      rooms.set(c, doc);
      return doc;
    },
  });
  return { workspace, api: new WorkspaceApi(workspace, identity), rooms };
}

const NOW = Date.now();
const opener = generateIdentity();
let table: DemoTable;
let view: ReturnType<typeof open>;

beforeAll(() => {
  table = buildDemoTable(
    { identity: opener, profile: { name: 'Alex Mercer', agency: 'HSI' }, title: 'Demo table (fictional data)' },
    { seed: DEMO_TABLE_SEED, now: NOW },
  );
  view = open(table, opener);
});

describe('the demo table: a task force, each member signing its own', () => {
  it('has the opener as admin and seven fictional members who joined by invite, each with its signed profile', () => {
    const { api, workspace } = view;
    expect(api.me?.role).toBe('admin');
    expect(table.summary.members).toBe(8);
    expect(workspace.roster.members.size).toBe(8);
    const profiles = [...api.profiles().values()];
    for (const m of DEMO_MEMBERS) expect(profiles).toContainEqual({ name: m.name, agency: m.agency });
    // Every join was confirmed: nothing pending or contested, every invite used once.
    expect(api.invites(NOW + 30 * DAY).map((i) => i.state)).toEqual(DEMO_MEMBERS.map(() => 'used'));
    const deputy = [...workspace.roster.members.values()].find((m) => m.role === 'partner')!;
    expect(api.profile(deputy.memberId)?.agency).toBe('County Sheriff');
  });

  it('every fictional member signs facts of its own, and the board shows at least four agencies adding', () => {
    const { api, workspace, rooms } = view;
    const byMember = new Map<string, number>();
    for (const c of rooms.keys())
      for (const { body } of recordsOf(workspace.room(c)!.document(WORKSPACE_DOC_ID), workspace.roster))
        if (body.kind === 'added') byMember.set(body.by, (byMember.get(body.by) ?? 0) + 1);
    for (const m of workspace.roster.members.values()) expect(byMember.get(m.memberId) ?? 0).toBeGreaterThan(0);
    const agencies = new Set<string>();
    for (const lane of api.board.read())
      for (const card of lane.cards) {
        const p = api.board.provenance(ORGS, card.id);
        if (p?.addedBy) agencies.add(api.profile(p.addedBy)?.agency ?? '?');
        for (const o of api.board.outcomes(card.id)) {
          const q = api.board.provenance('outcomes', o.id);
          if (q?.addedBy) agencies.add(api.profile(q.addedBy)?.agency ?? '?');
        }
      }
    expect(agencies.size).toBeGreaterThanOrEqual(4);
    expect(agencies.has('?')).toBe(false);
  });

  it('every envelope and record verifies: no sync report, no ignored round record', () => {
    const { workspace, api } = view;
    expect(workspace.reports.filter((r) => r.level === 'error')).toEqual([]);
    expect(api.votes.ignored()).toEqual([]);
  });

  it('holds a year of outcomes with a rising trend and every kind, seizures by drug, weapons and dollars', () => {
    const { api } = view;
    const outcomes = api.board.read().flatMap((l) => l.cards.flatMap((c) => api.board.outcomes(c.id)));
    expect(outcomes.length).toBe(table.summary.outcomes);
    const dates = outcomes.map((o) => Date.parse(o.date));
    expect(Math.min(...dates)).toBeGreaterThan(NOW - 366 * DAY);
    expect(Math.max(...dates)).toBeLessThanOrEqual(NOW);
    const firstHalf = dates.filter((d) => d < NOW - 182 * DAY).length;
    expect(dates.length - firstHalf).toBeGreaterThan(firstHalf * 1.5);
    expect(new Set(outcomes.map((o) => o.kind))).toEqual(
      new Set(['arrest', 'seizure', 'indictment', 'entry-permission revocation']),
    );
    const seizures = outcomes.flatMap((o) => (o.seizure ? [o.seizure] : []));
    expect(seizures.some((s) => s.category === 'narcotics' && s.drugKind && s.weightKg! > 0)).toBe(true);
    expect(seizures.some((s) => s.category === 'weapons' && s.count! > 0)).toBe(true);
    expect(seizures.some((s) => s.category === 'currency' && s.amountUsd! > 0)).toBe(true);
  });

  it('has at least three closed, verified priority rounds whose top five moved', () => {
    const { api } = view;
    const rounds = api.votes.rounds();
    expect(rounds.length).toBe(table.summary.rounds);
    expect(rounds.length).toBeGreaterThanOrEqual(3);
    for (const r of rounds) {
      expect(r.close).not.toBeNull();
      expect(r.voted.length).toBe(5);
      // Five full ballots: the top five are five places, none tied.
      expect(r.close!.order.slice(0, 5).every((group) => group.length === 1)).toBe(true);
      expect(api.votes.verify(r.roundId).verified).toBe(true);
    }
    const tops = rounds.map((r) => JSON.stringify(r.close!.order.flat().slice(0, 5)));
    expect(new Set(tops).size).toBeGreaterThan(1);
    expect(api.votes.priorities().size).toBe(5);
  });

  it('keeps the weekly briefings as meeting notes with text, one in the last week', () => {
    const { api } = view;
    const meetings = api.notes.list().filter((n) => n.kind === 'meeting');
    expect(meetings.length).toBeGreaterThanOrEqual(4);
    expect(meetings.some((n) => Date.parse(n.date) >= NOW - 7 * DAY)).toBe(true);
    for (const n of meetings) expect(api.notes.text(n.id)).toContain('Chair:');
  });

  it('has a partner compartment holding the released cards only, with the deputy in it', () => {
    const { api, workspace, rooms } = view;
    const c = table.summary.partnerCompartmentId;
    expect(api.compartments().find((v) => v.compartmentId === c)?.title).toBe(PARTNER_COMPARTMENT_TITLE);
    expect(workspace.roster.compartments.get(c)?.kind).toBe('releasable');
    const deputy = [...workspace.roster.members.values()].find((m) => m.role === 'partner')!;
    expect(compartmentsOf(workspace.roster, deputy.memberId)).toEqual([c]);
    expect(rooms.has(c)).toBe(true);
    const shown = api.board.read().flatMap((l) => l.cards.filter((card) => card.compartmentId === c).map((k) => k.id));
    expect(shown.sort()).toEqual([...table.summary.releasedOrganizations].sort());
    expect(table.summary.releasedOrganizations.length).toBeGreaterThanOrEqual(2);
  });

  it('has field reports matching entries on the board, some triaged, some new, one filed by the partner', () => {
    const { api } = view;
    const reports = api.reports.list();
    expect(reports.length).toBe(table.summary.reports);
    for (const r of reports) expect(api.reports.matches(r.id).length).toBeGreaterThan(0);
    expect(reports.some((r) => r.status === 'new')).toBe(true);
    expect(reports.some((r) => r.status !== 'new')).toBe(true);
    const partner = reports.filter((r) => r.compartmentId === table.summary.partnerCompartmentId);
    expect(partner.length).toBe(1);
    expect(api.profile(partner[0]!.by)?.agency).toBe('County Sheriff');
    const phones = reports.flatMap((r) => r.identifiers.filter((i) => i.kind === 'phone').map((i) => i.value));
    for (const p of phones) expect(p).toMatch(/^\(\d{3}\) 555-01\d\d$/);
  });

  it('gives the last seven days a briefing’s worth: outcomes, new entries, moves, reports and a meeting', () => {
    const { api, workspace } = view;
    const week = NOW - 7 * DAY;
    const cards = api.board.read().flatMap((l) => l.cards);
    expect(
      cards.flatMap((c) => api.board.outcomes(c.id)).filter((o) => Date.parse(o.date) >= week).length,
    ).toBeGreaterThan(0);
    const entries = cards.flatMap((c) => api.board.network(c.id).entities);
    expect(
      entries.filter((e) => (api.board.provenance('entities', e.id)?.addedAt ?? 0) >= week).length,
    ).toBeGreaterThan(0);
    expect(api.reports.list().filter((r) => r.at >= week).length).toBeGreaterThan(0);
    expect(cards.filter((c) => (c.changedAt ?? 0) >= week).length).toBeGreaterThan(0);
    expect(api.notes.list().some((n) => n.kind === 'meeting' && Date.parse(n.date) >= week)).toBe(true);
    expect(workspace.roster.members.size).toBe(8);
  });

  it('makes a briefing of its last week the table would hand out: bottom line, top five, moves, outcomes, reports, a meeting', () => {
    const b = buildBriefing(view.api, { ...defaultPeriod(NOW), audience: null }, NOW);
    expect(b.bluf).toContain('moved lanes this week');
    expect(b.priorities.map((p) => p.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(b.priorities.some((p) => p.previousRank !== p.rank)).toBe(true);
    expect(b.laneChanges.length).toBeGreaterThan(0);
    expect(new Set(b.laneChanges.map((c) => c.by.agency)).size).toBeGreaterThan(0);
    expect(b.organizations.some((o) => o.outcomes.length > 0)).toBe(true);
    expect(b.reports.length).toBeGreaterThan(0);
    expect(b.meetings.length).toBeGreaterThan(0);
    expect(b.totals.arrests + b.totals.seizures + b.totals.indictments + b.totals.revocations).toBeGreaterThan(0);
  });

  it('is in the signed change log (history): every lane move and threat change signed, none unlogged', () => {
    const { api } = view;
    const all = api.history.since(0);
    expect(all.filter((e) => e.proof !== 'signed')).toEqual([]);
    const kinds = new Set(all.map((e) => e.change.kind));
    for (const kind of ['created', 'lane', 'threat', 'added']) expect(kinds).toContain(kind);
    expect(new Set(all.map((e) => e.by)).size).toBeGreaterThanOrEqual(6);
    const week = api.history.since(NOW - 7 * DAY);
    expect(week.some((e) => e.change.kind === 'lane')).toBe(true);
    expect(week.some((e) => e.change.kind === 'added')).toBe(true);
  });

  it('built step by step, it tells each card and month in order, and is the same story from the same seed (cards, lanes, outcomes, reports, rounds), with other ids and keys', async () => {
    const admin = generateIdentity();
    const steps: DemoStep[] = [];
    let pauses = 0;
    const mine = await buildDemoTableStepwise(
      { identity: admin, profile: { name: 'Alex Mercer', agency: 'HSI' }, title: 'Demo' },
      { seed: DEMO_TABLE_SEED, now: NOW },
      (step) => steps.push(step),
      async () => void pauses++,
    );
    const cards = table.summary.organizations;
    expect(steps).toEqual([
      ...Array.from({ length: cards + 1 }, (_, done) => ({ stage: 'organizations', done, total: cards })),
      ...Array.from({ length: 12 }, (_, k) => ({ stage: 'months', done: k + 1, total: 12 })),
    ]);
    expect(pauses).toBe(steps.length);
    // Its envelope counts are what opening checks: each room's board list.
    const list = docListName(WORKSPACE_DOC_ID);
    for (const [c, doc] of view.rooms) expect(table.envelopes.get(c)).toBe(doc.getArray(list).length);
    expect(mine.summary.workspaceId).not.toBe(table.summary.workspaceId);
    const story = (v: ReturnType<typeof open>, t: DemoTable) => {
      const { api } = v;
      const cards = api.board.read().flatMap((l) =>
        l.cards.map((c) => ({
          name: c.name,
          lane: l.name,
          threat: c.threat,
          partner: c.compartmentId === t.summary.partnerCompartmentId,
          network: api.board
            .network(c.id)
            .entities.map((e) => `${e.kind}:${e.name}`)
            .sort(),
          outcomes: api.board
            .outcomes(c.id)
            .map(({ kind, date, agency, note, seizure }) => JSON.stringify({ kind, date, agency, note, seizure }))
            .sort(),
        })),
      );
      const reports = api.reports
        .list()
        .map((r) => `${r.text}|${r.status}`)
        .sort();
      // A tie is one group, in id order: compare each group as a set of names.
      const rounds = api.votes
        .rounds()
        .map((r) => [r.title, r.close!.order.map((group) => group.map((id) => api.board.card(id)!.name).sort())]);
      // Order within a lane is by position keys, which tie-break on random ids: compare by name.
      return { cards: cards.sort((a, b) => a.name.localeCompare(b.name)), reports, rounds };
    };
    expect(story(open(mine, admin), mine)).toEqual(story(view, table));
  });

  it('a step-by-step build cancelled stops at the next step with OpenCancelled', async () => {
    const controller = new AbortController();
    const steps: DemoStep[] = [];
    const build = buildDemoTableStepwise(
      { identity: generateIdentity(), profile: { name: 'Alex Mercer', agency: 'HSI' }, title: 'Demo' },
      { seed: DEMO_TABLE_SEED, now: NOW },
      (step) => {
        steps.push(step);
        if (step.done === 3) controller.abort();
      },
      async () => {},
      controller.signal,
    );
    await expect(build).rejects.toBeInstanceOf(OpenCancelled);
    expect(steps.at(-1)).toEqual({ stage: 'organizations', done: 3, total: table.summary.organizations });
  });
});
