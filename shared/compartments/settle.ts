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
  placementOf,
  preferred,
  shownCopy,
} from './copies';
import type { Rooms } from './copies';
import { tombstone, writeMoves } from './moveFacts';
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
