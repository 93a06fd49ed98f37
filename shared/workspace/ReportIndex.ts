import type * as Y from 'yjs';

import { narrowerOrSame, shownCopy } from '../compartments';
import { entityKeys, identifierKey, MatchIndex } from '../identifiers';
import type { Identifier, Occurrence } from '../identifiers';
import type { Roster } from '../membership';
import { ENTITIES, facts, ORGS, str } from '../model';
import type { NetworkEntity } from '../model';
import { RoomReports, statusOf } from '../reports';
import type { RoomReport, TriageStep } from '../reports';
import { AddedIndex } from './AddedIndex';
import type { BoardApi } from './BoardApi';

/**
 * What a member may match, kept up to date change by change (issue 15): the network entries its
 * merged board shows and the valid reports of the rooms it holds, each filed in one MatchIndex. It
 * observes each room's `entities`, `organizations` and report maps and, on the next read, takes in
 * only the entries and reports those changes touched; a new roster or a room opened or closed is
 * the only time every fact is read again. Entries come from the merged board alone, so a partner's
 * index never holds a fact it cannot see.
 */
export class ReportIndex {
  readonly matches = new MatchIndex();
  /** Who added each entry, by its room's provenance records (a match line's "added by"). */
  readonly added = new AddedIndex();
  private readonly rooms = new Map<string, { doc: Y.Doc; reports: RoomReports; stop: () => void }>();
  /** Every entry id of the rooms held, by the organization its copies name. */
  private readonly entitiesByOrg = new Map<string, Set<string>>();
  private readonly dirtyEntities = new Set<string>();
  private readonly dirtyOrgs = new Set<string>();
  /**
   * Report id → the rooms where it is valid. The room is part of the id (reportIdOf), so a valid id
   * is in one room only; were it in two, neither would be shown.
   */
  private readonly reportRooms = new Map<string, Set<string>>();
  private readonly listeners = new Set<() => void>();
  private roster: Roster | null = null;
  private version = 0;

  constructor(
    private readonly board: BoardApi,
    private readonly rosterOf: () => Roster,
  ) {}

  /** Bumped whenever a report or its steps changed (caches of report-derived views compare it). */
  get reportsVersion(): number {
    this.refresh();
    return this.version;
  }

  /**
   * The report if valid in exactly one room this member holds, with the detailed link steps of the
   * narrower rooms it holds: each replaces the bare link of the same signer at the same time.
   */
  report(reportId: string): RoomReport | null {
    this.refresh();
    return this.reportAsNow(reportId);
  }

  /** report() without a refresh first: the index's own filing reads it mid-refresh (a nested one would undo the slicing). */
  private reportAsNow(reportId: string): RoomReport | null {
    const rooms = this.reportRooms.get(reportId);
    if (!rooms || rooms.size !== 1) return null;
    const report = this.rooms.get([...rooms][0]!)?.reports.report(reportId) ?? null;
    if (!report) return null;
    const roster = this.rosterOf();
    const r = report.compartmentId;
    // Only a room narrower than the report's holds its detail: every reader of it reads the report too.
    const detailed = [...this.rooms]
      .filter(([e]) => e !== r && narrowerOrSame(roster, e, r))
      .flatMap(([, room]) => room.reports.detailedLinks(reportId, r));
    if (detailed.length === 0) return report;
    const bare = (s: TriageStep) => (d: TriageStep) =>
      s.step === 'link' && s.orgId === undefined && d.by === s.by && d.at === s.at;
    const steps = [...report.steps.filter((s) => !detailed.some(bare(s))), ...detailed].sort(
      (a, b) => a.at - b.at || (a.recordId < b.recordId ? -1 : 1),
    );
    return { ...report, steps, status: statusOf(steps) };
  }

  /** Every report this member holds, unordered. */
  reports(): RoomReport[] {
    this.refresh();
    return [...this.reportRooms.keys()].flatMap((id) => {
      const r = this.reportAsNow(id);
      return r ? [r] : [];
    });
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    for (const room of this.rooms.values()) room.stop();
    this.rooms.clear();
    this.listeners.clear();
  }

  /** Brings the index up to the rooms open now, the roster, and every change observed since. */
  refresh(): void {
    this.refreshSome(NEVER_STOP);
  }

  /**
   * Part of a refresh: the rooms and the roster first, then touched entries until `stop()` says so
   * (asked after each, so every call moves on), then the shared identifiers the same way. True once nothing is left:
   * what it leaves is taken by the next call, or at once by any read (every read refreshes all), so
   * no answer is ever read from a half-built index.
   */
  refreshSome(stop: () => boolean): boolean {
    const roster = this.rosterOf();
    const open = this.board.rooms();
    let reread = roster !== this.roster;
    for (const [c, room] of [...this.rooms]) {
      if (open.get(c) === room.doc) continue;
      room.stop();
      this.rooms.delete(c);
      reread = true;
    }
    const fresh = new Set<string>();
    for (const [c, doc] of open) {
      if (this.rooms.has(c)) continue;
      this.rooms.set(c, this.watch(c, doc, roster));
      fresh.add(c);
      reread = true;
    }
    if (reread) {
      if (roster !== this.roster) for (const room of this.rooms.values()) room.reports.setRoster(roster);
      this.roster = roster;
      this.rereadAll(fresh);
    }
    this.takeReports();
    if (!this.takeEntities(stop)) return false;
    return this.matches.settle(stop);
  }

  private watch(c: string, doc: Y.Doc, roster: Roster) {
    const reports = new RoomReports(doc, c, roster, () => this.changed());
    const stops = [ENTITIES, ORGS].map((name) => {
      const map = facts(doc, name);
      const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
        for (const event of events) {
          const ids = event.target === map ? [...event.keys.keys()] : [event.path[0]];
          for (const id of ids) if (typeof id === 'string') this.touch(name, doc, id);
        }
        this.changed();
      };
      map.observeDeep(observer);
      return () => map.unobserveDeep(observer);
    });
    stops.push(this.added.watch(c, doc));
    facts(doc, ENTITIES).forEach((_f, id) => this.touch(ENTITIES, doc, id));
    return { doc, reports, stop: () => (stops.forEach((s) => s()), reports.destroy()) };
  }

  private touch(map: string, doc: Y.Doc, id: string): void {
    if (map === ORGS) {
      this.dirtyOrgs.add(id);
      return;
    }
    this.dirtyEntities.add(id);
    const fact = facts(doc, ENTITIES).get(id);
    const org = fact ? str(fact, 'org') : '';
    if (org) this.entitiesByOrg.set(org, (this.entitiesByOrg.get(org) ?? new Set()).add(id));
  }

  /** Every entry and report judged again; the rooms in `fresh` were just read whole when first watched. */
  private rereadAll(fresh: ReadonlySet<string>): void {
    for (const ids of this.entitiesByOrg.values()) for (const id of ids) this.dirtyEntities.add(id);
    for (const [c, room] of this.rooms)
      if (!fresh.has(c)) facts(room.doc, ENTITIES).forEach((_f, id) => this.touch(ENTITIES, room.doc, id));
    const before = [...this.reportRooms.keys()];
    this.reportRooms.clear();
    for (const [c, room] of this.rooms) {
      room.reports.drain();
      for (const id of room.reports.ids()) this.addReportRoom(id, c);
    }
    for (const id of new Set([...before, ...this.reportRooms.keys()])) this.fileReport(id);
    this.version++;
  }

  /** Files touched entries as the merged board shows them (or takes them out if not shown) until `stop()`; true when none is left. */
  private takeEntities(stop: () => boolean): boolean {
    for (const org of this.dirtyOrgs) for (const id of this.entitiesByOrg.get(org) ?? []) this.dirtyEntities.add(id);
    this.dirtyOrgs.clear();
    if (this.dirtyEntities.size === 0) return true;
    const rooms = this.board.rooms();
    const roster = this.rosterOf();
    const shownByOrg = new Map<string, Map<string, NetworkEntity & { compartmentId: string }>>();
    for (const id of this.dirtyEntities) {
      this.dirtyEntities.delete(id);
      const copy = shownCopy(rooms, roster, ENTITIES, id);
      const org = copy ? str(copy.fact, 'org') : '';
      let shown = shownByOrg.get(org);
      if (!shown) {
        shown = new Map(org ? this.board.network(org).entities.map((e) => [e.id, e]) : []);
        shownByOrg.set(org, shown);
      }
      const entity = shown.get(id);
      if (!entity) this.matches.delete(entryFact(id));
      else this.matches.set(entryFact(id), entryOccurrences(entity));
      if (this.dirtyEntities.size > 0 && stop()) return false;
    }
    return true;
  }

  private takeReports(): void {
    const touched = new Set<string>();
    for (const [c, room] of this.rooms)
      for (const id of room.reports.drain()) {
        touched.add(id);
        const set = this.reportRooms.get(id);
        if (room.reports.has(id)) this.addReportRoom(id, c);
        else if (set) {
          set.delete(c);
          if (set.size === 0) this.reportRooms.delete(id);
        }
      }
    for (const id of touched) this.fileReport(id);
    if (touched.size > 0) this.version++;
  }

  private addReportRoom(id: string, c: string): void {
    this.reportRooms.set(id, (this.reportRooms.get(id) ?? new Set()).add(c));
  }

  private fileReport(id: string): void {
    const report = this.reportAsNow(id);
    if (!report) this.matches.delete(reportFact(id));
    else this.matches.set(reportFact(id), reportOccurrences(report));
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}

const NEVER_STOP = () => false;

/**
 * The index's names for an entry and a report. An entry's id is whatever its writer chose, so a
 * patched client can give one a report's id: under one name, filing the entry would replace (or, not
 * shown, delete) what the report contributes.
 */
export const entryFact = (id: string): string => `entry:${id}`;
export const reportFact = (id: string): string => `report:${id}`;

function occurrence(
  ident: Identifier,
  at: { factId: string; orgId: string | null; reportId: string | null; compartmentId: string },
): Occurrence[] {
  const key = identifierKey(ident.kind, ident.value);
  return key ? [{ key, kind: ident.kind, text: ident.value, ...at }] : [];
}

export function entryOccurrences(e: NetworkEntity & { compartmentId: string }): Occurrence[] {
  const at = { factId: e.id, orgId: e.org, reportId: null, compartmentId: e.compartmentId };
  // entityKeys keys each text once (entityIdentifiers and then identifierKey would key it twice).
  return entityKeys(e).map(({ kind, value, key }) => ({ key, kind, text: value, ...at }));
}

export function reportOccurrences(r: RoomReport): Occurrence[] {
  const at = { factId: r.id, orgId: null, reportId: r.id, compartmentId: r.compartmentId };
  return r.identifiers.flatMap((ident) => occurrence(ident, at));
}
