import type * as Y from 'yjs';

import type { Roster } from '../membership';
import { readRecord } from '../model';
import { FIELD_REPORTS, reportRecordValid, TRIAGE, triageRecordValid } from './reportRecords';
import type { ReportBody, TriageBody } from './reportRecords';
import type { FieldReport, ReportStatus, TriageStep } from './types';

/** A report as one room proves it (the marking is the reader's label of the room). */
export type RoomReport = Omit<FieldReport, 'marking'>;

/**
 * The field reports of one room's `workspace` document and their triage steps, as every reader
 * checks them, kept up to date per record: a change reads only the records it touched, so a new
 * report among thousands costs one signature check. A report's id is the hash of what it says
 * (reportIdOf), so every valid record under one id says the same: the first by record id is taken.
 */
export class RoomReports {
  private readonly reports = new Map<string, { recordId: string; body: ReportBody } | null>();
  private readonly steps = new Map<string, { recordId: string; body: TriageBody } | null>();
  /** Report id → the record ids of valid reports claiming it, and of valid steps naming it. */
  private readonly reportsOf = new Map<string, Set<string>>();
  private readonly stepsOf = new Map<string, Set<string>>();
  private readonly built = new Map<string, RoomReport | null>();
  private readonly touched = new Set<string>();
  private readonly stops: Array<() => void> = [];

  constructor(
    private readonly doc: Y.Doc,
    readonly compartmentId: string,
    private roster: Roster,
    /** Called after a change of this room's reports or steps (not on reading). */
    private readonly onChange: () => void = () => undefined,
  ) {
    for (const name of [FIELD_REPORTS, TRIAGE]) {
      const map = doc.getMap<unknown>(name);
      const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
        for (const event of events) {
          if (event.target === map) for (const key of event.keys.keys()) this.read(name, key);
          else if (typeof event.path[0] === 'string') this.read(name, event.path[0]);
        }
        this.onChange();
      };
      map.observeDeep(observer);
      this.stops.push(() => map.unobserveDeep(observer));
    }
    this.readAll();
  }

  /** A new roster (a member removed keeps its reports; a stranger's stay out): every record is judged again. */
  setRoster(roster: Roster): void {
    this.roster = roster;
    this.readAll();
  }

  /** The report `reportId` if it is valid in this room, with its steps. */
  report(reportId: string): RoomReport | null {
    let out = this.built.get(reportId);
    if (out === undefined) {
      out = this.build(reportId);
      this.built.set(reportId, out);
    }
    return out;
  }

  /** Every report id with a valid record here. */
  ids(): string[] {
    return [...this.reportsOf.keys()];
  }

  /** Whether a valid record of report `reportId` is here. */
  has(reportId: string): boolean {
    return this.reportsOf.has(reportId);
  }

  /**
   * The detailed link steps kept in this room for report `reportId` of room `reportCompartment`, oldest
   * first. Whether they count (the report valid there, this room narrower) is the reader's (ReportIndex).
   */
  detailedLinks(reportId: string, reportCompartment: string): TriageStep[] {
    return this.stepRecords(reportId, (b) => b.reportCompartment === reportCompartment);
  }

  /** Report ids whose report or steps changed since the last call. */
  drain(): string[] {
    const out = [...this.touched];
    this.touched.clear();
    return out;
  }

  destroy(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private readAll(): void {
    for (const [name, known] of [
      [FIELD_REPORTS, this.reports],
      [TRIAGE, this.steps],
    ] as const) {
      const seen = new Set<string>();
      this.doc.getMap<unknown>(name).forEach((_v, key) => {
        seen.add(key);
        this.read(name, key);
      });
      for (const key of [...known.keys()]) if (!seen.has(key)) this.read(name, key);
    }
  }

  /** Takes in record `key` of map `name` as it stands now (absent, invalid or valid). */
  private read(name: string, key: string): void {
    const isReport = name === FIELD_REPORTS;
    const known = isReport ? this.reports : this.steps;
    const index = isReport ? this.reportsOf : this.stepsOf;
    const before = known.get(key);
    if (before) this.unindex(index, before.body.reportId, key);
    const record = readRecord(key, this.doc.getMap<unknown>(name).get(key));
    const body = record
      ? isReport
        ? reportRecordValid(record, this.roster, this.compartmentId)
        : triageRecordValid(record, this.roster, this.compartmentId)
      : null;
    if (!body) {
      known.delete(key);
      return;
    }
    (known as Map<string, { recordId: string; body: ReportBody | TriageBody }>).set(key, { recordId: key, body });
    index.set(body.reportId, (index.get(body.reportId) ?? new Set()).add(key));
    this.mark(body.reportId);
  }

  private unindex(index: Map<string, Set<string>>, reportId: string, key: string): void {
    const set = index.get(reportId);
    set?.delete(key);
    if (set?.size === 0) index.delete(reportId);
    this.mark(reportId);
  }

  private mark(reportId: string): void {
    this.touched.add(reportId);
    this.built.delete(reportId);
  }

  private build(reportId: string): RoomReport | null {
    const claims = this.reportsOf.get(reportId);
    if (!claims || claims.size === 0) return null;
    const { body } = this.reports.get([...claims].sort()[0]!)!;
    // A step counts only for a report valid in this same room (its record names this room too); a
    // detailed link kept here for another room's report is that report's reader's (detailedLinks).
    const steps = this.stepRecords(reportId, (b) => b.reportCompartment === undefined);
    return {
      id: reportId,
      compartmentId: this.compartmentId,
      by: body.by,
      at: body.at,
      text: body.text,
      identifiers: body.identifiers,
      where: body.where,
      when: body.when,
      reliability: body.reliability,
      credibility: body.credibility,
      steps,
      status: statusOf(steps),
    };
  }

  private stepRecords(reportId: string, take: (body: TriageBody) => boolean): TriageStep[] {
    return [...(this.stepsOf.get(reportId) ?? [])]
      .map((key) => this.steps.get(key)!)
      .filter(({ body }) => take(body))
      .sort((a, b) => a.body.at - b.body.at || (a.recordId < b.recordId ? -1 : 1))
      .map(({ recordId, body: s }) => ({
        recordId,
        step: s.step,
        by: s.by,
        at: s.at,
        ...(s.orgId !== undefined ? { orgId: s.orgId } : {}),
        ...(s.entityIds !== undefined ? { entityIds: s.entityIds } : {}),
        ...(s.duplicateOf !== undefined ? { duplicateOf: s.duplicateOf } : {}),
        ...(s.reason !== undefined ? { reason: s.reason } : {}),
      }));
  }
}

/** linked if any step links; else duplicate; else dismissed; else new. */
export function statusOf(steps: readonly TriageStep[]): ReportStatus {
  if (steps.some((s) => s.step === 'link')) return 'linked';
  if (steps.some((s) => s.step === 'duplicate')) return 'duplicate';
  if (steps.some((s) => s.step === 'dismiss')) return 'dismissed';
  return 'new';
}
