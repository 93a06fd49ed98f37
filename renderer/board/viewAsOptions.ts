import { audienceRooms } from '../../shared/compartments';
import { compartmentsOf } from '../../shared/membership';
import type { CompartmentView, Roster } from '../../shared/membership';

/** Whose board "View as …" can show: a member, or everyone in a compartment; the rooms it is made of. */
export interface ViewAsOption {
  key: string;
  /** Names whose view it is, in the banner and the menu. */
  who: string;
  compartmentIds: string[];
}

/**
 * The views this member can show (ADR 0012 §8): as a member, the compartments it is in that I hold
 * (an admin holds every compartment a partner can be in, so that is exactly the partner's board);
 * as a compartment, every compartment I hold whose members include all of its members.
 */
export function viewAsOptions(
  roster: Roster,
  held: readonly CompartmentView[],
  me: string,
  nameOf: (memberId: string) => string,
): ViewAsOption[] {
  const heldIds = new Set(held.map((c) => c.compartmentId));
  const options: ViewAsOption[] = [];
  for (const m of roster.members.values()) {
    if (m.memberId === me) continue;
    const ids = compartmentsOf(roster, m.memberId).filter((c) => heldIds.has(c));
    options.push({ key: `member:${m.memberId}`, who: `${nameOf(m.memberId)} (${m.role})`, compartmentIds: ids.sort() });
  }
  for (const c of held) {
    options.push({
      key: `compartment:${c.compartmentId}`,
      who: `everyone in ${c.title ?? 'a compartment'}`,
      compartmentIds: audienceRooms(roster, held, c.compartmentId),
    });
  }
  return options;
}
