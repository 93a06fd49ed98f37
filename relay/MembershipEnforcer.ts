import type * as Y from 'yjs';

import { compartmentMembers, computeRoster } from '../shared/membership';
import { rosterOf } from './RelayAccess';

/** The part of an open socket membership enforcement uses. */
export interface MemberSocket {
  close(code: number, reason: string): void;
  once(event: 'close', listener: () => void): unknown;
}

/** An open socket's room, and the member (or invite) key it was admitted as. */
interface Admitted {
  room: string;
  memberId: string;
}

/**
 * Which key each open socket was admitted as, in which room of which workspace, and the closing of
 * those the workspace's roster no longer admits: a removed member goes at once (S4), not at its
 * next reconnection, from its directory and from every compartment's room; so does a member taken
 * out of a compartment, from that room (ADR 0012 §4); and an invite's socket once its join is in
 * the roster. Only a directory's roster is ever read: the workspace id names the directory.
 */
export class MembershipEnforcer {
  private readonly workspaces = new Map<string, Map<MemberSocket, Admitted>>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Records `socket` as admitted to `room` as `memberId`, until it closes. `workspaceId` names the
   * directory whose roster admitted it: the room itself (the default) unless it is a content room.
   */
  admit(room: string, socket: MemberSocket, memberId: string, workspaceId: string = room): void {
    let here = this.workspaces.get(workspaceId);
    if (!here) this.workspaces.set(workspaceId, (here = new Map<MemberSocket, Admitted>()));
    here.set(socket, { room, memberId });
    socket.once('close', () => here.delete(socket));
  }

  /**
   * Computes the roster in `doc` (the directory of `workspaceId`) once, and closes every socket of
   * the workspace, in any of its rooms, that it admits no longer.
   */
  enforce(workspaceId: string, doc: Y.Doc): void {
    const here = this.workspaces.get(workspaceId);
    if (!here || here.size === 0) return;
    const now = this.now();
    const roster = computeRoster(workspaceId, rosterOf(doc), now);
    const inCompartment = new Map<string, Set<string>>();
    for (const [socket, { room, memberId }] of here) {
      if (room === workspaceId) {
        const invite = roster.invites.get(memberId);
        if (roster.members.has(memberId) || (invite && invite.usedBy === null && now <= invite.expiresAt)) continue;
        this.log(`closed ${memberId.slice(0, 8)}… on ${room}: no longer a member`);
        // 4403: in y-websocket's 4400–4499 range, where the client does not retry (like HTTP 403).
        socket.close(4403, 'no longer a member of this workspace');
      } else {
        let members = inCompartment.get(room);
        if (!members) inCompartment.set(room, (members = compartmentMembers(roster, room)));
        if (members.has(memberId)) continue;
        this.log(`closed ${memberId.slice(0, 8)}… on ${room}: no longer a member of this compartment`);
        socket.close(4403, 'no longer a member of this compartment');
      }
    }
  }

  /**
   * An unconfirmed join lapses with its invite (F8) with no roster change to say so: its open
   * sockets go too, not only new ones. Enforces every workspace with open sockets whose cached
   * roster has `lapsed`, on its directory's document as `docOf` reads it.
   */
  enforceLapsed(lapsed: (workspaceId: string) => boolean, docOf: (workspaceId: string) => Promise<Y.Doc>): void {
    for (const [workspaceId, here] of this.workspaces)
      if (here.size > 0 && lapsed(workspaceId))
        void docOf(workspaceId).then(
          (doc) => this.enforce(workspaceId, doc),
          () => {},
        );
  }
}
