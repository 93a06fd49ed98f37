import * as Y from 'yjs';

import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import type { Roster } from '../membership';
import { ENTITIES, facts, LINKS, ORGS, str } from '../model';
import {
  boundsOf,
  contentOf,
  copiesOf,
  FACT_MAPS,
  isTombstone,
  mayWrite,
  orgOf,
  placementOf,
  shownCopy,
  withinBounds,
} from './copies';
import type { Rooms } from './copies';
import { copyProvenance, provenanceOfFact, signMoved } from './provenanceRecords';
import { kindOf, narrowerOrSame } from './releasability';

export const BROADER_THAN_ORG = 'a fact cannot be broader than its organization: release the organization first';

/** One fact a move took from one compartment to another. */
export interface MovedFact {
  map: string;
  id: string;
  from: string;
  to: string;
  placement: number;
}

/** What a move did, in order: what its undo (undoMove) moves back. */
export interface MoveResult {
  moved: MovedFact[];
}

/**
 * Moves facts to `target` (ADR 0012 §6, "Moving"): widening ("release to …") and narrowing alike.
 * Each fact's current fields are written into the target room under the same id at placement p + 1,
 * its provenance records copied and a signed `moved` record added; its other live copies become
 * tombstones (`tombstone: p + 1`, content deleted). An organization takes along the facts that sat in
 * its old compartment and those that would be broader than the new one; a network entry the links
 * that would be broader than it. Throws a sentence, writing nothing, if the move would leave a fact
 * broader than its organization, needs a room the mover does not hold or may not write in, or would
 * narrow an organization with facts in another restricted compartment.
 */
export function moveFacts(
  rooms: Rooms,
  roster: Roster,
  mover: Identity,
  factIds: string[],
  target: string,
  at = Date.now(),
): MoveResult {
  const plan = new Map<string, MovedFact>();
  const key = (map: string, id: string) => `${map}/${id}`;
  for (const id of factIds) {
    const found = locate(rooms, roster, id);
    if (!found)
      throw new Error(`no fact ${id} here: it may have been removed, or it lives in a compartment you do not hold`);
    if (found.from === target) continue;
    plan.set(key(found.map, id), { ...found, to: target, placement: 0 });
    if (found.map === ORGS) cascadeOrganization(rooms, roster, id, found.from, target, plan, key);
    if (found.map === ENTITIES) cascadeEntity(rooms, roster, id, target, plan, key);
  }
  const moves = [...plan.values()];
  check(rooms, roster, memberIdOf(mover), moves);
  return { moved: writeMoves(rooms, roster, mover, moves, at) };
}

/** The inverse move of what `result` moved, as one step: each fact back where it came from. */
export function undoMove(
  rooms: Rooms,
  roster: Roster,
  mover: Identity,
  result: MoveResult,
  at = Date.now(),
): MoveResult {
  const moves = result.moved.map((m) => ({ ...m, from: m.to, to: m.from, placement: 0 }));
  check(rooms, roster, memberIdOf(mover), moves);
  return { moved: writeMoves(rooms, roster, mover, moves, at) };
}

/** The fact's map and the compartment of its shown copy. */
function locate(rooms: Rooms, roster: Roster, id: string): { map: string; id: string; from: string } | null {
  for (const map of FACT_MAPS) {
    const copy = shownCopy(rooms, roster, map, id);
    if (copy) return { map, id, from: copy.compartmentId };
  }
  return null;
}

type Key = (map: string, id: string) => string;

/** The organization's facts that move with it: those in its old compartment, and those broader than the new one. */
function cascadeOrganization(
  rooms: Rooms,
  roster: Roster,
  org: string,
  from: string,
  to: string,
  plan: Map<string, MovedFact>,
  key: Key,
): void {
  for (const map of FACT_MAPS) {
    if (map === ORGS) continue;
    for (const [, doc] of rooms) {
      facts(doc, map).forEach((_, id) => {
        if (plan.has(key(map, id))) return;
        const copy = shownCopy(rooms, roster, map, id);
        if (!copy || orgOf(map, copy.fact) !== org) return;
        const c = copy.compartmentId;
        if (c !== from && narrowerOrSame(roster, c, to)) return; // deliberately narrower: it stays
        if (c !== from && kindOf(roster, c) === 'restricted') {
          throw new Error('this organization has facts in another restricted compartment: move them first');
        }
        plan.set(key(map, id), { map, id, from: c, to, placement: 0 });
      });
    }
  }
}

/** Links of a narrowed network entry that would be broader than it. */
function cascadeEntity(
  rooms: Rooms,
  roster: Roster,
  entity: string,
  to: string,
  plan: Map<string, MovedFact>,
  key: Key,
): void {
  for (const [, doc] of rooms) {
    facts(doc, LINKS).forEach((_, id) => {
      if (plan.has(key(LINKS, id))) return;
      const copy = shownCopy(rooms, roster, LINKS, id);
      if (!copy || (str(copy.fact, 'from') !== entity && str(copy.fact, 'to') !== entity)) return;
      if (narrowerOrSame(roster, copy.compartmentId, to)) return;
      plan.set(key(LINKS, id), { map: LINKS, id, from: copy.compartmentId, to, placement: 0 });
    });
  }
}

/** Refuses, before anything is written, a move that needs a room not held or writable, or breaks the rule. */
function check(rooms: Rooms, roster: Roster, me: string, moves: MovedFact[]): void {
  for (const m of moves) {
    for (const c of [m.from, m.to]) {
      if (!rooms.has(c) || !roster.compartments.has(c)) throw new Error('you do not hold that compartment');
      if (!mayWrite(roster, me, c)) throw new Error('you may not write in that compartment');
    }
  }
  // The rule, judged on the state after the move: each moved fact against its organization's (and ends') new place.
  const after = new Map(moves.map((m) => [`${m.map}/${m.id}`, m.to]));
  for (const m of moves) {
    if (m.map === ORGS) continue;
    const copy = copiesOf(rooms, m.map, m.id).find((c) => c.compartmentId === m.from && !isTombstone(c.fact));
    if (!copy) throw new Error(`no fact ${m.id} here: it may have been removed`);
    const bounds = boundsAfter(rooms, roster, m.map, copy.fact, after);
    if (bounds === null) throw new Error('its organization is not in a compartment you hold');
    if (!withinBounds(roster, m.to, bounds)) throw new Error(BROADER_THAN_ORG);
  }
}

function boundsAfter(
  rooms: Rooms,
  roster: Roster,
  map: string,
  fact: Y.Map<unknown>,
  after: Map<string, string>,
): string[] | null {
  const bounds = boundsOf(rooms, roster, map, fact);
  if (!bounds) return null;
  const refs = [`${ORGS}/${str(fact, 'org')}`];
  if (map === LINKS) refs.push(`${ENTITIES}/${str(fact, 'from')}`, `${ENTITIES}/${str(fact, 'to')}`);
  return bounds.map((b, i) => after.get(refs[i]!) ?? b);
}

/** Writes the moves: each room's writes in one transaction, so each room sends one update. */
export function writeMoves(rooms: Rooms, roster: Roster, mover: Identity, moves: MovedFact[], at: number): MovedFact[] {
  const done: MovedFact[] = [];
  const byRoom = new Map<string, Array<() => void>>();
  const later = (room: string, fn: () => void) => byRoom.set(room, [...(byRoom.get(room) ?? []), fn]);
  for (const m of moves) {
    const copies = copiesOf(rooms, m.map, m.id);
    const source = copies.find((c) => c.compartmentId === m.from && !isTombstone(c.fact))!;
    const placement = Math.max(0, ...copies.map((c) => placementOf(c.fact))) + 1;
    const fields = contentOf(source.fact);
    const targetDoc = rooms.get(m.to)!;
    const added = addedOf(rooms, roster, m.id);
    later(m.to, () => {
      const map = facts(targetDoc, m.map);
      let fact = map.get(m.id);
      if (!(fact instanceof Y.Map)) {
        fact = new Y.Map<unknown>();
        map.set(m.id, fact);
      }
      for (const k of [...fact.keys()]) if (!(k in fields)) fact.delete(k);
      for (const [k, v] of Object.entries(fields)) fact.set(k, v);
      fact.set('placement', placement);
      for (const [c, doc] of rooms) if (c !== m.to) copyProvenance(doc, targetDoc, roster, m.id);
      signMoved(targetDoc, mover, {
        workspaceId: roster.workspaceId,
        factId: m.id,
        from: m.from,
        to: m.to,
        placement,
        added,
        at,
      });
    });
    // Every other live copy (the source, and any copy of a move still in transit) becomes a tombstone.
    for (const copy of copies) {
      if (copy.compartmentId === m.to || isTombstone(copy.fact)) continue;
      later(copy.compartmentId, () => tombstone(copy.fact, placement));
    }
    done.push({ ...m, placement });
  }
  for (const [room, writes] of byRoom) rooms.get(room)!.transact(() => writes.forEach((w) => w()));
  return done;
}

/** Deletes a copy's content and marks it a tombstone of the move with `placement`. */
export function tombstone(fact: Y.Map<unknown>, placement: number): void {
  for (const k of [...fact.keys()]) if (k !== 'tombstone') fact.delete(k);
  fact.set('tombstone', placement);
}

/** The `added` record's id, wherever a copy of it is held; or the claim that nobody knows who added it. */
function addedOf(rooms: Rooms, roster: Roster, factId: string): string {
  for (const [, doc] of rooms) {
    const added = provenanceOfFact(doc, roster, factId).added;
    if (added) return added.recordId;
  }
  return 'claim:unknown';
}
