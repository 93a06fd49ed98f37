import type * as Y from 'yjs';

import { compartmentMembers, coreCompartmentId } from '../membership';
import type { Roster } from '../membership';
import {
  DEFAULT_LANES,
  ENTITIES,
  facts,
  LINKS,
  lanes,
  matchesFilter,
  NOTES,
  ORGS,
  OUTCOMES,
  readEntity,
  readOrganization,
  readOutcome,
  str,
} from '../model';
import type { Card, NetworkEntity, NetworkLink, Outcome } from '../model';
import { isParked, orgOf, shownCopy, shownCopyOf, withinBounds } from './copies';
import type { Copy, Rooms } from './copies';

/** Where a fact shown on the merged board lives, and the marking its compartment carries. */
export interface Placed {
  compartmentId: string;
  marking: string;
}
export type MergedCard = Card & Placed;
export type MergedEntity = NetworkEntity & Placed;
export type MergedLink = NetworkLink & Placed;
export type MergedOutcome = Outcome & Placed;
export interface MergedLane {
  name: string;
  cards: MergedCard[];
}

/**
 * A fact the board does not show although a copy is live: `broader-than-org` (its compartment is not ≤
 * its organization's, or a link's end's: a hostile write or a race, which settling narrows) or
 * `parked` (stranded between two restricted compartments, for a person to move or delete).
 */
export interface BoardReport {
  code: 'broader-than-org' | 'parked';
  map: string;
  id: string;
  org: string;
  compartmentId: string;
}

interface OrgView {
  card: MergedCard | null;
  /** Its shown entries, links and outcomes, read from their copies when first asked (see rebuild). */
  detail: () => OrgDetail;
  notes: Array<{ id: string } & Placed>;
  reports: BoardReport[];
}

interface OrgDetail {
  entities: MergedEntity[];
  links: MergedLink[];
  outcomes: MergedOutcome[];
}

const NO_DETAIL: OrgDetail = { entities: [], links: [], outcomes: [] };

const MEMBER_MAPS = [ENTITIES, LINKS, OUTCOMES, NOTES] as const;

/**
 * The board a member sees (ADR 0012 §6, "Reading"): every room it holds merged. Of a fact's live
 * copies the narrowest is shown (then as shownCopy says: a copy holding its place, the highest placement, the lowest id); a fact
 * not ≤ its organization's compartment (a link, also its ends') is not shown but reported; a fact
 * whose organization is not held is shown nowhere. Changes are taken per organization: an edit
 * rebuilds the view of the organizations it touched, never the whole board.
 */
export class MergedBoard {
  private readonly rooms = new Map<string, Y.Doc>();
  private readonly stops = new Map<string, () => void>();
  /** For each member map: fact id → the organization of its shown copy, and organization → its fact ids. */
  private readonly owner = new Map<string, Map<string, string>>(MEMBER_MAPS.map((m) => [m, new Map()]));
  private readonly byOrg = new Map<string, Map<string, Set<string>>>(MEMBER_MAPS.map((m) => [m, new Map()]));
  private readonly orgIds = new Set<string>();
  /**
   * For each member map: the copy a touch found shown, chosen without signed moves, until its
   * organization is rebuilt (which takes it instead of choosing again). Every change it depends on
   * (the copies, the rooms held, the roster) touches the fact again first.
   */
  private readonly foundCopy = new Map<string, Map<string, Copy>>(MEMBER_MAPS.map((m) => [m, new Map()]));
  private readonly views = new Map<string, OrgView>();
  private readonly dirty = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private last: MergedLane[] | null = null;
  private lastLanes: string[] = [];
  /** The rooms of compartments the member is in, by the current roster (null: to be worked out again). */
  private heldRooms: Rooms | null = null;

  constructor(
    rooms: Rooms,
    private roster: Roster,
    private readonly memberId: string,
    private readonly label: (compartmentId: string) => string = (c) => c,
  ) {
    for (const [c, doc] of rooms) this.addRoom(c, doc);
  }

  /** Starts reading a room the member now holds (a compartment it was added to). */
  addRoom(compartmentId: string, doc: Y.Doc): void {
    if (this.rooms.has(compartmentId)) return;
    this.rooms.set(compartmentId, doc);
    this.heldRooms = null;
    const observers = [ORGS, ...MEMBER_MAPS].map((name) => {
      const map = facts(doc, name);
      const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
        for (const event of events) {
          if (event.target === map) for (const id of event.keys.keys()) this.touch(name, id);
          else if (typeof event.path[0] === 'string') this.touch(name, event.path[0]);
        }
      };
      map.observeDeep(observer);
      return () => map.unobserveDeep(observer);
    });
    const changed = () => this.changed();
    doc.on('afterTransaction', changed);
    this.stops.set(compartmentId, () => {
      observers.forEach((stop) => stop());
      doc.off('afterTransaction', changed);
    });
    this.touchRoom(doc);
  }

  /** Stops reading a room (the member was taken out of it). */
  removeRoom(compartmentId: string): void {
    const doc = this.rooms.get(compartmentId);
    if (!doc) return;
    this.stops.get(compartmentId)?.();
    this.stops.delete(compartmentId);
    this.rooms.delete(compartmentId);
    this.heldRooms = null;
    this.touchRoom(doc);
    this.changed();
  }

  /** A new roster (compartments made, members moved): every view is read again. */
  setRoster(roster: Roster): void {
    this.roster = roster;
    this.heldRooms = null;
    for (const doc of this.rooms.values()) this.touchRoom(doc);
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    for (const stop of this.stops.values()) stop();
    this.stops.clear();
    this.listeners.clear();
  }

  /** The lanes with their cards, in position order; unchanged lanes keep their identity. */
  read(): MergedLane[] {
    const names = this.laneNames();
    const sameLanes = this.last !== null && names.join('\n') === this.lastLanes.join('\n');
    if (sameLanes && this.dirty.size === 0) return this.last!;
    const shownLane = (lane: string) => (names.includes(lane) ? lane : names[0]!);
    const touched = new Set<string>();
    for (const org of this.dirty) {
      const before = this.views.get(org)?.card;
      if (before) touched.add(before.shownLane);
      const view = this.rebuild(org, shownLane);
      if (view.card) touched.add(view.card.shownLane);
      this.views.set(org, view);
      if (!view.card && view.reports.length === 0 && !this.orgIds.has(org)) this.views.delete(org);
    }
    this.dirty.clear();
    const cards = [...this.views.values()].flatMap((v) => (v.card ? [v.card] : []));
    const previous = new Map((this.last ?? []).map((l) => [l.name, l]));
    this.last = names.map((name) => {
      const kept = previous.get(name);
      if (sameLanes && kept && !touched.has(name)) return kept;
      const inLane = sameLanes
        ? cards.filter((c) => c.shownLane === name)
        : cards.filter((c) => shownLane(c.lane) === name);
      if (!sameLanes) for (const c of inLane) c.shownLane = name;
      return {
        name,
        cards: inLane.sort((a, b) =>
          a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : 1,
        ),
      };
    });
    this.lastLanes = names;
    return this.last;
  }

  card(id: string): MergedCard | undefined {
    this.read();
    return this.views.get(id)?.card ?? undefined;
  }

  search(text: string, limit = Infinity): MergedCard[] {
    const out: MergedCard[] = [];
    for (const lane of this.read())
      for (const card of lane.cards) {
        if (out.length >= limit) return out;
        if (matchesFilter(card, { text })) out.push(card);
      }
    return out;
  }

  network(org: string): { entities: MergedEntity[]; links: MergedLink[] } {
    this.read();
    const detail = this.views.get(org)?.detail() ?? NO_DETAIL;
    return { entities: detail.entities, links: detail.links };
  }

  outcomes(org: string): MergedOutcome[] {
    this.read();
    return (this.views.get(org)?.detail() ?? NO_DETAIL).outcomes;
  }

  /** Notes of an organization shown with it (an organization's note, by its index entry). */
  notes(org: string): Array<{ id: string } & Placed> {
    this.read();
    return this.views.get(org)?.notes ?? [];
  }

  /** Live facts not shown: broader than their organization, or parked. */
  reports(): BoardReport[] {
    this.read();
    return [...this.views.values()].flatMap((v) => v.reports);
  }

  private changed(): void {
    if (this.dirty.size === 0) return;
    for (const listener of [...this.listeners]) listener();
  }

  private laneNames(): string[] {
    const core = this.rooms.get(coreCompartmentId(this.roster.workspaceId)) ?? this.rooms.values().next().value;
    return core ? lanes(core) : [...DEFAULT_LANES];
  }

  private held(): Rooms {
    if (this.heldRooms) return this.heldRooms;
    const out = new Map<string, Y.Doc>();
    for (const [c, doc] of this.rooms) if (compartmentMembers(this.roster, c).has(this.memberId)) out.set(c, doc);
    this.heldRooms = out;
    return out;
  }

  private touchRoom(doc: Y.Doc): void {
    for (const name of [ORGS, ...MEMBER_MAPS]) facts(doc, name).forEach((_, id) => this.touch(name, id));
  }

  /** Files a touched fact under the organization of its shown copy; marks the organizations it left and joined. */
  private touch(map: string, id: string): void {
    if (map === ORGS) {
      this.orgIds.add(id);
      this.dirty.add(id);
      return;
    }
    const owners = this.owner.get(map)!;
    const byOrg = this.byOrg.get(map)!;
    const before = owners.get(id);
    const { copy, byMoves } = shownCopyOf(this.held(), this.roster, map, id);
    const after = copy ? orgOf(map, copy.fact) : undefined;
    if (copy && !byMoves) this.foundCopy.get(map)!.set(id, copy);
    else this.foundCopy.get(map)!.delete(id);
    if (before !== undefined) {
      byOrg.get(before)?.delete(id);
      this.dirty.add(before);
    }
    if (after === undefined) owners.delete(id);
    else {
      owners.set(id, after);
      byOrg.set(after, (byOrg.get(after) ?? new Set()).add(id));
      this.dirty.add(after);
    }
  }

  private placed(c: string): Placed {
    return { compartmentId: c, marking: this.label(c) };
  }

  /**
   * An organization's view. Which of its facts are shown (and so the card's counts and the reports)
   * is decided here; the shown entries, links and outcomes themselves, and the card's search text,
   * are read from those copies when first asked: a cold open paints 2,000 cards without reading
   * 20,000 entries' fields. Any change to one of those copies touches the organization, whose view
   * is then rebuilt by the next read, before anything is asked of it.
   */
  private rebuild(org: string, shownLane: (lane: string) => string): OrgView {
    const rooms = this.held();
    const view: OrgView = { card: null, detail: () => NO_DETAIL, notes: [], reports: [] };
    const orgCopy = shownCopy(rooms, this.roster, ORGS, org);
    if (!orgCopy) {
      for (const map of MEMBER_MAPS)
        for (const id of this.byOrg.get(map)!.get(org) ?? []) this.foundCopy.get(map)!.delete(id);
      return view;
    }
    const D = orgCopy.compartmentId;
    const members = (map: string) =>
      [...(this.byOrg.get(map)!.get(org) ?? [])].sort().flatMap((id) => {
        const found = this.foundCopy.get(map)!;
        const copy = found.get(id) ?? shownCopy(rooms, this.roster, map, id);
        found.delete(id);
        return copy && orgOf(map, copy.fact) === org ? [{ id, copy }] : [];
      });
    const report = (map: string, id: string, copy: Copy) =>
      view.reports.push({
        code: isParked(copy.fact) ? 'parked' : 'broader-than-org',
        map,
        id,
        org,
        compartmentId: copy.compartmentId,
      });
    const allowed = (map: string, id: string, copy: Copy, bounds: string[]) => {
      if (withinBounds(this.roster, copy.compartmentId, bounds) && !isParked(copy.fact)) return true;
      report(map, id, copy);
      return false;
    };
    type Shown = { id: string; fact: Copy['fact']; placed: Placed };
    const entities: Shown[] = [];
    const entityAt = new Map<string, string>();
    for (const { id, copy } of members(ENTITIES)) {
      if (!allowed(ENTITIES, id, copy, [D])) continue;
      entityAt.set(id, copy.compartmentId);
      entities.push({ id, fact: copy.fact, placed: this.placed(copy.compartmentId) });
    }
    const links: Array<Shown & { from: string; to: string }> = [];
    for (const { id, copy } of members(LINKS)) {
      const from = str(copy.fact, 'from');
      const to = str(copy.fact, 'to');
      const ends = [entityAt.get(from), entityAt.get(to)];
      if (ends.some((e) => e === undefined)) continue; // an end not shown: neither is the link
      if (!allowed(LINKS, id, copy, [D, ...(ends as string[])])) continue;
      links.push({ id, fact: copy.fact, placed: this.placed(copy.compartmentId), from, to });
    }
    const outcomes: Shown[] = [];
    for (const { id, copy } of members(OUTCOMES)) {
      if (allowed(OUTCOMES, id, copy, [D]))
        outcomes.push({ id, fact: copy.fact, placed: this.placed(copy.compartmentId) });
    }
    for (const { id, copy } of members(NOTES)) {
      if (allowed(NOTES, id, copy, [D])) view.notes.push({ id, ...this.placed(copy.compartmentId) });
    }
    let detail: OrgDetail | null = null;
    view.detail = () =>
      (detail ??= {
        entities: entities
          .map(({ id, fact, placed }) => ({ ...readEntity(id, fact), ...placed }))
          .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
        links: links
          .map(({ id, fact, placed, from, to }) => ({ id, org, from, to, label: str(fact, 'label'), ...placed }))
          .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id)),
        outcomes: outcomes
          .map(({ id, fact, placed }) => ({ ...readOutcome(id, fact), ...placed }))
          .sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id)),
      });
    const organization = readOrganization(org, orgCopy.fact);
    const own = [
      organization.name,
      ...organization.aliases,
      organization.summary,
      ...organization.sectors,
      ...organization.cities,
      organization.leadAgency,
    ];
    view.card = withLazySearchText(
      {
        ...organization,
        shownLane: shownLane(organization.lane),
        networkCount: entities.length,
        outcomeCount: outcomes.length,
        ...this.placed(D),
      },
      () =>
        own
          .concat(view.detail().entities.flatMap((e) => [e.name, e.detail]))
          .join('\n')
          .toLowerCase(),
    );
    return view;
  }
}

/**
 * The card with its search text (its own words and its entries' names and details) worked out on
 * first read and then kept: only a search or a filter reads it, and it needs every entry's fields.
 * It is an ordinary enumerable property to anyone reading it (a spread, JSON, a comparison).
 */
function withLazySearchText(card: Omit<MergedCard, 'searchText'>, text: () => string): MergedCard {
  return Object.defineProperty(card, 'searchText', {
    enumerable: true,
    configurable: true,
    get(this: MergedCard) {
      const value = text();
      Object.defineProperty(this, 'searchText', { value, enumerable: true, writable: true, configurable: true });
      return value;
    },
  }) as MergedCard;
}
