import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { docListName } from '../protocol';
import { exchange, manualClock, tableOfTwo } from '../testkit/workspaces';
import { DecodedArrayTrimmer } from './decodedArrayTrimmer';

await initCrypto();

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** `n` cards of three values each, made on another replica and encoded as one update. */
function remoteCards(n: number, from = 0): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = from; i < from + n; i++) {
      const card = new Y.Map<unknown>();
      doc.getMap('cards').set(`c${i}`, card);
      card.set('name', `Org ${i}`);
      card.set('lane', 'Identify');
      card.set('updatedAt', 1_780_000_000_000 + i);
    }
  });
  return Y.encodeStateAsUpdate(doc);
}

const runAll = (clock: ReturnType<typeof manualClock>) => {
  for (let i = 0; clock.pending() > 0; i++) {
    if (i > 1000) throw new Error('the trimmer never finished');
    clock.tick();
  }
};

describe('DecodedArrayTrimmer', () => {
  it('gives back the room V8 reserved in decoded map values (a test that fails if trimming stops)', () => {
    const n = 20_000; // 80,000 values
    const clock = manualClock();
    const doc = new Y.Doc();
    const trimmer = new DecodedArrayTrimmer(doc, clock.schedule, 1000);
    Y.applyUpdate(doc, remoteCards(n), 'relay');
    expect(trimmer.pending).toBeGreaterThan(3 * n);
    const before = heapUsed();
    runAll(clock);
    const after = heapUsed();
    expect(trimmer.pending).toBe(0);
    // Each decoded value's array had room for 17 (at least 64 bytes spare with compressed pointers,
    // 128 without): trimmed, 80,000 of them give back well over 2.5 MB.
    expect(before - after).toBeGreaterThan(2.5e6);
    const card = (doc.getMap('cards').get('c7') as Y.Map<unknown>).toJSON();
    expect(card).toEqual({ name: 'Org 7', lane: 'Identify', updatedAt: 1_780_000_000_007 });
    trimmer.destroy();
  });

  it('leaves local edits alone: their arrays are built to size', () => {
    const clock = manualClock();
    const doc = new Y.Doc();
    const trimmer = new DecodedArrayTrimmer(doc, clock.schedule, 0);
    doc.getMap('cards').set('c1', 'Org Falcon');
    expect(trimmer.pending).toBe(0);
    expect(clock.pending()).toBe(0);
    trimmer.destroy();
  });

  it('keeps every value while edits split, delete and add structs between its slices', () => {
    const clock = manualClock();
    const doc = new Y.Doc();
    const twin = new Y.Doc();
    const trimmer = new DecodedArrayTrimmer(doc, clock.schedule, 0);
    const first = remoteCards(12_000); // 48,000 structs: three slices
    Y.applyUpdate(doc, first, 'relay');
    Y.applyUpdate(twin, first, 'relay');
    const list = doc.getArray<unknown>('list');
    const other = new Y.Doc();
    other.getArray<unknown>('list').insert(
      0,
      Array.from({ length: 50 }, (_, i) => i),
    );
    const listUpdate = Y.encodeStateAsUpdate(other);
    for (let slice = 0; clock.pending() > 0; slice++) {
      clock.tick();
      // Between slices: a remote list (one struct of 50 values), then a local insert that splits it.
      if (slice === 0) {
        Y.applyUpdate(doc, listUpdate, 'relay');
        Y.applyUpdate(twin, listUpdate, 'relay');
        list.insert(10, ['local']);
        twin.getArray<unknown>('list').insert(10, ['local']);
      }
      if (slice === 1) {
        doc.getMap('cards').delete('c3');
        twin.getMap('cards').delete('c3');
      }
    }
    expect(trimmer.pending).toBe(0);
    expect(doc.toJSON()).toEqual(twin.toJSON());
    expect(list.length).toBe(51);
    trimmer.destroy();
  });

  it('stops with its document: nothing runs after destroy', () => {
    const clock = manualClock();
    const doc = new Y.Doc();
    const trimmer = new DecodedArrayTrimmer(doc, clock.schedule, 0);
    Y.applyUpdate(doc, remoteCards(10), 'relay');
    trimmer.destroy();
    expect(clock.pending()).toBe(0);
    Y.applyUpdate(doc, remoteCards(10, 10), 'relay');
    expect(clock.pending()).toBe(0);
  });

  it('trims what a member received through its channel, and nothing a hostile member forged is applied', () => {
    const { admin, member } = tableOfTwo('analyst');
    const cards = admin.workspace.document('workspace').getMap<string>('cards');
    for (let i = 0; i < 300; i++) cards.set(`c${i}`, `Org ${i}`);
    admin.clock.tick();
    // A hostile copy: one byte of the envelope changed, pushed beside the real one.
    const sent = admin.transport.getArray<Uint8Array>(docListName('workspace')).get(0);
    const forged = sent.slice();
    forged[forged.length - 70] = forged[forged.length - 70]! ^ 1;
    exchange(admin.transport, member.transport);
    member.transport.getArray<Uint8Array>(docListName('workspace')).push([forged]);
    const received = member.workspace.document('workspace');
    const arrays = () => {
      const out: unknown[][] = [];
      for (const structs of received.store.clients.values())
        for (const s of structs) if (s instanceof Y.Item && s.content instanceof Y.ContentAny) out.push(s.content.arr);
      return out;
    };
    const decoded = arrays();
    runAll(member.clock);
    const trimmed = arrays();
    expect(trimmed).toEqual(decoded);
    expect(trimmed.filter((a, i) => a === decoded[i])).toEqual([]); // each one copied to its own size
    expect(received.getMap('cards').get('c299')).toBe('Org 299');
    expect(member.reports.map((r) => r.code)).toEqual(['bad-signature']);
  });
});
