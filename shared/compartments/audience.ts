import { compartmentMembers } from '../membership';
import type { CompartmentView, Roster } from '../membership';

/**
 * What every member of compartment `compartmentId` can read, among the compartments I hold (ADR 0012
 * §8): each held compartment whose members include all of its members, sorted. [] if I do not hold
 * it. "View as everyone in …" and a briefing made for a compartment both read exactly these rooms.
 */
export function audienceRooms(roster: Roster, held: readonly CompartmentView[], compartmentId: string): string[] {
  if (!held.some((c) => c.compartmentId === compartmentId)) return [];
  const members = new Map(held.map((c) => [c.compartmentId, compartmentMembers(roster, c.compartmentId)]));
  const audience = members.get(compartmentId)!;
  return held
    .filter((d) => [...audience].every((m) => members.get(d.compartmentId)!.has(m)))
    .map((d) => d.compartmentId)
    .sort();
}
