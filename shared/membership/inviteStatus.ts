import type { Role, Roster } from './roster';

/** What an admin sees of an invite (Members tab, `invite list`). */
export interface InviteStatus {
  inviteId: string;
  role: Role;
  createdBy: string;
  expiresAt: number;
  /**
   * open: nobody joined yet; pending: one join, no admin confirmed it yet; used: confirmed;
   * contested: two or more joins and none confirmed (an admin chooses); expired: past its expiry
   * with no confirmed join; revoked: an admin revoked it.
   */
  state: 'open' | 'pending' | 'used' | 'contested' | 'expired' | 'revoked';
  /** The member it counts for, if any. */
  usedBy: string | null;
  /** Every member whose join claims it. */
  claims: string[];
}

/** Every invite of the roster, newest expiry first, with its state judged at `now`. */
export function inviteStatus(roster: Roster, now: number): InviteStatus[] {
  const all = [...roster.invites.values(), ...roster.revokedInvites.values()];
  return all
    .map((i): InviteStatus => {
      const revoked = roster.revokedInvites.has(i.inviteId);
      const state = revoked
        ? 'revoked'
        : i.confirmedBy !== null
          ? 'used'
          : i.claims.length > 1
            ? 'contested'
            : now > i.expiresAt
              ? 'expired'
              : i.claims.length === 1
                ? 'pending'
                : 'open';
      return {
        inviteId: i.inviteId,
        role: i.role,
        createdBy: i.createdBy,
        expiresAt: i.expiresAt,
        state,
        usedBy: i.usedBy,
        claims: [...i.claims],
      };
    })
    .sort((a, b) => b.expiresAt - a.expiresAt || (a.inviteId < b.inviteId ? -1 : 1));
}
