import { provenanceOfFact, shownCopy } from '../compartments';
import type { Copy } from '../compartments';
import { newestFirst, RoomChanges } from '../history';
import type { ChangeEntry } from '../history';
import { fieldAuthor, num, ORGS, str } from '../model';
import { WORKSPACE_DOC_ID } from '../protocol';
import type { SecureWorkspace } from '../sync';
import type { BoardApi } from './BoardApi';

/** The fields whose every change an honest client logs and a reader checks against the log. */
const WATCHED = ['lane', 'threat'] as const;

/**
 * A card's history and the board's "what changed since" (issue 16, ADR 0016), from the signed change
 * records of every room this member holds: each entry is what its signer claims, bound to them. A
 * card whose lane or threat differs from what its log says last was changed without a record (a
 * patched client): that shows as one 'unlogged' entry naming the author of the value it holds.
 */
export class HistoryApi {
  private readonly rooms = new Map<string, RoomChanges>();
  private readonly listeners = new Set<() => void>();
  private roster: unknown = null;

  constructor(
    private readonly workspace: SecureWorkspace,
    private readonly board: BoardApi,
  ) {}

  /** Organization `orgId`'s changes at or after `since` (all by default), newest first. */
  forOrganization(orgId: string, since = 0): ChangeEntry[] {
    this.refresh();
    const signed = this.signedOf(orgId);
    const copy = shownCopy(this.board.rooms(), this.workspace.roster, ORGS, orgId);
    const unlogged = copy ? this.unlogged(orgId, copy, signed) : [];
    return [...signed, ...unlogged].filter((e) => e.at >= since).sort(newestFirst);
  }

  /** Every change of the board between `from` and `to` (inclusive; no end by default), newest first. */
  since(from: number, to = Number.POSITIVE_INFINITY): ChangeEntry[] {
    this.refresh();
    const signed = [...this.rooms.values()].flatMap((r) => r.between(from, to));
    const rooms = this.board.rooms();
    const roster = this.workspace.roster;
    const unlogged: ChangeEntry[] = [];
    for (const card of this.board.read().flatMap((lane) => lane.cards)) {
      const copy = shownCopy(rooms, roster, ORGS, card.id);
      // An unlogged entry carries the card's own stamp: a card last stamped outside the window has none in it.
      const stamp = copy ? (num(copy.fact, 'at') ?? 0) : -1;
      if (!copy || stamp < from || stamp > to) continue;
      unlogged.push(...this.unlogged(card.id, copy, this.signedOf(card.id)));
    }
    return [...signed, ...unlogged].sort(newestFirst);
  }

  /** Hears every change of a change log in the rooms held (the cards' own edits come through the board's listeners). */
  onChange(listener: () => void): () => void {
    this.refresh();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
    this.listeners.clear();
  }

  /**
   * For the lane and the threat: if the card's current value is not what the last signed record
   * (by the signer's clock, ties by id) says it became, one entry naming who wrote the value held.
   */
  private unlogged(orgId: string, copy: Copy, signed: readonly ChangeEntry[]): ChangeEntry[] {
    const out: ChangeEntry[] = [];
    for (const field of WATCHED) {
      const current = str(copy.fact, field);
      // What each record says the field became.
      const said = signed.flatMap((e) => {
        const c = e.change;
        const to = c.kind === field ? c.to : c.kind === 'created' ? c[field] : undefined;
        return to === undefined ? [] : [{ e, to }];
      });
      // Records of one instant cannot be ordered: if any of the newest says the value held, it is
      // logged. At one instant a change comes after the creation.
      const newestAt = Math.max(...said.map(({ e }) => e.at));
      const top = said.filter(({ e }) => e.at === newestAt);
      const changes = top.filter(({ e }) => e.change.kind !== 'created');
      const last = (changes.length > 0 ? changes : top).sort((a, b) => newestFirst(a.e, b.e));
      const logged = last.some(({ to }) => to === current) ? current : (last[0]?.to ?? null);
      if (logged === current || this.movedHere(orgId, copy.compartmentId, said.length > 0 ? newestAt : null)) continue;
      const authorOf = (client: number) =>
        this.workspace.room(copy.compartmentId)?.authorOf(WORKSPACE_DOC_ID, client) ?? null;
      out.push({
        id: `unlogged:${orgId}:${field}`,
        orgId,
        compartmentId: copy.compartmentId,
        by: fieldAuthor(copy.fact, field, authorOf) ?? '',
        at: num(copy.fact, 'at') ?? 0,
        change: { kind: field, from: logged ?? '', to: current },
        proof: 'unlogged',
      });
    }
    return out;
  }

  /**
   * Whether the card's copy here was written by a signed move into this room no older than its newest
   * record (`newestAt`, null if none): a card narrowed leaves its history in its old room (S8), and
   * the mover's signed `moved` record then accounts for the values it carried.
   */
  private movedHere(orgId: string, compartmentId: string, newestAt: number | null): boolean {
    const doc = this.board.rooms().get(compartmentId);
    if (!doc) return false;
    const moves = provenanceOfFact(doc, this.workspace.roster, orgId).moves.filter((m) => m.to === compartmentId);
    return moves.some((m) => newestAt === null || m.at >= newestAt);
  }

  /** The valid records about `orgId` in every room held. */
  private signedOf(orgId: string): ChangeEntry[] {
    return [...this.rooms.values()].flatMap((r) => r.forOrganization(orgId));
  }

  /** Brings the per-room logs up to the rooms open now and the current roster. */
  private refresh(): void {
    const open = this.board.rooms();
    const roster = this.workspace.roster;
    for (const [c, room] of [...this.rooms]) {
      if (open.get(c) === room.document) continue;
      room.destroy();
      this.rooms.delete(c);
    }
    for (const [c, doc] of open)
      if (!this.rooms.has(c)) this.rooms.set(c, new RoomChanges(doc, c, roster, () => this.changed()));
    if (roster !== this.roster) {
      if (this.roster !== null) for (const room of this.rooms.values()) room.setRoster(roster);
      this.roster = roster;
    }
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
