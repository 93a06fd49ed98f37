import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, generateSymmetricKey, identityFromSeed, initCrypto, memberIdOf } from '../shared/crypto';
import {
  addInvite,
  completeJoin,
  computeRoster,
  confirmJoin,
  coreCompartmentId,
  createCompartmentEntry,
  createCompartmentRemoveEntry,
  createWorkspaceTransport,
  removeMember,
  sealLabel,
} from '../shared/membership';
import { entryIdOf, ROSTER_LIST } from '../shared/protocol';
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
const TAKEN_OUT: [number, string] = [4403, 'no longer a member of this compartment'];

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

describe('membership enforcement in compartment rooms (ADR 0012 §4)', () => {
  it("closes, in every room of the workspace, the sockets its directory's roster admits no longer", () => {
    const now = Date.now();
    const lines: string[] = [];
    const members = new MembershipEnforcer((line) => lines.push(line));
    const admin = generateIdentity();
    const doc = new Y.Doc();
    const ws = createWorkspaceTransport(doc, admin, now);
    const join = (role: 'analyst' | 'partner') => {
      const seed = addInvite(doc, ws, admin, role, now + 60_000, now);
      const member = generateIdentity();
      completeJoin(doc, ws, seed, member, now);
      confirmJoin(doc, ws, admin, memberIdOf(identityFromSeed(seed)), memberIdOf(member), now);
      return member;
    };
    const analyst = join('analyst');
    const partner = join('partner');
    const write = (make: (prev: string[]) => Uint8Array) => {
      const entry = make(computeRoster(ws, doc.getArray(ROSTER_LIST).toArray()).heads);
      doc.getArray<Uint8Array>(ROSTER_LIST).push([entry]);
      return entryIdOf(entry);
    };
    const label = sealLabel(ws, generateSymmetricKey(), 0, { title: 'Webb County SO', marking: 'TLP:AMBER' });
    const releasable = write((prev) =>
      createCompartmentEntry(ws, admin, 'releasable', [memberIdOf(partner)], label, now, prev),
    );
    const core = coreCompartmentId(ws);

    const socket = (room: string, identity: { signPublicKey: Uint8Array }) => {
      const s = new FakeSocket();
      members.admit(room, s, memberIdOf(identity), ws);
      return s;
    };
    const partnerDirectory = new FakeSocket();
    members.admit(ws, partnerDirectory, memberIdOf(partner));
    const partnerReleasable = socket(releasable, partner);
    const analystCore = socket(core, analyst);
    const analystReleasable = socket(releasable, analyst);
    // The same room name under another workspace's directory is not this roster's to judge.
    const elsewhere = new FakeSocket();
    members.admit(releasable, elsewhere, memberIdOf(partner), 'another-workspace');

    members.enforce(ws, doc);
    for (const s of [partnerDirectory, partnerReleasable, analystCore, analystReleasable, elsewhere])
      expect(s.closedWith).toBeNull();

    write((prev) => createCompartmentRemoveEntry(ws, admin, releasable, memberIdOf(partner), 1, now + 1, { prev }));
    members.enforce(ws, doc);
    expect(partnerReleasable.closedWith).toEqual(TAKEN_OUT);
    expect(partnerDirectory.closedWith, 'its directory socket stays').toBeNull();
    expect(elsewhere.closedWith).toBeNull();
    expect(lines).toContain(
      `closed ${memberIdOf(partner).slice(0, 8)}… on ${releasable}: no longer a member of this compartment`,
    );

    removeMember(doc, ws, admin, memberIdOf(analyst), now + 2, { revokeOpenInvites: false });
    members.enforce(ws, doc);
    expect(analystCore.closedWith, 'a member removed from the workspace leaves every room').toEqual(TAKEN_OUT);
    expect(analystReleasable.closedWith).toEqual(TAKEN_OUT);
  });
});
