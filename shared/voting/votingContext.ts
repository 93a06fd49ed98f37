import type * as Y from 'yjs';

import type { Role, Roster } from '../membership';

/** What voting needs of the workspace: its document, roster, and a member's signed agency. */
export interface VotingContext {
  doc: Y.Doc;
  workspaceId: string;
  roster: Roster;
  /** The agency a member signed in their own profile (null if none). */
  agencyOf(memberId: string): string | null;
  /**
   * Whether an organization is on the board every core member sees (ADR 0012 §6: in the core or a
   * releasable compartment); by default, whether `doc` holds it.
   */
  onBoard?: (orgId: string) => boolean;
}

/** Leads vote; admins are the table's leads too. */
export const VOTING_ROLES: ReadonlySet<Role> = new Set(['lead', 'admin']);

/** A member's signing key, also for one removed since (their old signatures still check). */
export function signKeyOf(roster: Roster, memberId: string): Uint8Array | null {
  return roster.members.get(memberId)?.signPublicKey ?? roster.removed.get(memberId)?.signPublicKey ?? null;
}

/**
 * Whether a member could vote at `at`: a lead or admin now, or one removed after `at` (a removal
 * after the close does not take a counted ballot back). Role changes other than removal are judged
 * by the roster as it stands.
 */
export function couldVoteAt(roster: Roster, memberId: string, at: number): boolean {
  const member = roster.members.get(memberId);
  if (member) return VOTING_ROLES.has(member.role);
  const removed = roster.removed.get(memberId);
  return removed !== undefined && removed.removedAt > at && VOTING_ROLES.has(removed.role);
}

/** Whether a member could close a round opened by `openedBy` at `at`: its opener, or an admin. */
export function couldClose(roster: Roster, memberId: string, openedBy: string, at: number): boolean {
  if (memberId === openedBy) return couldVoteAt(roster, memberId, at);
  const member = roster.members.get(memberId);
  if (member) return member.role === 'admin';
  const removed = roster.removed.get(memberId);
  return removed !== undefined && removed.removedAt > at && removed.role === 'admin';
}
