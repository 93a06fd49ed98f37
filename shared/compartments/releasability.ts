import { coreCompartmentId } from '../membership';
import type { Compartment, Roster } from '../membership';

/**
 * The structural order of compartments (ADR 0012 §6): restricted < core < releasable, by kind alone.
 * It never changes with membership, so every client orders two compartments the same way.
 */
export const rank = (kind: Compartment['kind']): number => (kind === 'restricted' ? 0 : kind === 'core' ? 1 : 2);

/** The kind of a compartment the roster knows, or null. */
export const kindOf = (roster: Roster, compartmentId: string): Compartment['kind'] | null =>
  roster.compartments.get(compartmentId)?.kind ?? null;

/**
 * C ≤ D ("C is narrower than or the same as D"): C = D, or C's rank is below D's. Two different
 * releasable (or restricted) compartments are incomparable. An unknown compartment is ≤ itself only.
 */
export function narrowerOrSame(roster: Roster, c: string, d: string): boolean {
  if (c === d) return true;
  const kc = kindOf(roster, c);
  const kd = kindOf(roster, d);
  return kc !== null && kd !== null && rank(kc) < rank(kd);
}

/**
 * The broadest compartment ≤ both, where settling narrows a fact to: the narrower of two comparable
 * ones, the core for two releasable ones, null for two different restricted ones (nothing is ≤ both:
 * the fact is parked for a person) or an unknown one.
 */
export function meet(roster: Roster, c: string, d: string): string | null {
  if (narrowerOrSame(roster, c, d)) return c;
  if (narrowerOrSame(roster, d, c)) return d;
  if (kindOf(roster, c) === 'releasable' && kindOf(roster, d) === 'releasable') {
    return coreCompartmentId(roster.workspaceId);
  }
  return null;
}
