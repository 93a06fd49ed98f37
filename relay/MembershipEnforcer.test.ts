import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, identityFromSeed, initCrypto, memberIdOf } from '../shared/crypto';
import { addInvite, completeJoin, confirmJoin, createWorkspaceTransport, removeMember } from '../shared/membership';
import { MembershipEnforcer } from './MembershipEnforcer';

await initCrypto();

/** An open socket that records how the relay closed it; 'close' is emitted by the test. */
class FakeSocket extends EventEmitter {
  closedWith: [number, string] | null = null;
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
  }
}

const REMOVED: [number, string] = [4403, 'no longer a member of this workspace'];

describe('membership enforcement at the relay', () => {
  it('closes the sockets the roster admits no longer: a removed member, a spent invite, a lapsed join, an expired invite', async () => {
    const t0 = Date.now();
    let now = t0;
    const lines: string[] = [];
    const members = new MembershipEnforcer(
      (line) => lines.push(line),
      () => now,
    );
    const admin = generateIdentity();
    const doc = new Y.Doc();
    const room = createWorkspaceTransport(doc, admin, t0);
    // A confirmed member; a join nobody confirmed yet; an invite nobody used. Each invite lasts a minute.
    const member = generateIdentity();
    const memberInvite = addInvite(doc, room, admin, 'analyst', t0 + 60_000, t0);
    completeJoin(doc, room, memberInvite, member, t0);
    confirmJoin(doc, room, admin, memberIdOf(identityFromSeed(memberInvite)), memberIdOf(member), t0);
    const joiner = generateIdentity();
    const joinerInvite = addInvite(doc, room, admin, 'analyst', t0 + 60_000, t0);
    completeJoin(doc, room, joinerInvite, joiner, t0);
    const openInvite = addInvite(doc, room, admin, 'analyst', t0 + 60_000, t0);

    const socket = (identity: { signPublicKey: Uint8Array }) => {
      const s = new FakeSocket();
      members.admit(room, s, memberIdOf(identity));
      return s;
    };
    const adminSocket = socket(admin);
    const memberSocket = socket(member);
    const joinerSocket = socket(joiner);
    const spentInviteSocket = socket(identityFromSeed(joinerInvite));
    const openInviteSocket = socket(identityFromSeed(openInvite));
    const leftSocket = socket(member);
    leftSocket.emit('close');

    members.enforce(room, doc);
    expect(spentInviteSocket.closedWith, 'an invite whose join is in the roster').toEqual(REMOVED);
    for (const s of [adminSocket, memberSocket, joinerSocket, openInviteSocket]) expect(s.closedWith).toBeNull();

    removeMember(doc, room, admin, memberIdOf(member), t0 + 1000, { revokeOpenInvites: false });
    members.enforce(room, doc);
    expect(memberSocket.closedWith, 'the removed member').toEqual(REMOVED);
    expect(leftSocket.closedWith, 'a socket that had closed already is forgotten').toBeNull();
    expect(lines).toContain(`closed ${memberIdOf(member).slice(0, 8)}… on ${room}: no longer a member`);

    // Past the invites' expiry, with no roster change: the sweep enforces only the rooms whose roster lapsed.
    now = t0 + 61_000;
    const swept: string[] = [];
    members.enforceLapsed(
      () => false,
      async (r) => (swept.push(r), doc),
    );
    expect(swept).toEqual([]);
    members.enforceLapsed(
      (r) => r === room,
      async () => doc,
    );
    await new Promise((resolve) => setImmediate(resolve)); // the documents are read first
    expect(joinerSocket.closedWith, 'the unconfirmed join, lapsed with its invite').toEqual(REMOVED);
    expect(openInviteSocket.closedWith, 'the expired invite').toEqual(REMOVED);
    expect(adminSocket.closedWith).toBeNull();
  });
});
