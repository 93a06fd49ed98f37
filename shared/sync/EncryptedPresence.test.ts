import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../crypto';
import { exchange, testClient } from './testkit';
import { addInvite, completeJoin, createWorkspaceTransport } from './workspaceSetup';

await initCrypto();

function setup() {
  const adminId = generateIdentity();
  const t1 = new Y.Doc();
  const workspaceId = createWorkspaceTransport(t1, adminId, Date.now());
  const seed = addInvite(t1, workspaceId, adminId, 'lead', Date.now() + 60_000, Date.now());
  const t2 = new Y.Doc();
  exchange(t1, t2);
  const leadId = generateIdentity();
  completeJoin(t2, workspaceId, seed, leadId, Date.now());
  exchange(t1, t2);
  const a = testClient(workspaceId, t1, adminId);
  const b = testClient(workspaceId, t2, leadId);
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
