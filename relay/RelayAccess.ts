import type * as Y from 'yjs';

import { checkRelayAuth, RELAY_AUTH_MAX_SKEW_MS, ROSTER_LIST } from '../shared/protocol';
import { genesisCreator } from '../shared/membership';
import type { Roster } from '../shared/membership';
import { memberIdOf } from '../shared/crypto';

export type AccessDecision =
  { ok: true; memberId: string } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/** Workspace ids are 16-byte hashes in URL-safe base64: anything else is not a room of ours. */
export const isRoomName = (room: string): boolean => /^[A-Za-z0-9_-]{22}$/.test(room);

/**
 * Who may connect to a workspace's room: a current member, or the holder of an unused, unexpired
 * invite — as proven by the signed roster the relay stores, which it can check but not forge.
 * A room the relay has never seen may be opened by its creator, who presents the genesis entry.
 */
export class RelayAccess {
  constructor(
    /** The room's current roster (cached: see RosterCache). */
    private readonly roster: (room: string) => Promise<Roster>,
    private readonly now: () => number,
    /** Nonces of credentials already used (on disk, so a restart does not forget them). */
    private readonly nonces: { use(nonce: string, until: number, now: number): boolean },
  ) {}

  /** Cheap checks first (room name, time window, signature, nonce), and only then the roster. */
  async decide(room: string, query: Record<string, string | undefined>): Promise<AccessDecision> {
    if (!isRoomName(room)) return { ok: false, status: 404, reason: 'no such workspace' };
    const now = this.now();
    const auth = checkRelayAuth(room, query, now);
    if (!auth.ok) return auth;
    if (!this.nonces.use(auth.nonce, now + 2 * RELAY_AUTH_MAX_SKEW_MS, now)) {
      return { ok: false, status: 401, reason: 'credentials already used' };
    }

    const roster = await this.roster(room);
    if (roster.creator === null) {
      const creator = auth.genesis ? genesisCreator(auth.genesis, room) : null;
      if (creator && memberIdOf(creator) === auth.memberId) return { ok: true, memberId: auth.memberId };
      return { ok: false, status: 404, reason: 'no such workspace on this relay' };
    }
    if (roster.members.has(auth.memberId)) return { ok: true, memberId: auth.memberId };
    const invite = roster.invites.get(auth.memberId);
    if (!invite) return { ok: false, status: 403, reason: 'not a member of this workspace' };
    if (invite.usedBy !== null) return { ok: false, status: 403, reason: 'this invite has already been used' };
    if (invite.expiresAt < now) return { ok: false, status: 403, reason: 'this invite has expired' };
    return { ok: true, memberId: auth.memberId };
  }
}

/** The roster list of a workspace document. */
export const rosterOf = (doc: Y.Doc): unknown[] => doc.getArray(ROSTER_LIST).toArray();
