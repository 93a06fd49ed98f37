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

function settleConcurrent(rooms: Rooms, roster: Roster, memberId: string, map: string, id: string, out: Settled): void {
  const live = copiesOf(rooms, map, id).filter((c) => !isTombstone(c.fact) && roster.compartments.has(c.compartmentId));
  const byPlacement = new Map<number, typeof live>();
  for (const c of live) byPlacement.set(placementOf(c.fact), [...(byPlacement.get(placementOf(c.fact)) ?? []), c]);
  for (const [placement, group] of byPlacement) {
    if (group.length < 2) continue;
    const [keep, ...others] = group.sort((a, b) => preferred(roster, a, b));
    for (const c of others) {
      if (c.compartmentId === keep!.compartmentId || !mayWrite(roster, memberId, c.compartmentId)) continue;
      rooms.get(c.compartmentId)!.transact(() => tombstone(c.fact, placement));
      out.tombstoned.push({ map, id, compartmentId: c.compartmentId });
    }
  }
}
