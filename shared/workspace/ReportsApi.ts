import type * as Y from 'yjs';

import { mayWrite, meet, narrowerOrSame, shownCopy } from '../compartments';
import type { Identity } from '../crypto';
import {
  displayIdentifier,
  ENTITY_KIND_OF,
  entityIdentifiers,
  IDENTIFIER_KINDS,
  identifierKey,
  keysMatch,
} from '../identifiers';
import type { Identifier, Occurrence } from '../identifiers';
import { coreCompartmentId } from '../membership';
import type { CompartmentView } from '../membership';
import { ENTITIES, str } from '../model';
import { CREDIBILITY, RELIABILITY, REPORT_LIMITS, signReport, signTriage, WHEN } from '../reports';
import type {
  Connection,
  FieldReport,
  ReportInput,
  ReportMatch,
  RoomReport,
  TriageAction,
  TriageStep,
} from '../reports';
import { WORKSPACE_DOC_ID } from '../protocol';
import type { SecureWorkspace } from '../sync';
import type { BoardApi } from './BoardApi';
import { ReportIndex, reportFact } from './ReportIndex';

/** How ReportsApi.prepare slices its work: what it awaits between slices, and how long a slice runs. */
export interface PrepareOptions {
  pause: () => Promise<void>;
  signal?: AbortSignal;
  sliceMs?: number;
  clock?: () => number;
}

/**
 * Field reports and their triage (issue 15), as methods. A report is a signed record in the room it
 * is released to: filed offline it is simply in the local copy, sent when the relay is back. Its
 * reporter is its signer, the agency that signer's profile. Matching covers what this member's merged
 * board shows and the reports of rooms it holds, nothing else (see ReportIndex).
 */
export class ReportsApi {
  private readonly index: ReportIndex;
  private sources: {
    version: number;
    byEntity: Map<string, Array<{ reportId: string; orgId: string; stepBy: string; by: string }>>;
  } | null = null;

  constructor(
    private readonly workspace: SecureWorkspace,
    private readonly identity: Identity,
    private readonly now: () => number,
    private readonly board: BoardApi,
    /** The compartments this member is in, labels opened, the core first (WorkspaceApi.compartments). */
    private readonly compartmentViews: () => CompartmentView[],
  ) {
    this.index = new ReportIndex(board, () => workspace.roster);
  }

  /** Files a report (signed, in its room's local copy) and says where its identifiers already appear. */
  add(input: ReportInput): { reportId: string; compartmentId: string; matches: ReportMatch[] } {
    const text = input.text.trim();
    const identifiers = input.identifiers
      .map((i) => ({ kind: i.kind, value: i.value.trim() }))
      .filter((i) => i.value !== '');
    if (text === '' && identifiers.length === 0) throw new Error('a report needs what was found, or an identifier');
    if (text.length > REPORT_LIMITS.text)
      throw new Error(`a report's text is at most ${REPORT_LIMITS.text} characters`);
    if (identifiers.length > REPORT_LIMITS.identifiers)
      throw new Error(`a report carries at most ${REPORT_LIMITS.identifiers} identifiers`);
    if (identifiers.some((i) => !IDENTIFIER_KINDS.includes(i.kind)))
      throw new Error('an identifier is a phone, a plate, a name, a place or a route');
    if (identifiers.some((i) => i.value.length > REPORT_LIMITS.identifier))
      throw new Error(`an identifier is at most ${REPORT_LIMITS.identifier} characters`);
    const where = (input.where ?? '').trim();
    if (where.length > REPORT_LIMITS.where) throw new Error(`"where" is at most ${REPORT_LIMITS.where} characters`);
    const when = (input.when ?? '').trim();
    if (!WHEN.test(when)) throw new Error('"when" is a date, YYYY-MM-DD, or a date and time, YYYY-MM-DDTHH:MM');
    const reliability = input.reliability ?? 'F';
    const credibility = input.credibility ?? '6';
    if (!RELIABILITY.includes(reliability)) throw new Error('source reliability is a letter from A to F');
    if (!CREDIBILITY.includes(credibility)) throw new Error('information credibility is a digit from 1 to 6');
    const compartmentId = input.compartmentId ?? this.fileTargets()[0]?.compartmentId;
    if (!compartmentId) throw new Error('you hold no compartment you may file a report in');
    const doc = this.writableDoc(compartmentId, 'you may not file a report in that compartment');
    const { workspaceId } = this.workspace;
    const at = this.now();
    const reportId = signReport(doc, this.identity, {
      ...{ workspaceId, compartmentId, at, text, identifiers, where, when },
      ...{ reliability, credibility },
    });
    return { reportId, compartmentId, matches: this.matches(reportId) };
  }

  /** Every valid report this member holds, newest first. */
  list(): FieldReport[] {
    return this.index
      .reports()
      .sort((a, b) => b.at - a.at || (a.id < b.id ? -1 : 1))
      .map((r) => this.placed(r));
  }

  /** Reports nobody has triaged yet, oldest first. */
  queue(): FieldReport[] {
    return this.list()
      .filter((r) => r.status === 'new')
      .reverse();
  }

  report(id: string): FieldReport | null {
    const r = this.index.report(id);
    return r ? this.placed(r) : null;
  }

  /** The report's identifiers found in organizations' networks and other reports this member may read. */
  matches(reportId: string): ReportMatch[] {
    this.index.refresh();
    return this.index.matches.matchesOf(reportFact(reportId)).map(({ own, other }) => this.match(own, other));
  }

  /** Where identifiers not filed yet already appear (the form's live preview). */
  lookup(identifiers: Identifier[]): ReportMatch[] {
    this.index.refresh();
    return identifiers.flatMap((identifier) =>
      this.index.matches.lookup(identifier.kind, identifier.value).map((other) => ({
        ...this.match({ ...other, kind: identifier.kind, text: identifier.value }, other),
      })),
    );
  }

  /** An organization's network identifiers found in other organizations or in reports. */
  orgMatches(orgId: string): ReportMatch[] {
    this.index.refresh();
    return this.index.matches.matchesOfOrg(orgId).map(({ own, other }) => this.match(own, other));
  }

  /** Identifiers shared by two or more organizations or reports. */
  connections(): Connection[] {
    this.index.refresh();
    return this.index.matches.shared().map((s) => ({
      key: s.key,
      kind: s.kind,
      identifier: s.occurrences[0]?.text ?? s.key,
      facts: s.occurrences.map((o) => ({
        orgId: o.orgId,
        reportId: o.reportId,
        factId: o.factId,
        text: o.text,
        compartmentId: o.compartmentId,
      })),
    }));
  }

  /**
   * Signs one triage step in the report's room. A link first adds, as network entries of the
   * organization, the report's identifiers not already in its network, in the broadest compartment
   * no broader than the report or the organization; if that room is narrower than the report's, the
   * report's room gets a bare link and the organization and entries are named in that room only. A
   * duplicate must repeat a report released at least as widely. Throws one sentence when refused.
   */
  triage(reportId: string, action: TriageAction): TriageStep {
    const report = this.index.report(reportId);
    if (!report) throw new Error(`no report ${reportId} here: it may be in a compartment you do not hold`);
    const c = report.compartmentId;
    const doc = this.writableDoc(c, 'you may not write in this report’s compartment, so you cannot triage it');
    const base = { workspaceId: this.workspace.workspaceId, compartmentId: c, reportId, at: this.now() };
    let recordId: string;
    if ('link' in action) {
      const orgId = action.link;
      if (report.steps.some((s) => s.step === 'link' && s.orgId === orgId))
        throw new Error('this report is already linked to that organization');
      const { target, entityIds } = this.linkEntries(report, orgId);
      if (target === c) recordId = signTriage(doc, this.identity, { ...base, step: 'link', orgId, entityIds });
      else {
        // The entries went to a narrower room than the report's (a partner's report linked to a core
        // organization). Which entries were new, and which organization, would tell the report's room
        // what the narrower one holds: its room gets a bare link, the detail goes where the entries went.
        signTriage(doc, this.identity, { ...base, step: 'link' });
        const detail = { ...base, compartmentId: target, reportCompartment: c, step: 'link' as const };
        recordId = signTriage(
          this.writableDoc(target, 'you may not write in the compartment the new entries would go to'),
          this.identity,
          { ...detail, orgId, entityIds },
        );
      }
    } else if ('duplicateOf' in action) {
      const other = action.duplicateOf;
      if (other === reportId) throw new Error('a report cannot be a duplicate of itself');
      const repeated = this.index.report(other);
      if (!repeated) throw new Error(`no report ${other} here to be a duplicate of`);
      if (!narrowerOrSame(this.workspace.roster, c, repeated.compartmentId))
        throw new Error(
          'a report can only be a duplicate of a report released at least as widely, so every reader of it sees the other',
        );
      if (report.steps.some((s) => s.step === 'duplicate' && s.duplicateOf === other))
        throw new Error('this report is already marked a duplicate of that report');
      recordId = signTriage(doc, this.identity, { ...base, step: 'duplicate', duplicateOf: other });
    } else {
      const reason = action.dismiss.trim();
      if (reason === '') throw new Error('say why the report is dismissed');
      if (reason.length > REPORT_LIMITS.reason)
        throw new Error(`a reason is at most ${REPORT_LIMITS.reason} characters`);
      if (report.steps.some((s) => s.step === 'dismiss')) throw new Error('this report is already dismissed');
      recordId = signTriage(doc, this.identity, { ...base, step: 'dismiss', reason });
    }
    const step = this.index.report(reportId)?.steps.find((s) => s.recordId === recordId);
    if (!step) throw new Error('the triage step was written but cannot be read back');
    return step;
  }

  /**
   * The report a network entry came from: a valid `link` step lists it, and the entry's signed
   * `added` record has the same signer (a step listing entries someone else added proves nothing).
   */
  sourceOf(entityId: string): { reportId: string; by: string } | null {
    const rooms = this.board.rooms();
    const roster = this.workspace.roster;
    const copy = shownCopy(rooms, roster, ENTITIES, entityId);
    if (!copy) return null;
    this.index.refresh();
    const addedBy = this.index.added.addedBy(copy.compartmentId, entityId, roster);
    if (!addedBy) return null;
    const claims = this.linkedEntries().get(entityId) ?? [];
    // The step's organization must be the entry's: a link to one organization makes entries of that one.
    const org = str(copy.fact, 'org');
    const proven = claims.find((c) => c.stepBy === addedBy && c.orgId === org);
    return proven ? { reportId: proven.reportId, by: proven.by } : null;
  }

  /** Where this member may file: compartments it holds and writes in, the default (core, else first) first. */
  fileTargets(): Array<{ compartmentId: string; title: string; marking: string }> {
    const core = coreCompartmentId(this.workspace.workspaceId);
    const me = this.workspace.me;
    const out = this.compartmentViews()
      .filter((v) => this.workspace.room(v.compartmentId) && mayWrite(this.workspace.roster, me, v.compartmentId))
      .map((v) => ({
        compartmentId: v.compartmentId,
        title: v.title ?? v.compartmentId,
        marking: v.marking ?? v.compartmentId,
      }));
    const i = out.findIndex((t) => t.compartmentId === core);
    if (i > 0) out.unshift(...out.splice(i, 1));
    return out;
  }

  /**
   * Hears every change of a report, a step, an entry or an organization in the rooms held (not the
   * roster's), from the first read or `prepare` on: what changed before is in that first read.
   * Listening alone builds nothing, so a screen can listen before the index is built in slices.
   */
  onChange(listener: () => void): () => void {
    return this.index.onChange(listener);
  }

  /**
   * Builds (or brings up to date) the match index in slices of about `sliceMs` by `clock`, awaiting
   * `pause()` between them, so a year-sized board's first build (hundreds of milliseconds) never
   * holds the page. True once built; false if `signal` aborted first (what was taken in stays). Any
   * read meanwhile finishes the build at once: no answer is read from a half-built index.
   */
  async prepare({ pause, signal, sliceMs = 8, clock = () => performance.now() }: PrepareOptions): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const until = clock() + sliceMs;
      if (this.index.refreshSome(() => clock() >= until)) return true;
      await pause();
    }
  }

  destroy(): void {
    this.index.destroy();
  }

  /** Adds the report's identifiers missing from the organization's network; returns their room and the new entries' ids. */
  private linkEntries(report: RoomReport, orgId: string): { target: string; entityIds: string[] } {
    const card = this.board.card(orgId);
    if (!card) throw new Error(`no organization ${orgId} is shown here`);
    const roster = this.workspace.roster;
    const target = meet(roster, report.compartmentId, card.compartmentId);
    if (!target)
      throw new Error('the report and the organization are in two restricted compartments: no compartment fits both');
    this.writableDoc(target, 'you may not write in the compartment the new entries would go to');
    const known = this.board
      .network(orgId)
      .entities.flatMap((e) => entityIdentifiers(e))
      .flatMap((i) => identifierKey(i.kind, i.value) ?? []);
    const made: string[] = [];
    for (const ident of report.identifiers) {
      const key = identifierKey(ident.kind, ident.value);
      if (key === null || known.some((k) => keysMatch(k, key))) continue;
      const name = displayIdentifier(ident.kind, ident.value);
      made.push(this.board.addEntityIn(orgId, { kind: ENTITY_KIND_OF[ident.kind], name, detail: '' }, target));
      known.push(key);
    }
    return { target, entityIds: made };
  }

  /** Entry id → the reports whose valid `link` steps list it, with each step's signer. */
  private linkedEntries(): Map<string, Array<{ reportId: string; orgId: string; stepBy: string; by: string }>> {
    const version = this.index.reportsVersion;
    if (this.sources?.version === version) return this.sources.byEntity;
    const byEntity = new Map<string, Array<{ reportId: string; orgId: string; stepBy: string; by: string }>>();
    for (const r of this.index.reports())
      for (const s of r.steps)
        if (s.step === 'link')
          for (const e of s.entityIds ?? [])
            byEntity.set(e, [
              ...(byEntity.get(e) ?? []),
              { reportId: r.id, orgId: s.orgId ?? '', stepBy: s.by, by: r.by },
            ]);
    this.sources = { version, byEntity };
    return byEntity;
  }

  private match(own: Occurrence, other: Occurrence): ReportMatch {
    return {
      identifier: { kind: own.kind, value: own.text },
      orgId: other.orgId,
      reportId: other.reportId,
      factId: other.factId,
      text: other.text,
      addedBy: this.addedBy(other),
      compartmentId: other.compartmentId,
    };
  }

  /** Who signed the entry's `added` record, or the report; null if unproven. */
  private addedBy(o: Occurrence): string | null {
    if (o.reportId !== null) return this.index.report(o.reportId)?.by ?? null;
    return this.index.added.addedBy(o.compartmentId, o.factId, this.workspace.roster);
  }

  private placed(r: RoomReport): FieldReport {
    return { ...r, marking: this.board.marking(r.compartmentId) };
  }

  private writableDoc(compartmentId: string, refusal: string): Y.Doc {
    const room = this.workspace.room(compartmentId);
    if (!room || !mayWrite(this.workspace.roster, this.workspace.me, compartmentId)) throw new Error(refusal);
    return room.document(WORKSPACE_DOC_ID);
  }
}
