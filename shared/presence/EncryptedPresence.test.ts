import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { roomsWorld } from '../testkit/roomsWorld';
import { tableOfTwo } from '../testkit/workspaces';

await initCrypto();

function setup() {
  const { admin: a, member: b } = tableOfTwo('lead');
  const [t1, t2] = [a.transport, b.transport];
  const awA = new Awareness(t1);
  const awB = new Awareness(t2);
  const pa = a.workspace.attachPresence(awA);
  const pb = b.workspace.attachPresence(awB);
  /** What a relay forwards: a's awareness update, as bytes. */
  const fromA = () => encodeAwarenessUpdate(awA, [awA.clientID]);
  return { a, b, awA, awB, pa, pb, fromA };
}

describe('EncryptedPresence', () => {
  it('carries a state that only members can read', () => {
    const { a, awB, pa, pb, fromA } = setup();
    pa.setLocal({ card: 'org-7', name: 'secret location' });
    const wire = fromA();
    expect(Buffer.from(wire).includes('secret location')).toBe(false);
    applyAwarenessUpdate(awB, wire, 'relay');
    expect(pb.others()).toMatchObject([{ memberId: a.workspace.me, state: { card: 'org-7' } }]);
  });

  it('ignores a replayed older state', () => {
    const { awA, awB, pa, pb, fromA } = setup();
    pa.setLocal({ card: 'first' });
    const old = encodeAwarenessUpdate(awA, [awA.clientID]);
    pa.setLocal({ card: 'second' });
    applyAwarenessUpdate(awB, fromA(), 'relay');
    // The relay replays the first state with a higher awareness clock: its envelope seq is older.
    const replay = new Awareness(new Y.Doc());
    replay.clientID = awA.clientID;
    applyAwarenessUpdate(replay, old, 'x');
    replay.setLocalState(replay.getStates().get(awA.clientID) ?? null);
    for (let i = 0; i < 5; i++) replay.setLocalState({ ...(replay.getLocalState() ?? {}) });
    applyAwarenessUpdate(awB, encodeAwarenessUpdate(replay, [awA.clientID]), 'relay');
    expect(pb.others().map((p) => p.state['card'])).toEqual(['second']);
  });

  it('ignores states that are not sealed envelopes of a member', () => {
    const { awB, pb } = setup();
    const stranger = new Awareness(new Y.Doc());
    stranger.setLocalState({ e: 'not-an-envelope', name: 'plaintext' });
    applyAwarenessUpdate(awB, encodeAwarenessUpdate(stranger, [stranger.clientID]), 'relay');
    expect(pb.others()).toEqual([]);
  });
});

describe('EncryptedPresence per room (ADR 0012 §4)', () => {
  it('a partner never opens presence sealed in a room it is not in', () => {
    const w = roomsWorld();
    const sheriff = w.join('partner');
    const police = w.join('partner');
    const withSheriff = w.createCompartment(w.admin, 'releasable', [sheriff.workspace.me]);
    const withPolice = w.createCompartment(w.admin, 'releasable', [police.workspace.me]);
    w.sync();
    const awAdmin = new Awareness(new Y.Doc());
    const published = w.admin.workspace.room(withSheriff.id)!.attachPresence(awAdmin);
    published.setLocal({ card: 'org-7' });
    const wire = encodeAwarenessUpdate(awAdmin, [awAdmin.clientID]);
    // The sheriff, in the room, reads it; the police partner gets the same bytes in its own room and does not.
    const awSheriff = new Awareness(new Y.Doc());
    const sheriffSees = sheriff.workspace.room(withSheriff.id)!.attachPresence(awSheriff);
    applyAwarenessUpdate(awSheriff, wire, 'relay');
    expect(sheriffSees.others()).toMatchObject([{ memberId: w.admin.workspace.me, state: { card: 'org-7' } }]);
    const awPolice = new Awareness(new Y.Doc());
    const policeSees = police.workspace.room(withPolice.id)!.attachPresence(awPolice);
    applyAwarenessUpdate(awPolice, wire, 'relay');
    expect(policeSees.others()).toEqual([]);
    expect(police.workspace.room(withSheriff.id)).toBeUndefined();
  });
});
