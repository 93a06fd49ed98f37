import type * as Y from 'yjs';

import {
  addEntity,
  addLink,
  addOrganization,
  addOutcome,
  BoardIndex,
  createBoardUndo,
  findFact,
  lanes,
  moveOrganization,
  provenanceOf,
  removeEntity,
  removeLink,
  removeOrganization,
  removeOutcome,
  setLanes,
  updateEntity,
  updateOrganization,
  updateOutcome,
} from '../model';
import type {
  AuthorOf,
  BoardLane,
  Card,
  EntityFields,
  NetworkEntity,
  NetworkLink,
  OrganizationFields,
  Outcome,
  OutcomeFields,
  Provenance,
} from '../model';

/**
 * The board of an open workspace: what it shows, read through one BoardIndex kept current edit by
 * edit, and the edits a member makes, each one model operation (one transaction, one undo step).
 */
export class BoardApi {
  private readonly index: BoardIndex;

  constructor(
    private readonly doc: Y.Doc,
    /** Who signed the envelopes that carried a Yjs client's edits (provenance). */
    private readonly authorOf: AuthorOf,
    private readonly now: () => number,
  ) {
    this.index = new BoardIndex(doc);
  }

  /** Lanes in order, each with its cards in order; what did not change keeps its identity. */
  read(): BoardLane[] {
    return this.index.read();
  }

  card(id: string): Card | undefined {
    return this.index.card(id);
  }

  /** The organization's name, or '' if there is no such organization. */
  organizationName(id: string): string {
    return this.index.card(id)?.name ?? '';
  }

  /** Cards holding every word of `text`, in board order, at most `limit`. */
  search(text: string, limit?: number): Card[] {
    return this.index.search(text, limit);
  }

  /** Organizations and network entries whose name holds `text` (for "@" mentions). */
  named(text: string, limit: number): Array<{ card: Card; entity?: NetworkEntity }> {
    return this.index.named(text, limit);
  }

  network(org: string): { entities: NetworkEntity[]; links: NetworkLink[] } {
    return this.index.network(org);
  }

  outcomes(org: string): Outcome[] {
    return this.index.outcomes(org);
  }

  lanes(): string[] {
    return lanes(this.doc);
  }

  /** Who added a fact (organization, entry, link, outcome) and who last changed it, by signature. */
  provenance(map: string, id: string): Provenance | null {
    const fact = findFact(this.doc, map, id);
    return fact ? provenanceOf(fact, this.authorOf) : null;
  }

  /** Undo and redo of this member's own board edits (see createBoardUndo). */
  createUndo(): Y.UndoManager {
    return createBoardUndo(this.doc);
  }

  addOrganization(input: Partial<OrganizationFields> & { name: string; lane?: string }): string {
    return addOrganization(this.doc, input, this.now());
  }

  updateOrganization(id: string, patch: Partial<OrganizationFields>): void {
    updateOrganization(this.doc, id, patch, this.now());
  }

  moveOrganization(id: string, to: { lane: string; index?: number }): void {
    moveOrganization(this.doc, id, to, this.now());
  }

  removeOrganization(id: string): void {
    removeOrganization(this.doc, id);
  }

  setLanes(next: string[], renamed?: Record<string, string>): void {
    setLanes(this.doc, next, renamed, this.now());
  }

  addEntity(org: string, input: EntityFields): string {
    return addEntity(this.doc, org, input, this.now());
  }

  updateEntity(id: string, patch: Partial<EntityFields>): void {
    updateEntity(this.doc, id, patch, this.now());
  }

  removeEntity(id: string): void {
    removeEntity(this.doc, id);
  }

  addLink(input: { from: string; to: string; label: string }): string {
    return addLink(this.doc, input, this.now());
  }

  removeLink(id: string): void {
    removeLink(this.doc, id);
  }

  addOutcome(org: string, input: OutcomeFields): string {
    return addOutcome(this.doc, org, input, this.now());
  }

  updateOutcome(id: string, patch: Partial<OutcomeFields>): void {
    updateOutcome(this.doc, id, patch, this.now());
  }

  removeOutcome(id: string): void {
    removeOutcome(this.doc, id);
  }

  destroy(): void {
    this.index.destroy();
  }
}
