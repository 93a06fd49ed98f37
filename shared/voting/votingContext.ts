import type * as Y from 'yjs';

import type { Role, Roster, RosterMember } from '../membership';

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
 * The role `member` held at `at`, by the roster's signed times: the role an entry dated after `at`
 * changed (the first such the roster counted), else its role now.
 */
export function roleAt(member: RosterMember, at: number): Role {
  return member.earlierRoles?.find((r) => r.until > at)?.role ?? member.role;
}

/**
 * Whether a member could vote at `at`: a lead or admin then, and a member still or removed after
 * `at`. A demotion or removal dated after the close takes no counted ballot back, nor an opening
 * or a close (ADR 0006); what a member signs once it lost the role, dated before, is its claim.
 */
export function couldVoteAt(roster: Roster, memberId: string, at: number): boolean {
  const member = roster.members.get(memberId);
  if (member) return VOTING_ROLES.has(roleAt(member, at));
  const removed = roster.removed.get(memberId);
  return removed !== undefined && removed.removedAt > at && VOTING_ROLES.has(roleAt(removed, at));
}

/** Whether a member could close, at `at`, a round opened by `openedBy`: its opener, or an admin then. */
export function couldClose(roster: Roster, memberId: string, openedBy: string, at: number): boolean {
  if (memberId === openedBy) return couldVoteAt(roster, memberId, at);
  const member = roster.members.get(memberId);
  if (member) return roleAt(member, at) === 'admin';
  const removed = roster.removed.get(memberId);
  return removed !== undefined && removed.removedAt > at && roleAt(removed, at) === 'admin';
}
