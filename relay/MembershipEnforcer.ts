import type * as Y from 'yjs';

import { computeRoster } from '../shared/membership';
import { rosterOf } from './RelayAccess';

/** The part of an open socket membership enforcement uses. */
export interface MemberSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Which member (or invite) key each open socket of a room was admitted as, and the closing of those
 * the room's roster no longer admits: a removed member goes at once (S4), not at its next
 * reconnection, and so does an invite's socket once its join is in the roster.
 */
export class MembershipEnforcer {
  private readonly rooms = new Map<string, Map<MemberSocket, string>>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records `socket` as admitted to `room` as `memberId`, until it closes. */
  admit(room: string, socket: MemberSocket, memberId: string): void {
    let here = this.rooms.get(room);
    if (!here) this.rooms.set(room, (here = new Map<MemberSocket, string>()));
    here.set(socket, memberId);
    socket.once('close', () => here.delete(socket));
  }

  /** Closes every socket of `room` whose key the roster in `doc` admits no longer. */
  enforce(room: string, doc: Y.Doc): void {
    const here = this.rooms.get(room);
    if (!here || here.size === 0) return;
    const now = this.now();
    const roster = computeRoster(room, rosterOf(doc), now);
    for (const [socket, memberId] of here) {
      const invite = roster.invites.get(memberId);
      if (roster.members.has(memberId) || (invite && invite.usedBy === null && now <= invite.expiresAt)) continue;
      this.log(`closed ${memberId.slice(0, 8)}… on ${room}: no longer a member`);
      // 4403: in y-websocket's 4400–4499 range, where the client does not retry (like HTTP 403).
      socket.close(4403, 'no longer a member of this workspace');
    }
  }

  /**
   * An unconfirmed join lapses with its invite (F8) with no roster change to say so: its open
   * sockets go too, not only new ones. Enforces every room with open sockets whose cached roster
   * has `lapsed`, on the room's document as `docOf` reads it.
   */
  enforceLapsed(lapsed: (room: string) => boolean, docOf: (room: string) => Promise<Y.Doc>): void {
    for (const [room, here] of this.rooms)
      if (here.size > 0 && lapsed(room))
        void docOf(room).then(
          (doc) => this.enforce(room, doc),
          () => {},
        );
  }
}
