import * as Y from 'yjs';

import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import type { Roster } from '../membership';
import { facts } from '../model';
import {
  boundsOf,
  copiesOf,
  FACT_MAPS,
  isParked,
  isTombstone,
  mayWrite,
  moversOf,
  PLACE_FIELDS,
  placementOf,
  preferred,
  shownCopy,
} from './copies';
import type { Rooms } from './copies';
import { tombstone, writeMoves } from './moveFacts';
import { PROVENANCE } from './provenanceRecords';
import type { MovedFact } from './moveFacts';
import { meet, narrowerOrSame } from './releasability';

/** What one settling pass wrote. */
export interface Settled {
  /** Copies of concurrent moves turned into tombstones (the narrowest copy kept). */
  tombstoned: Array<{ map: string; id: string; compartmentId: string }>;
  /** Facts narrowed to the meet of their compartment and their organization's (or ends'). */
  narrowed: MovedFact[];
  /** Facts stranded between two restricted compartments, parked in place for a person. */
  parked: Array<{ map: string; id: string; compartmentId: string }>;
}

/**
 * Settles every fact whose copies this member holds (ADR 0012 §6, "Convergence under partitions"),
 * where it may write in the compartments involved: organizations first, then network entries,
 * outcomes and notes, then links. Deterministic, so two settlers write the same thing; it only ever
 * narrows. Concurrent moves from one state (live copies with the same placement) keep the narrowest;
 * a shown fact broader than its organization (or a link than an end) moves to the meet, or is parked
 * (`parked: at`) if that is between two restricted compartments.
 */
export function settle(rooms: Rooms, roster: Roster, me: Identity, at = Date.now()): Settled {
  const memberId = memberIdOf(me);
  const out: Settled = { tombstoned: [], narrowed: [], parked: [] };
  for (const map of FACT_MAPS) {
    const ids = new Set<string>();
    for (const doc of rooms.values()) facts(doc, map).forEach((_, id) => ids.add(id));
    for (const id of [...ids].sort()) {
      settleConcurrent(rooms, roster, memberId, map, id, out);
      const copy = shownCopy(rooms, roster, map, id);
      if (!copy || isParked(copy.fact)) continue;
      const bounds = boundsOf(rooms, roster, map, copy.fact);
      if (!bounds) continue;
      let target: string | null = copy.compartmentId;
      for (const bound of bounds) target = target === null ? null : meet(roster, target, bound);
      if (target === copy.compartmentId) continue;
      if (target !== null && !rooms.has(target)) continue; // a member holding the meet settles it
      if (target === null) {
        if (!mayWrite(roster, memberId, copy.compartmentId)) continue;
        const room = rooms.get(copy.compartmentId)!;
        room.transact(() => copy.fact.set('parked', at));
        out.parked.push({ map, id, compartmentId: copy.compartmentId });
        continue;
      }
      if (!narrowerOrSame(roster, target, copy.compartmentId)) continue; // never widens (meet cannot, but be sure)
      if (!mayWrite(roster, memberId, copy.compartmentId) || !mayWrite(roster, memberId, target)) continue;
      const move = { map, id, from: copy.compartmentId, to: target, placement: 0 };
      out.narrowed.push(...writeMoves(rooms, roster, me, [move], at));
    }
  }
  return out;
}

/**
 * Live copies with one placement are concurrent moves from one state only where a move put them: the
 * kept copy is the preferred of those whose room holds a signed `moved` record of it, and settling
 * tombstones another copy only if that record's signer could have taken the fact out of its
 * compartment itself. Anything else (a copy a member wrote into its own room at a placement it chose)
 * never takes a fact from a compartment its writer is not in.
 */
function settleConcurrent(rooms: Rooms, roster: Roster, memberId: string, map: string, id: string, out: Settled): void {
  const live = copiesOf(rooms, map, id).filter((c) => !isTombstone(c.fact) && roster.compartments.has(c.compartmentId));
  const byPlacement = new Map<number, typeof live>();
  for (const c of live) byPlacement.set(placementOf(c.fact), [...(byPlacement.get(placementOf(c.fact)) ?? []), c]);
  for (const [placement, group] of byPlacement) {
    if (group.length < 2 || placement < 1) continue;
    const placed = group.map((c) => ({ copy: c, movers: moversOf(rooms, roster, id, c.compartmentId, placement) }));
    const [keep] = placed.filter((p) => p.movers.length > 0).sort((a, b) => preferred(roster, a.copy, b.copy));
    if (!keep) continue;
    for (const { copy: c } of placed) {
      if (c.compartmentId === keep.copy.compartmentId || !mayWrite(roster, memberId, c.compartmentId)) continue;
      if (!keep.movers.some((m) => mayWrite(roster, m, c.compartmentId))) continue;
      rooms.get(c.compartmentId)!.transact(() => tombstone(c.fact, placement));
      out.tombstoned.push({ map, id, compartmentId: c.compartmentId });
    }
  }
}

/**
 * The fields of a fact settling reads (copiesOf, shownCopy, boundsOf, moversOf): where a copy stands,
 * its organization, and a link's ends. Anything else in a fact (its name, summary, threat…) only ever
 * travels with a move settling already decided on.
 */
export const SETTLE_FIELDS: ReadonlySet<string> = new Set<string>([...PLACE_FIELDS, 'org', 'from', 'to']);
const SETTLE_MAPS: ReadonlySet<string> = new Set<string>(FACT_MAPS);

const rootNames = new WeakMap<object, string>();
/** A shared type as a transaction lists it. */
type Shared = Y.Transaction['changed'] extends Map<infer K, unknown> ? K : never;

/** The name `root` is shared under in `doc` (null if it is not one of its top-level types). */
function rootNameOf(doc: Y.Doc, root: object): string | null {
  const known = rootNames.get(root);
  if (known !== undefined) return known;
  for (const [name, type] of doc.share) rootNames.set(type, name);
  return rootNames.get(root) ?? null;
}

/**
 * Whether a transaction on a room's `workspace` document changed anything settling reads: a fact map's
 * keys (a copy added or removed), a fact's SETTLE_FIELDS (or a type nested under one), or the
 * provenance records (moversOf). When unsure (a type whose top-level name is unknown, a fact that is
 * not a map, a change with no key) it says yes.
 */
export function touchesSettling(doc: Y.Doc, tr: Y.Transaction): boolean {
  for (const [type, keys] of tr.changed) {
    // Climb to the top-level type, remembering the fact (the child of a fact map) and the key under it.
    let node: Shared = type;
    let child: Shared | null = null;
    let grandchild: Shared | null = null;
    while (node._item !== null) {
      const parent = node._item.parent;
      if (!(parent instanceof Y.AbstractType)) return true;
      grandchild = child;
      child = node;
      node = parent as Shared;
    }
    const name = rootNameOf(doc, node);
    if (name === null || name === PROVENANCE) return true;
    if (!SETTLE_MAPS.has(name)) continue;
    if (child === null) return true; // copies added to or removed from a fact map
    const fact = child === type;
    if (!(child instanceof Y.Map)) return true;
    if (fact) {
      for (const key of keys) if (key === null || SETTLE_FIELDS.has(key)) return true;
      continue;
    }
    const under = (grandchild ?? type)._item?.parentSub ?? null;
    if (under === null || SETTLE_FIELDS.has(under)) return true;
  }
  return false;
}

/**
 * Settles only when it could write something (issue 17): settling is deterministic in the rooms it is
 * given, what `touchesSettling` names in them and the roster, so a pass that wrote nothing, followed by
 * no such change, a roster not replaced and the same rooms, would write nothing again. Every
 * transaction on a watched room counts, whoever made it, settling's own writes included (the next
 * pass then runs, as a full one would). The first pass always runs.
 */
export class SettleFilter {
  private dirty = true;
  private roster: Roster | null = null;
  private readonly watched = new Map<string, { doc: Y.Doc; stop: () => void }>();
  /** How many passes ran (a seam for tests and benches). */
  passes = 0;

  /** Settles `rooms` if anything settling reads changed since the last pass; null if it was skipped. */
  settle(rooms: Rooms, roster: Roster, me: Identity, at = Date.now()): Settled | null {
    this.watch(rooms);
    if (!this.dirty && roster === this.roster) return null;
    this.dirty = false;
    this.roster = roster;
    this.passes++;
    return settle(rooms, roster, me, at);
  }

  /** Stops listening to every room. */
  destroy(): void {
    for (const { stop } of this.watched.values()) stop();
    this.watched.clear();
  }

  private watch(rooms: Rooms): void {
    for (const [c, w] of this.watched) {
      if (rooms.get(c) === w.doc) continue;
      w.stop();
      this.watched.delete(c);
      this.dirty = true;
    }
    for (const [c, doc] of rooms) {
      if (this.watched.has(c)) continue;
      const listener = (tr: Y.Transaction): void => {
        if (!this.dirty && touchesSettling(doc, tr)) this.dirty = true;
      };
      doc.on('afterTransaction', listener);
      this.watched.set(c, { doc, stop: () => doc.off('afterTransaction', listener) });
      this.dirty = true;
    }
  }
}
