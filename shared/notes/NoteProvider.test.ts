import { describe, expect, it, vi } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';

import { initCrypto } from '../crypto';
import { DocMirror } from './DocMirror';
import { NoteProvider } from './NoteProvider';
import type { SharedConnection } from './NoteProvider';
import { exchange, tableOfTwo } from '../testkit/workspaces';

await initCrypto();

function fakeConnection(
  status: SharedConnection['status'] = 'connected',
  synced = true,
): SharedConnection & { emit(type: 'status' | 'sync', arg: unknown): void } {
  const listeners = new Map<string, Set<(arg: unknown) => void>>();
  return {
    status,
    provider: {
      synced,
      on: (type, cb) => listeners.set(type, (listeners.get(type) ?? new Set()).add(cb as (arg: unknown) => void)),
      off: (type, cb) => listeners.get(type)?.delete(cb as (arg: unknown) => void),
    },
    emit: (type, arg) => listeners.get(type)?.forEach((cb) => cb(arg)),
  };
}

function twoEditors() {
  const { admin: a, member: b } = tableOfTwo('analyst');
  const [t1, t2] = [a.transport, b.transport];
  const [awA, awB] = [new Awareness(t1), new Awareness(t2)];
  const [connA, connB] = [fakeConnection(), fakeConnection()];
  const pa = new NoteProvider(a.workspace.document('note-n1'), 'n1', a.workspace.attachPresence(awA), connA);
  const pb = new NoteProvider(b.workspace.document('note-n1'), 'n1', b.workspace.attachPresence(awB), connB);
  const relayAwareness = () => applyAwarenessUpdate(awB, encodeAwarenessUpdate(awA, [awA.clientID]), 'relay');
  return { a, b, pa, pb, awA, connA, relayAwareness };
}

describe('NoteProvider (what Lexical CollaborationPlugin gets)', () => {
  it('carries the note text through the encrypted workspace transport', () => {
    const { a, b, pa, pb } = twoEditors();
    pa.doc.getText('root').insert(0, 'Meeting: Org Falcon debrief');
    a.clock.tick();
    exchange(a.transport, b.transport);
    expect(pb.doc.getText('root').toString()).toBe('Meeting: Org Falcon debrief');
  });

  it('carries edits made through editor mirrors, each under a client id its member owns, slots reused', () => {
    const { a, b } = twoEditors();
    const source = a.workspace.document('note-n1');
    for (let i = 0; i < 9; i++) {
      const mirror = new DocMirror(source, a.workspace.mirrorClientId('note-n1'));
      mirror.link();
      const text = mirror.mirror.getText('root');
      text.insert(text.length, `line ${i};`);
      mirror.destroy();
      a.clock.tick();
    }
    exchange(a.transport, b.transport);
    const lines = Array.from({ length: 9 }, (_, i) => `line ${i};`).join('');
    expect(b.workspace.document('note-n1').getText('root').toString()).toBe(lines);
    expect(b.reports).toEqual([]);
  });

  it('says so at once when an editor mirror writes under a client id its member does not own', () => {
    const { a, b } = twoEditors();
    const mirror = new DocMirror(a.workspace.document('note-n1')); // no owned id: Yjs draws a random one
    mirror.link();
    mirror.mirror.getText('root').insert(0, 'lost');
    a.clock.tick();
    expect(a.reports.map((r) => [r.code, r.author])).toEqual([['bad-update', a.workspace.me]]);
    exchange(a.transport, b.transport);
    expect(b.workspace.document('note-n1').getText('root').toString()).toBe('');
    expect(b.reports.map((r) => r.code)).toEqual(['bad-update']);
  });

  it("shows a peer's cursor state in getStates, keyed apart from our own", () => {
    const { pa, pb, awA, relayAwareness } = twoEditors();
    const updated = vi.fn();
    pb.awareness.on('update', updated);
    pa.awareness.setLocalState({ name: 'Ana', color: '#f00', focusing: true, anchorPos: null, focusPos: null });
    relayAwareness();
    expect(updated).toHaveBeenCalled();
    expect(pb.awareness.getStates().get(awA.clientID)).toMatchObject({ name: 'Ana', focusing: true });
    pb.awareness.setLocalStateField('name', 'Ben');
    expect(pb.awareness.getStates().get(pb.doc.clientID)).toEqual({ name: 'Ben' });
  });

  it("reports the shared connection's status and sync to Lexical, and stops on off()", async () => {
    const { pa, connA } = twoEditors();
    const status = vi.fn();
    const sync = vi.fn();
    pa.on('status', status);
    pa.on('sync', sync);
    pa.connect();
    await Promise.resolve();
    expect(status).toHaveBeenCalledWith({ status: 'connected' });
    expect(sync).toHaveBeenCalledWith(true);
    pa.off('sync', sync);
    connA.emit('sync', false);
    expect(sync).toHaveBeenCalledTimes(1);
  });

  it('counts as synced offline (the local copy is loaded), but not while still connecting', async () => {
    const { admin: a } = tableOfTwo('analyst');
    const presence = a.workspace.attachPresence(new Awareness(a.transport));
    const heard = async (conn: SharedConnection) => {
      const p = new NoteProvider(a.workspace.document('note-n2'), 'n2', presence, conn);
      const sync = vi.fn();
      p.on('sync', sync);
      p.connect();
      await Promise.resolve();
      return sync.mock.calls.length;
    };
    expect(await heard(fakeConnection('disconnected', false))).toBe(1);
    expect(await heard(fakeConnection('connecting', false))).toBe(0);
  });
});
