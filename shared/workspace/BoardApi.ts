import * as Y from 'yjs';

import {
  boundsOf,
  FACT_MAPS,
  mayWrite,
  MergedBoard,
  moveFacts,
  narrowerOrSame,
  provenanceOfFact,
  shownCopy,
  signAdded,
  undoMove,
  withinBounds,
} from '../compartments';
import type {
  BoardReport,
  Copy,
  MergedCard,
  MergedEntity,
  MergedLane,
  MergedLink,
  MergedOutcome,
  MoveResult,
  Rooms,
} from '../compartments';
import type { Identity } from '../crypto';
import {
  CHANGES,
  changeBodyOf,
  entitySummary,
  fieldText,
  linkSummary,
  outcomeSummary,
  signChange,
  subjectOf,
} from '../history';
import type { ChangeEvent } from '../history';
import { compartmentsOf, coreCompartmentId } from '../membership';
import type { Compartment, CompartmentView } from '../membership';
import {
  addEntity,
  addEntityFact,
  addLink,
  addOrganization,
  addOutcome,
  createBoardUndo,
  DEFAULT_LANES,
  ENTITIES,
  lanes,
  LINKS,
  moveOrganization,
  namedOn,
  ORGS,
  OUTCOMES,
  provenanceOf,
  readEntity,
  readRecord,
  readOrganization,
  readOutcome,
  removeEntity,
  removeLink,
  removeOrganization,
  removeOutcome,
  setLanes,
  str,
  updateEntity,
  updateOrganization,
  updateOutcome,
} from '../model';
import type { EntityFields, OrganizationFields, OutcomeFields, Provenance } from '../model';
import { WORKSPACE_DOC_ID } from '../protocol';
import type { SecureWorkspace } from '../sync';

/** The organization fields whose change is logged as 'field' (lane and threat have kinds of their own). */
const LOGGED_FIELDS = ['name', 'aliases', 'activities', 'sectors', 'cities', 'leadAgency', 'status', 'summary'];

/** A compartment a fact may be moved to, as the release menu lists it. */
export interface ReleaseTarget {
  compartmentId: string;
  title: string;
  marking: string;
  kind: Compartment['kind'];
}

/** Who moved a fact last, when, and where to (from its signed `moved` record). */
export interface Released {
  memberId: string;
  at: number;
  to: string;
}

/** A fact's provenance: who added it (its signed `added` record, else the signed edit), who changed and released it. */
export type FactProvenanceView = Provenance & { releasedBy: Released | null };

/** A read-only merged board ("View as …"): what members of those compartments alone would see. */
export interface ReadOnlyBoard {
  read(): MergedLane[];
  card(id: string): MergedCard | undefined;
  network(org: string): { entities: MergedEntity[]; links: MergedLink[] };
  outcomes(org: string): MergedOutcome[];
  search(text: string, limit?: number): MergedCard[];
  destroy(): void;
}

/**
 * The board of an open workspace (ADR 0012 §6): every room this member holds, read through one
 * MergedBoard; each fact carries the compartment its shown copy lives in and that compartment's
 * marking. Edits go to a room: an addition to the room of the fact's organization (signed as
 * `added` there), a change or removal to the room of the copy shown, a release is a move
 * (moveFacts). Each edit is one transaction of one room, one undo step.
 */
export class BoardApi {
  private board: MergedBoard | null = null;
  private openRooms = new Set<string>();
  private seenRoster: unknown = null;
  private labelCache: Map<string, CompartmentView> | null = null;
  private labelRoster: unknown = null;
  private lastMove: MoveResult | null = null;

  constructor(
    private readonly workspace: SecureWorkspace,
    private readonly identity: Identity,
    private readonly now: () => number,
    /** The compartments this member is in, labels opened (WorkspaceApi.compartments). */
    private readonly compartmentViews: () => CompartmentView[],
  ) {}

  /** Compartment id → its room's `workspace` document, for each room open now. */
  rooms(): Rooms {
    const out = new Map<string, Y.Doc>();
    for (const [c, room] of this.workspace.rooms()) out.set(c, room.document(WORKSPACE_DOC_ID));
    return out;
  }

  /** Lanes in order, each with its cards in order; what did not change keeps its identity. */
  read(): MergedLane[] {
    return this.merged().read();
  }

  card(id: string): MergedCard | undefined {
    return this.merged().card(id);
  }

  /** The organization's name, or '' if there is no such organization shown. */
  organizationName(id: string): string {
    return this.card(id)?.name ?? '';
  }

  /** Cards holding every word of `text`, in board order, at most `limit`. */
  search(text: string, limit?: number): MergedCard[] {
    return this.merged().search(text, limit);
  }

  /** Organizations and network entries whose name holds `text` (for "@" mentions). */
  named(text: string, limit: number): Array<{ card: MergedCard; entity?: MergedEntity }> {
    return namedOn(this.read(), (org) => this.network(org).entities, text, limit);
  }

  network(org: string): { entities: MergedEntity[]; links: MergedLink[] } {
    return this.merged().network(org);
  }

  outcomes(org: string): MergedOutcome[] {
    return this.merged().outcomes(org);
  }

  /** The map of a fact this member holds a live copy of (organizations, entries, links, outcomes, notes), or null. */
  mapOf(factId: string): string | null {
    const rooms = this.rooms();
    return FACT_MAPS.find((map) => shownCopy(rooms, this.workspace.roster, map, factId)) ?? null;
  }

  /** Every fact the board shows, in board order, each with its map, compartment and marking (for export). */
  shownFacts(): Array<{ map: string } & (MergedCard | MergedEntity | MergedLink | MergedOutcome)> {
    const out: Array<{ map: string } & (MergedCard | MergedEntity | MergedLink | MergedOutcome)> = [];
    for (const card of this.read().flatMap((l) => l.cards)) {
      out.push({ map: ORGS, ...card });
      const { entities, links } = this.network(card.id);
      for (const e of entities) out.push({ map: ENTITIES, ...e });
      for (const l of links) out.push({ map: LINKS, ...l });
      for (const o of this.outcomes(card.id)) out.push({ map: OUTCOMES, ...o });
    }
    return out;
  }

  /** Live facts the board does not show: broader than their organization, or parked. */
  reports(): BoardReport[] {
    return this.merged().reports();
  }

  /** Facts stranded between two restricted compartments, waiting for a person to move or delete them. */
  parked(): BoardReport[] {
    return this.reports().filter((r) => r.code === 'parked');
  }

  lanes(): string[] {
    const doc = this.defaultDoc();
    return doc ? lanes(doc) : [...DEFAULT_LANES];
  }

  /** The marking a compartment carries ("TLP:AMBER — REL TO …"), or its id while its label is not open here. */
  marking(compartmentId: string): string {
    return this.labels().get(compartmentId)?.marking ?? compartmentId;
  }

  /**
   * The compartments this fact may be moved to: those this member holds and may write in that the
   * rule allows (≤ its organization's, and a link's ends'; any for an organization), the current one first.
   */
  releaseTargets(map: string, factId: string): ReleaseTarget[] {
    const rooms = this.rooms();
    const roster = this.workspace.roster;
    const copy = shownCopy(rooms, roster, map, factId);
    if (!copy) return [];
    const bounds = boundsOf(rooms, roster, map, copy.fact) ?? [];
    const me = this.workspace.me;
    const out: ReleaseTarget[] = [];
    for (const view of this.labels().values()) {
      const c = view.compartmentId;
      if (c !== copy.compartmentId && (!rooms.has(c) || !mayWrite(roster, me, c))) continue;
      if (!withinBounds(roster, c, bounds)) continue;
      const target = { compartmentId: c, title: view.title ?? c, marking: view.marking ?? c, kind: view.kind };
      if (c === copy.compartmentId) out.unshift(target);
      else out.push(target);
    }
    return out;
  }

  /** Moves a fact (and what must go with it) to `compartmentId`: one step; throws the rule's sentence if refused. */
  release(map: string, factId: string, compartmentId: string): MoveResult {
    const rooms = this.rooms();
    const copy = shownCopy(rooms, this.workspace.roster, map, factId);
    if (!copy)
      throw new Error(`no fact ${factId} here: it may have been removed, or it lives in a compartment you do not hold`);
    const result = moveFacts(rooms, this.workspace.roster, this.identity, [factId], compartmentId, this.now());
    this.lastMove = result;
    this.forgetMoved(rooms, result);
    return result;
  }

  /**
   * A fact that left a room for one not at least as broad takes its change records out of the old room:
   * they are released exactly as widely as the fact (S8). The guards let them go, as the fact's copy there
   * is now a tombstone. Widening keeps them where they were, for the readers of the narrower room.
   */
  private forgetMoved(rooms: Rooms, result: MoveResult): void {
    const roster = this.workspace.roster;
    const leaving = new Map<string, Set<string>>();
    for (const m of result.moved)
      if (!narrowerOrSame(roster, m.from, m.to)) leaving.set(m.from, (leaving.get(m.from) ?? new Set()).add(m.id));
    for (const [from, ids] of leaving) {
      const doc = rooms.get(from);
      if (!doc) continue;
      const records = doc.getMap<unknown>(CHANGES);
      const gone: string[] = [];
      records.forEach((value, key) => {
        const record = readRecord(key, value);
        const body = record ? changeBodyOf(record, roster, from) : null;
        if (body && ids.has(subjectOf(body).id)) gone.push(key);
      });
      if (gone.length > 0) doc.transact(() => gone.forEach((key) => records.delete(key)));
    }
  }

  /** Moves back what this member's last release moved, as one step; false if there is none. */
  undoRelease(): boolean {
    const last = this.lastMove;
    if (!last) return false;
    const rooms = this.rooms();
    undoMove(rooms, this.workspace.roster, this.identity, last, this.now());
    this.forgetMoved(rooms, { moved: last.moved.map((m) => ({ ...m, from: m.to, to: m.from })) });
    this.lastMove = null;
    return true;
  }

  /** Who added a fact, who last changed it and who last moved it: by signed records where they exist. */
  provenance(map: string, id: string): FactProvenanceView | null {
    const rooms = this.rooms();
    const roster = this.workspace.roster;
    const copy = shownCopy(rooms, roster, map, id);
    if (!copy) return null;
    const authorOf = (client: number) =>
      this.workspace.room(copy.compartmentId)?.authorOf(WORKSPACE_DOC_ID, client) ?? null;
    const edits = provenanceOf(copy.fact, authorOf);
    const records = provenanceOfFact(rooms.get(copy.compartmentId)!, roster, id);
    const added = records.added;
    const last = records.moves[records.moves.length - 1];
    return {
      ...edits,
      addedBy: added?.by ?? edits.addedBy,
      addedAt: added?.at ?? edits.addedAt,
      releasedBy: last ? { memberId: last.by, at: last.at, to: last.to } : null,
    };
  }

  /** A read-only board over these compartments' rooms alone (of those this member holds), for "View as …". */
  viewAs(compartmentIds: readonly string[]): ReadOnlyBoard {
    const rooms = this.rooms();
    const only = new Map([...rooms].filter(([c]) => compartmentIds.includes(c)));
    return new MergedBoard(only, this.workspace.roster, this.workspace.me, (c) => this.marking(c));
  }

  /**
   * Undo and redo of this member's own board edits in its default room (see createBoardUndo). An undo
   * or redo that changes an organization (its lane, threat or fields; the card itself brought back or
   * taken away) is logged like the edit it reverses, so the card's history explains it (ADR 0016).
   */
  createUndo(): Y.UndoManager {
    const c = this.defaultCompartment();
    const doc = this.defaultDoc();
    if (!c || !doc) throw new Error('this member holds no room');
    const undo = createBoardUndo(doc);
    const orgs = doc.getMap<unknown>(ORGS);
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
      if (tr.origin !== undo) return;
      const log: Array<[string, ChangeEvent]> = [];
      for (const event of events) {
        if (event.target === orgs) {
          for (const [orgId, ch] of event.changes.keys) {
            const fact = orgs.get(orgId);
            if (ch.action === 'delete') log.push([orgId, { kind: 'deleted' }]);
            else if (ch.action === 'add' && fact instanceof Y.Map)
              log.push([orgId, { kind: 'created', lane: str(fact, 'lane'), threat: str(fact, 'threat') }]);
          }
        } else if (event.path.length === 1 && typeof event.path[0] === 'string' && event.target instanceof Y.Map) {
          const orgId = event.path[0];
          for (const [key, ch] of event.changes.keys) {
            const [was, now] = [fieldText(ch.oldValue), fieldText(event.target.get(key))];
            if (was === now) continue;
            if (key === 'lane' || key === 'threat') log.push([orgId, { kind: key, from: was, to: now }]);
            else if (LOGGED_FIELDS.includes(key)) log.push([orgId, { kind: 'field', field: key, value: now }]);
          }
        }
      }
      if (log.length === 0) return;
      const at = this.now();
      doc.transact(() => {
        for (const [orgId, change] of log) this.logChange(doc, c, orgId, at, change);
      });
    };
    orgs.observeDeep(observer);
    const destroy = undo.destroy.bind(undo);
    undo.destroy = () => {
      orgs.unobserveDeep(observer);
      destroy();
    };
    return undo;
  }

  /**
   * Adds an organization in `compartmentId` (by default the core for a core member, else this
   * partner's first compartment) and signs that this member added it.
   */
  addOrganization(
    input: Partial<OrganizationFields> & { name: string; lane?: string; compartmentId?: string },
  ): string {
    const { compartmentId, ...fields } = input;
    const c = compartmentId ?? this.defaultCompartment();
    if (!c) throw new Error('this member holds no compartment to add in');
    const doc = this.writable(c);
    return this.added(
      doc,
      c,
      ORGS,
      '',
      () => addOrganization(doc, fields, this.now()),
      (orgId) => {
        const org = this.factIn(doc, ORGS, orgId);
        return { kind: 'created', lane: str(org, 'lane'), threat: str(org, 'threat') };
      },
    );
  }

  /** Changes fields of an organization; each changed field is logged (a threat as from → to), in the same step. */
  updateOrganization(id: string, patch: Partial<OrganizationFields>): void {
    const { doc, c } = this.shownRoom(ORGS, id);
    const at = this.now();
    doc.transact(() => {
      const before = readOrganization(id, this.factIn(doc, ORGS, id));
      updateOrganization(doc, id, patch, at);
      const after = readOrganization(id, this.factIn(doc, ORGS, id));
      for (const key of Object.keys(patch) as Array<keyof OrganizationFields>) {
        const [was, now] = [fieldText(before[key]), fieldText(after[key])];
        if (was === now) continue;
        this.logChange(
          doc,
          c,
          id,
          at,
          key === 'threat'
            ? { kind: 'threat', from: was, to: now }
            : {
                kind: 'field',
                field: key,
                value: now,
              },
        );
      }
    });
  }

  /** Moves a card; a move to another lane is logged in the same step (a reorder within its lane is not a change). */
  moveOrganization(id: string, to: { lane: string; index?: number }): void {
    const { doc, c } = this.shownRoom(ORGS, id);
    const at = this.now();
    doc.transact(() => {
      const from = str(this.factIn(doc, ORGS, id), 'lane');
      moveOrganization(doc, id, to, at);
      if (from !== to.lane) this.logChange(doc, c, id, at, { kind: 'lane', from, to: to.lane });
    });
  }

  removeOrganization(id: string): void {
    const { doc, c } = this.shownRoom(ORGS, id);
    doc.transact(() => {
      removeOrganization(doc, id);
      this.logChange(doc, c, id, this.now(), { kind: 'deleted' });
    });
  }

  /** The lanes, in the core room (admins copy them into the other rooms). */
  setLanes(next: string[], renamed?: Record<string, string>): void {
    const c = this.defaultCompartment();
    const doc = this.defaultDoc();
    if (!c || !doc) throw new Error('this member holds no room');
    const at = this.now();
    doc.transact(() => {
      const before = new Map<string, string>();
      for (const [id, fact] of doc.getMap<unknown>(ORGS)) if (fact instanceof Y.Map) before.set(id, str(fact, 'lane'));
      setLanes(doc, next, renamed, at);
      // Cards follow a renamed lane: not a move, but their new value is explained by a record (ADR 0016).
      for (const [id, from] of before) {
        const fact = doc.getMap<unknown>(ORGS).get(id);
        const to = fact instanceof Y.Map ? str(fact, 'lane') : from;
        if (to !== from) this.logChange(doc, c, id, at, { kind: 'lane', from, to, rename: true });
      }
    });
  }

  addEntity(org: string, input: EntityFields): string {
    const { doc, c } = this.shownRoom(ORGS, org);
    return this.added(
      doc,
      c,
      ENTITIES,
      org,
      () => addEntity(doc, org, input, this.now()),
      (id) => this.factChange('added', doc, ENTITIES, id),
    );
  }

  /**
   * Adds an entry of `org` in compartment `compartmentId` (a field report's link), signed as added
   * there. The compartment must be ≤ the organization's (never broader: S8) and one this member writes in.
   */
  addEntityIn(org: string, input: EntityFields, compartmentId: string): string {
    const orgCopy = this.shown(ORGS, org);
    if (!withinBounds(this.workspace.roster, compartmentId, [orgCopy.compartmentId]))
      throw new Error('an entry cannot be broader than its organization: choose a narrower compartment');
    const doc = this.writable(compartmentId);
    return this.added(
      doc,
      compartmentId,
      ENTITIES,
      org,
      () => addEntityFact(doc, org, input, this.now()),
      (id) => this.factChange('added', doc, ENTITIES, id),
    );
  }

  updateEntity(id: string, patch: Partial<EntityFields>): void {
    updateEntity(this.shownDoc(ENTITIES, id), id, patch, this.now());
  }

  removeEntity(id: string): void {
    this.removed(ENTITIES, id, (doc) => removeEntity(doc, id));
  }

  /** Links two entries, in the room of its ends (which must share one), signed as added there. */
  addLink(input: { from: string; to: string; label: string }): string {
    const { doc, c } = this.shownRoom(ENTITIES, input.from);
    const org = str(this.shown(ENTITIES, input.from).fact, 'org');
    return this.added(
      doc,
      c,
      LINKS,
      org,
      () => addLink(doc, input, this.now()),
      (id) => this.factChange('added', doc, LINKS, id),
    );
  }

  removeLink(id: string): void {
    this.removed(LINKS, id, (doc) => removeLink(doc, id));
  }

  addOutcome(org: string, input: OutcomeFields): string {
    const { doc, c } = this.shownRoom(ORGS, org);
    return this.added(
      doc,
      c,
      OUTCOMES,
      org,
      () => addOutcome(doc, org, input, this.now()),
      (id) => this.factChange('added', doc, OUTCOMES, id),
    );
  }

  updateOutcome(id: string, patch: Partial<OutcomeFields>): void {
    updateOutcome(this.shownDoc(OUTCOMES, id), id, patch, this.now());
  }

  removeOutcome(id: string): void {
    this.removed(OUTCOMES, id, (doc) => removeOutcome(doc, id));
  }

  destroy(): void {
    this.board?.destroy();
    this.board = null;
  }

  /** The merged board, brought up to the rooms open now and the current roster. */
  private merged(): MergedBoard {
    const rooms = this.rooms();
    const roster = this.workspace.roster;
    if (!this.board) {
      this.board = new MergedBoard(rooms, roster, this.workspace.me, (c) => this.marking(c));
      this.seenRoster = roster;
      this.openRooms = new Set(rooms.keys());
      return this.board;
    }
    for (const c of this.openRooms) {
      if (rooms.has(c)) continue;
      this.board.removeRoom(c);
      this.openRooms.delete(c);
    }
    for (const [c, doc] of rooms) {
      if (this.openRooms.has(c)) continue;
      this.board.addRoom(c, doc);
      this.openRooms.add(c);
    }
    if (roster !== this.seenRoster) {
      this.seenRoster = roster;
      this.board.setRoster(roster);
    }
    return this.board;
  }

  private labels(): Map<string, CompartmentView> {
    const roster = this.workspace.roster;
    if (!this.labelCache || this.labelRoster !== roster) {
      this.labelCache = new Map(this.compartmentViews().map((v) => [v.compartmentId, v]));
      this.labelRoster = roster;
    }
    return this.labelCache;
  }

  /** Where this member adds by default: the core if it is in it, else its first compartment. */
  private defaultCompartment(): string | null {
    const core = coreCompartmentId(this.workspace.workspaceId);
    const mine = compartmentsOf(this.workspace.roster, this.workspace.me).filter((c) => this.workspace.room(c));
    return mine.includes(core) ? core : (mine[0] ?? null);
  }

  private defaultDoc(): Y.Doc | null {
    const c = this.defaultCompartment();
    return c ? (this.workspace.room(c)?.document(WORKSPACE_DOC_ID) ?? null) : null;
  }

  private writable(compartmentId: string): Y.Doc {
    const room = this.workspace.room(compartmentId);
    if (!room) throw new Error('you do not hold that compartment');
    if (!mayWrite(this.workspace.roster, this.workspace.me, compartmentId))
      throw new Error('you may not write in that compartment');
    return room.document(WORKSPACE_DOC_ID);
  }

  private shown(map: string, id: string): Copy {
    const copy = shownCopy(this.rooms(), this.workspace.roster, map, id);
    if (!copy) throw new Error(`no ${map === ORGS ? 'organization' : 'fact'} ${id} here`);
    return copy;
  }

  /** The room document of the copy shown (where a change or removal goes). */
  private shownDoc(map: string, id: string): Y.Doc {
    return this.shownRoom(map, id).doc;
  }

  /** The room of the copy shown, and its `workspace` document (writable by this member). */
  private shownRoom(map: string, id: string): { doc: Y.Doc; c: string } {
    const c = this.shown(map, id).compartmentId;
    return { doc: this.writable(c), c };
  }

  private factIn(doc: Y.Doc, map: string, id: string): Y.Map<unknown> {
    const fact = doc.getMap<unknown>(map).get(id);
    if (!(fact instanceof Y.Map)) throw new Error(`no fact ${id} here`);
    return fact as Y.Map<unknown>;
  }

  /**
   * Runs an addition and signs its `added` record and its change record (ADR 0016) in the same
   * transaction of the same room: the edit and the proof of who made it travel in one envelope.
   */
  private added(
    doc: Y.Doc,
    compartmentId: string,
    map: string,
    org: string,
    add: () => string,
    change: (id: string) => ChangeEvent,
  ): string {
    let id = '';
    doc.transact(() => {
      id = add();
      const at = this.now();
      signAdded(doc, this.workspace.workspaceId, this.identity, { factId: id, map, org }, at);
      this.logChange(doc, compartmentId, map === ORGS ? id : org, at, change(id));
    });
    return id;
  }

  /** Removes a network entry, link or outcome and logs what it was, in one step of its room. */
  private removed(map: 'entities' | 'links' | 'outcomes', id: string, remove: (doc: Y.Doc) => void): void {
    const { doc, c } = this.shownRoom(map, id);
    doc.transact(() => {
      const org = str(this.factIn(doc, map, id), 'org');
      const change = this.factChange('removed', doc, map, id);
      remove(doc);
      this.logChange(doc, c, org, this.now(), change);
    });
  }

  /** An added or removed fact as its change record says it, with the card's one-line summary of it. */
  private factChange(kind: 'added' | 'removed', doc: Y.Doc, map: string, factId: string): ChangeEvent {
    const fact = this.factIn(doc, map, factId);
    let summary: string;
    if (map === ENTITIES) summary = entitySummary(readEntity(factId, fact));
    else if (map === OUTCOMES) summary = outcomeSummary(readOutcome(factId, fact));
    else {
      // A link's ends may sit in a broader room than the link: their names as this member's board shows them.
      const name = (end: string) =>
        this.network(str(fact, 'org')).entities.find((e) => e.id === end)?.name ?? 'an entry';
      summary = linkSummary(name(str(fact, 'from')), str(fact, 'label'), name(str(fact, 'to')));
    }
    return { kind, map: map as 'entities' | 'links' | 'outcomes', factId, summary };
  }

  private logChange(doc: Y.Doc, compartmentId: string, orgId: string, at: number, change: ChangeEvent): void {
    signChange(doc, this.identity, { workspaceId: this.workspace.workspaceId, compartmentId, orgId, at, change });
  }
}
