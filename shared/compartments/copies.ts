import type * as Y from 'yjs';

import { compartmentMembers, WRITING_ROLES } from '../membership';
import type { Roster } from '../membership';
import { asFact, ENTITIES, facts, LINKS, NOTES, num, ORGS, OUTCOMES, str } from '../model';
import { provenanceOfFact } from './provenanceRecords';
import { kindOf, narrowerOrSame, rank } from './releasability';

type Fact = Y.Map<unknown>;

/** The maps whose entries are facts with a releasability, in the order settling takes them. */
export const FACT_MAPS = [ORGS, ENTITIES, OUTCOMES, NOTES, LINKS] as const;
export type FactMap = (typeof FACT_MAPS)[number];

/** Fields that say where a copy stands, not what the fact says. */
export const PLACE_FIELDS = ['placement', 'tombstone', 'parked'] as const;

/** A compartment id → that compartment's room's `workspace` document, for the rooms a member holds. */
export type Rooms = ReadonlyMap<string, Y.Doc>;

export interface Copy {
  compartmentId: string;
  fact: Fact;
}

export const isTombstone = (fact: Fact): boolean => fact.has('tombstone');
/** A live copy's placement (absent = 0); a tombstone's is the placement of the move that left it. */
export const placementOf = (fact: Fact): number => num(fact, isTombstone(fact) ? 'tombstone' : 'placement') ?? 0;
export const isParked = (fact: Fact): boolean => fact.has('parked');

/** Every copy of a fact in the rooms, live or not, by compartment id. */
export function copiesOf(rooms: Rooms, map: string, id: string): Copy[] {
  const out: Copy[] = [];
  for (const [compartmentId, doc] of rooms) {
    const fact = asFact(facts(doc, map).get(id));
    if (fact) out.push({ compartmentId, fact });
  }
  return out;
}

/** The order in which a reader prefers live copies: narrowest, then highest placement, then lowest id. */
export function preferred(roster: Roster, a: Copy, b: Copy): number {
  const ka = kindOf(roster, a.compartmentId);
  const kb = kindOf(roster, b.compartmentId);
  const ra = ka ? rank(ka) : 9;
  const rb = kb ? rank(kb) : 9;
  if (ra !== rb) return ra - rb;
  const pa = placementOf(a.fact);
  const pb = placementOf(b.fact);
  if (pa !== pb) return pb - pa;
  return a.compartmentId < b.compartmentId ? -1 : a.compartmentId > b.compartmentId ? 1 : 0;
}

/**
 * The copy a reader shows: of the live copies in compartments the roster knows, the narrowest, then
 * the preferred (highest placement, lowest id) unless another holds its place against it and it
 * does not. A copy holds its place against one in compartment D if it was made where it is
 * (placement 0) or a move put it there (see moversOf) whose signer may write in D, so could have
 * taken the fact out of D itself. `placement` is its writer's to choose: a partner's copy in its own
 * room, or an analyst's in its restricted one, at any placement, must not take over a fact of another
 * compartment of the same rank, which would send a core member's edits and the fact's new entries to
 * the writer's room. Candidates are taken in preferred order, so every reader picks the same.
 */
export function shownCopy(rooms: Rooms, roster: Roster, map: string, id: string): Copy | null {
  return shownCopyOf(rooms, roster, map, id).copy;
}

/**
 * shownCopy, and whether signed moves were read to choose it (two live copies of one rank). Without
 * them the choice depends only on the rooms, the roster and the copies themselves, so a reader that
 * hears every change of those may keep it until one of them changes (MergedBoard).
 */
export function shownCopyOf(
  rooms: Rooms,
  roster: Roster,
  map: string,
  id: string,
): { copy: Copy | null; byMoves: boolean } {
  const live = copiesOf(rooms, map, id).filter((c) => !isTombstone(c.fact) && roster.compartments.has(c.compartmentId));
  live.sort((a, b) => preferred(roster, a, b));
  let best = live[0] ?? null;
  if (!best) return { copy: null, byMoves: false };
  let byMoves = false;
  const movers = new Map<Copy, string[]>();
  const holds = (c: Copy, against: Copy) => {
    const p = placementOf(c.fact);
    if (p < 1) return true;
    byMoves = true;
    if (!movers.has(c)) movers.set(c, moversOf(rooms, roster, id, c.compartmentId, p));
    return movers.get(c)!.some((m) => mayWrite(roster, m, against.compartmentId));
  };
  for (const c of live.slice(1)) {
    if (kindOf(roster, c.compartmentId) !== kindOf(roster, best.compartmentId)) break;
    if (holds(c, best) && !holds(best, c)) best = c;
  }
  return { copy: best, byMoves };
}

/**
 * Who signed a move of fact `id` into `compartmentId` at `placement` (a `moved` record in that room,
 * written with the copy in one transaction), being able to write where it moved it from and to.
 */
export function moversOf(rooms: Rooms, roster: Roster, id: string, compartmentId: string, placement: number): string[] {
  return provenanceOfFact(rooms.get(compartmentId)!, roster, id)
    .moves.filter((m) => m.to === compartmentId && m.placement === placement && m.from !== m.to)
    .filter((m) => mayWrite(roster, m.by, m.from) && mayWrite(roster, m.by, m.to))
    .map((m) => m.by);
}

/** The organization a fact belongs to ('' for an organization itself). */
export const orgOf = (map: string, fact: Fact): string => (map === ORGS ? '' : str(fact, 'org'));

/** Whether a member may write in a compartment: it is in it, and its role writes. */
export function mayWrite(roster: Roster, memberId: string, compartmentId: string): boolean {
  const role = roster.members.get(memberId)?.role;
  return role !== undefined && WRITING_ROLES.has(role) && compartmentMembers(roster, compartmentId).has(memberId);
}

/**
 * The compartments a shown fact must be ≤: its organization's, and for a link its ends'. Null if the
 * organization (or an end) is not shown: the fact is shown nowhere.
 */
export function boundsOf(rooms: Rooms, roster: Roster, map: string, fact: Fact): string[] | null {
  if (map === ORGS) return [];
  const org = shownCopy(rooms, roster, ORGS, str(fact, 'org'));
  if (!org) return null;
  const bounds = [org.compartmentId];
  if (map === LINKS) {
    for (const end of [str(fact, 'from'), str(fact, 'to')]) {
      const entity = shownCopy(rooms, roster, ENTITIES, end);
      if (!entity) return null;
      bounds.push(entity.compartmentId);
    }
  }
  return bounds;
}

export const withinBounds = (roster: Roster, compartmentId: string, bounds: string[]): boolean =>
  bounds.every((b) => narrowerOrSame(roster, compartmentId, b));

/** A copy's content: every field but those that say where it stands. */
export function contentOf(fact: Fact): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of fact.entries()) if (!(PLACE_FIELDS as readonly string[]).includes(k)) out[k] = v;
  return out;
}
