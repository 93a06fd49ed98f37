import { audienceRooms, kindOf, rank } from '../compartments';
import type { MergedOutcome } from '../compartments';
import { compartmentMembers, coreCompartmentId } from '../membership';
import { bucketOf, inPeriod as rowsIn, outcomeRows, previousPeriods, series, totals } from '../metrics';
import { briefingNoteId } from '../notes';
import { RoomReports } from '../reports';
import type { RoomReport } from '../reports';
import type { WorkspaceApi } from '../workspace';
import { addDays, DAY_MS, dayOf, dayStart } from './periodMath';
import { RoomProvenance } from './roomProvenance';
import type { Briefing, BriefingOptions, Person } from './types';

/** How many periods the trend shows: the briefing's own and the ones of the same length before it. */
export const TREND_PERIODS = 6;
/** Weeks in the chart of outcomes over time. */
export const SERIES_WEEKS = 12;

/** The default period: the seven days ending on the day of `now` (UTC). */
export function defaultPeriod(now: number): { from: string; to: string } {
  const to = dayOf(now);
  return { from: addDays(to, -6), to };
}

/**
 * The briefing of a period for an audience, made on this machine from what this member holds
 * (issue 16, docs/briefing.md). For a compartment it reads only the rooms every member of that
 * compartment can read (audienceRooms), through a board over those rooms alone, and keeps every other
 * section to the same rooms, so nothing in it is more than the audience may read. Throws one sentence
 * for a bad period or a compartment this member does not hold.
 */
export function buildBriefing(api: WorkspaceApi, options: BriefingOptions, now = Date.now()): Briefing {
  const { from, to, audience } = options;
  const fromMs = dayStart(from);
  const toDay = dayStart(to);
  if (fromMs === null) throw new Error(`"${from}" is not a date: write YYYY-MM-DD`);
  if (toDay === null) throw new Error(`"${to}" is not a date: write YYYY-MM-DD`);
  if (fromMs > toDay) throw new Error(`the period starts (${from}) after it ends (${to})`);
  const toMs = toDay + DAY_MS;
  const within = (at: number | null | undefined) => typeof at === 'number' && at >= fromMs && at < toMs;
  const inPeriod = (day: string) => day >= from && day <= to;

  const roster = api.roster;
  const held = api.compartments();
  const heldIds = held.map((c) => c.compartmentId);
  let rooms: string[];
  if (audience === null) rooms = [...heldIds].sort();
  else {
    if (!heldIds.includes(audience))
      throw new Error(`no compartment ${audience} here: pick one you are in (see "compartment list")`);
    // A document under this compartment's banner holds only what is released to it: its own room and
    // those of a broader kind (ADR 0012 §6), never a narrower or a sibling one (the core or another
    // partner desk, for a releasable audience), even where every member it has today reads that room —
    // one who joins it later must not find it there.
    const kind = kindOf(roster, audience)!;
    rooms = audienceRooms(roster, held, audience).filter(
      (c) => c === audience || rank(kindOf(roster, c)!) > rank(kind),
    );
  }
  const roomSet = new Set(rooms);
  const core = coreCompartmentId(api.workspaceId);
  const marking = (c: string) => api.board.marking(c);
  const profiles = api.profiles();
  const person = (memberId: string): Person => {
    const p = profiles.get(memberId);
    return { memberId, name: p?.name ?? '', agency: p?.agency ?? '' };
  };
  const roomDocs = api.board.rooms();
  const provenance = new Map<string, RoomProvenance>();
  const provenanceIn = (c: string): RoomProvenance | null => {
    const known = provenance.get(c);
    if (known) return known;
    const doc = roomDocs.get(c);
    if (!doc) return null;
    const made = new RoomProvenance(doc, roster);
    provenance.set(c, made);
    return made;
  };
  const addedOf = (c: string, factId: string) => provenanceIn(c)?.added(factId) ?? null;

  // Everything held is the member's own board (already merged); a compartment gets a board of its rooms alone.
  const own = audience === null;
  const board = own ? api.board : api.board.viewAs(rooms);
  try {
    const cards = board.read().flatMap((l) => l.cards);
    const cardOf = new Map(cards.map((c) => [c.id, c]));

    // Outcomes: every one the audience's board shows (shared/metrics), for the totals, trend and series.
    const rows = outcomeRows(board);
    const periodRows = rowsIn(rows, from, to);
    const counted = new Set(periodRows.map((r) => r.id));

    // New network entries: a signed `added` record in the period, in an audience room.
    const newEntries = new Set<string>();
    for (const c of rooms) for (const id of provenanceIn(c)?.claimedWithin(fromMs, toMs) ?? []) newEntries.add(id);

    const organizations: Briefing['organizations'] = [];
    const orgOfEntry = new Map<string, string>();
    for (const card of cards) {
      const entities = board.network(card.id).entities;
      for (const e of entities) orgOfEntry.set(e.id, card.id);
      const entries = entities
        .filter((e) => newEntries.has(e.id) && within(addedOf(e.compartmentId, e.id)?.at))
        .map((e) => {
          const added = addedOf(e.compartmentId, e.id)!;
          return {
            ...{ id: e.id, kind: e.kind, label: e.name, compartmentId: e.compartmentId, marking: e.marking },
            ...{ addedBy: person(added.by), addedAt: added.at },
          };
        })
        .sort((a, b) => a.addedAt - b.addedAt || (a.id < b.id ? -1 : 1));
      const outcomes = board
        .outcomes(card.id)
        .filter((o) => counted.has(o.id))
        .map((o) => {
          const added = addedOf(o.compartmentId, o.id);
          return {
            ...{ id: o.id, kind: o.kind, date: o.date, agency: o.agency, summary: outcomeSummary(o) },
            ...{ compartmentId: o.compartmentId, marking: o.marking, addedBy: added ? person(added.by) : null },
          };
        })
        .sort((a, b) => a.date.localeCompare(b.date) || (a.id < b.id ? -1 : 1));
      if (entries.length === 0 && outcomes.length === 0) continue;
      organizations.push({
        ...{ orgId: card.id, name: card.name, lane: card.shownLane },
        ...{ compartmentId: card.compartmentId, marking: card.marking, entries, outcomes },
      });
    }

    // The top five of the latest closed, verified round, among the organizations the audience reads.
    const closed = api.votes
      .rounds()
      .filter((r) => r.close && r.close.publishedAt <= now && r.verification?.verified && r.verification.result)
      .sort((a, b) => b.close!.closedAt - a.close!.closedAt);
    const readable = (ranking: readonly string[]) => ranking.filter((org) => cardOf.has(org));
    const latest = closed[0];
    const previous = closed[1] ? readable(closed[1].verification!.result!.ranking) : null;
    // A round is opened in the core: its title is a core fact, named only to an audience that reads the core.
    const roundTitle = latest && roomSet.has(core) ? latest.title : '';
    const priorities: Briefing['priorities'] = latest
      ? readable(latest.verification!.result!.ranking)
          .slice(0, 5)
          .map((orgId, i) => {
            const card = cardOf.get(orgId)!;
            const before = previous?.indexOf(orgId) ?? -1;
            return {
              ...{ rank: i + 1, orgId, name: card.name, previousRank: before >= 0 ? before + 1 : null },
              ...{ roundTitle, compartmentId: card.compartmentId, marking: card.marking },
            };
          })
      : [];

    // What changed: the signed history in the audience's rooms, about organizations it reads.
    const changes = api.history
      .since(fromMs, toMs - 1)
      .filter((c) => roomSet.has(c.compartmentId) && within(c.at) && cardOf.has(c.orgId))
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
    const laneChanges: Briefing['laneChanges'] = [];
    for (const c of changes) {
      if (c.change.kind !== 'lane' || c.change.rename || c.proof !== 'signed') continue;
      const card = cardOf.get(c.orgId)!;
      laneChanges.push({
        ...{ orgId: c.orgId, name: card.name, from: c.change.from, to: c.change.to, by: person(c.by), at: c.at },
        ...{ compartmentId: c.compartmentId, marking: marking(c.compartmentId) },
      });
    }

    // Field reports filed in the period, valid in exactly one of the audience's rooms (read room by room:
    // the member's own report index also keys every network entry, which only connections need).
    const roomReports = rooms.flatMap((c) => {
      const doc = roomDocs.get(c);
      return doc ? [new RoomReports(doc, c, roster)] : [];
    });
    const reportList: RoomReport[] = [];
    try {
      const seen = new Map<string, number>();
      for (const rr of roomReports) for (const id of rr.ids()) seen.set(id, (seen.get(id) ?? 0) + 1);
      for (const rr of roomReports)
        for (const id of rr.ids()) {
          const r = seen.get(id) === 1 ? rr.report(id) : null;
          if (r) reportList.push(r);
        }
    } finally {
      for (const rr of roomReports) rr.destroy();
    }
    const reports: Briefing['reports'] = reportList
      .filter((r) => within(r.at))
      .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
      .map((r) => ({
        ...{ id: r.id, filedBy: person(r.by), at: r.at, grading: `${r.reliability}${r.credibility}` },
        ...{
          excerpt: excerpt(r.text),
          status: r.status,
          compartmentId: r.compartmentId,
          marking: marking(r.compartmentId),
        },
      }));
    const newReports = new Set(reports.map((r) => r.id));

    // Connections the audience can see (two owners among its facts) that a new report or entry made.
    const connections: Briefing['connections'] = [];
    // Only a new report or entry makes a new connection: without one, the match index is not built.
    const fresh = newReports.size > 0 || [...newEntries].some((id) => orgOfEntry.has(id));
    for (const c of fresh ? api.reports.connections() : []) {
      const facts = c.facts.filter((f) =>
        f.orgId !== null ? roomSet.has(f.compartmentId) && cardOf.has(f.orgId) : roomSet.has(f.compartmentId),
      );
      const owners = new Map<string, string>();
      for (const f of facts) {
        if (f.orgId !== null) owners.set(`org:${f.orgId}`, cardOf.get(f.orgId)!.name);
        else if (f.reportId !== null) owners.set(`report:${f.reportId}`, reportLabel(reportList, f.reportId));
      }
      if (owners.size < 2) continue;
      const made = facts.some((f) =>
        f.reportId !== null && f.orgId === null
          ? newReports.has(f.reportId)
          : newEntries.has(f.factId) && orgOfEntry.has(f.factId) && within(addedOf(f.compartmentId, f.factId)?.at),
      );
      if (!made) continue;
      const narrowest = mostRestrictive(
        api,
        facts.map((f) => f.compartmentId),
      )[0]!;
      connections.push({
        ...{ identifier: c.identifier, owners: [...owners.values()].sort() },
        ...{ compartmentId: narrowest, marking: marking(narrowest) },
      });
    }
    connections.sort((a, b) => a.identifier.localeCompare(b.identifier));

    // Meeting notes live in the core's document: only for an audience that reads the core.
    const meetings: Briefing['meetings'] = roomSet.has(core)
      ? api.notes
          .list()
          .filter((n) => n.kind === 'meeting' && inPeriod(n.date))
          .sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title))
          .map((n) => ({
            ...{ id: n.id, title: n.title, date: n.date, markdown: api.notes.markdown(n.id).trim() },
            ...{ compartmentId: core, marking: marking(core) },
          }))
      : [];

    const blufId = briefingNoteId({ from, to, compartmentId: audience });
    const bluf = api.notes.find(blufId)?.kind === 'briefing' ? api.notes.markdown(blufId).trim() : '';

    const trend: Briefing['trend'] = [...previousPeriods(from, to, TREND_PERIODS - 1), { from, to }].map((p) => ({
      ...p,
      totals: totals(rowsIn(rows, p.from, p.to)),
    }));
    const seriesFrom = addDays(bucketOf(to, 'week').start, -7 * (SERIES_WEEKS - 1));

    const view = audience === null ? null : held.find((c) => c.compartmentId === audience)!;
    const present = [
      ...organizations.flatMap((o) => [o, ...o.entries, ...o.outcomes]),
      ...priorities,
      ...laneChanges,
      ...reports,
      ...connections,
      ...meetings,
    ].map((i) => i.compartmentId);
    const me = api.me?.memberId ?? '';
    return {
      workspaceTitle: api.title(),
      ...{ from, to, madeAt: now, madeBy: person(me) },
      audience: view
        ? { compartmentId: view.compartmentId, title: view.title ?? view.compartmentId, banner: marking(audience!) }
        : { compartmentId: null, title: 'Everything I hold', banner: broadestBanner(api, present, rooms) },
      bluf,
      priorities,
      laneChanges,
      organizations,
      totals: totals(periodRows),
      trend,
      series: series(rows, 'week', seriesFrom, to),
      connections,
      reports,
      meetings,
      changes,
    };
  } finally {
    if (!own) board.destroy();
  }
}

/** One line for an outcome: what was seized, and its note. */
export function outcomeSummary(o: MergedOutcome): string {
  const s = o.seizure;
  const what =
    o.kind !== 'seizure' || !s
      ? ''
      : s.category === 'narcotics'
        ? `${s.weightKg ?? 0} kg ${s.drugKind || 'narcotics'}`
        : s.category === 'weapons'
          ? `${s.count ?? 0} weapons`
          : `USD ${(s.amountUsd ?? 0).toLocaleString('en-US')}`;
  return [what, o.note.trim()].filter(Boolean).join(': ');
}

const excerpt = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
};

function reportLabel(reports: ReadonlyArray<{ id: string; at: number }>, id: string): string {
  const r = reports.find((x) => x.id === id);
  return r ? `field report of ${dayOf(r.at)}` : 'a field report';
}

/** Compartments ordered narrowest first: restricted, core, releasable; then fewer members; then id. */
function mostRestrictive(api: WorkspaceApi, ids: readonly string[]): string[] {
  const roster = api.roster;
  const size = (c: string) => compartmentMembers(roster, c).size;
  const kind = (c: string) => rank(roster.compartments.get(c)?.kind ?? 'restricted');
  return [...new Set(ids)].sort((a, b) => kind(a) - kind(b) || size(a) - size(b) || (a < b ? -1 : 1));
}

/**
 * The banner of a briefing for no one compartment: the marking of the most restrictive kind of
 * compartment any item comes from (restricted before core before releasable); two incomparable ones
 * of that kind are both named, joined by " // ". With nothing in it, the narrowest room read.
 */
function broadestBanner(api: WorkspaceApi, present: readonly string[], rooms: readonly string[]): string {
  const ordered = mostRestrictive(api, present.length > 0 ? present : rooms);
  if (ordered.length === 0) return api.board.marking(coreCompartmentId(api.workspaceId));
  const kindOf = (c: string) => api.roster.compartments.get(c)?.kind;
  const top = ordered.filter((c) => kindOf(c) === kindOf(ordered[0]!));
  const marks = [...new Set(top.map((c) => api.board.marking(c)))];
  return top[0] && kindOf(top[0]) === 'restricted' ? marks.join(' // ') : marks[0]!;
}
