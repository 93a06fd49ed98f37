import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { decodeRosterSeed, encodeRosterSeed } from './rosterSeed';
import { docListName, KEY_LIST, ROSTER_LIST } from './transportLayout';

/** A directory with two roster entries and one key entry, written by another client than the reader. */
function directory(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 7; // a fixed frame, so a seeded run replays
  doc.getArray<Uint8Array>(ROSTER_LIST).push([new Uint8Array([1, 2]), new Uint8Array([3])]);
  doc.getArray<Uint8Array>(KEY_LIST).push([new Uint8Array([9])]);
  return doc;
}

describe('the seed frame: a directory as one Yjs update of its roster and key lists (ADR 0014)', () => {
  it('reads the entries, and the update it hands back adds nothing to the directory it came from', () => {
    const doc = directory();
    const seed = decodeRosterSeed(encodeRosterSeed(doc));
    if (!seed.ok) throw new Error(seed.why);
    expect(seed.entries).toEqual([new Uint8Array([1, 2]), new Uint8Array([3])]);
    // The relay applies it; the member's sync afterwards finds nothing to send: the items are the same.
    const relay = new Y.Doc();
    Y.applyUpdate(relay, seed.update);
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(doc));
    expect(relay.getArray(ROSTER_LIST).length).toBe(2);
    expect(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(relay))).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
  });

  it('takes a directory whose legacy content was moved out (deleted doc:* lists), refuses one that holds content', () => {
    const doc = directory();
    const legacy = doc.getArray<Uint8Array>(docListName('workspace'));
    legacy.push([new Uint8Array(64).fill(7)]);
    expect(decodeRosterSeed(encodeRosterSeed(doc))).toEqual({ ok: false, why: 'content' });
    legacy.delete(0, 1);
    expect(decodeRosterSeed(encodeRosterSeed(doc)).ok).toBe(true);
  });

  it('refuses any other root type, and map entries on the roster list', () => {
    const extra = directory();
    extra.getMap('probe').set('x', 1);
    expect(decodeRosterSeed(encodeRosterSeed(extra))).toEqual({ ok: false, why: 'foreign' });
    const keyed = new Y.Doc();
    (keyed.get(ROSTER_LIST, Y.Map) as Y.Map<number>).set('x', 1);
    expect(decodeRosterSeed(encodeRosterSeed(keyed))).toEqual({ ok: false, why: 'foreign' });
  });

  it('refuses garbage, a truncation, trailing bytes and items whose predecessors are missing', () => {
    const doc = directory();
    const valid = encodeRosterSeed(doc);
    const before = Y.encodeStateVector(doc);
    doc.getArray<Uint8Array>(ROSTER_LIST).push([new Uint8Array([4])]);
    const malformed = { ok: false, why: 'malformed' };
    expect(decodeRosterSeed(new Uint8Array())).toEqual(malformed);
    expect(decodeRosterSeed(valid.slice(0, valid.length - 3))).toEqual(malformed);
    expect(decodeRosterSeed(new Uint8Array([...valid, 0]))).toEqual(malformed);
    expect(decodeRosterSeed(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f]))).toEqual(malformed);
    expect(decodeRosterSeed(Y.encodeStateAsUpdate(doc, before))).toEqual(malformed);
  });

  it('never reads past a frame that is a slice of a larger buffer, and stores its own copy', () => {
    const valid = encodeRosterSeed(directory());
    const pooled = new Uint8Array(valid.length + 64).fill(0xaa);
    pooled.set(valid);
    const seed = decodeRosterSeed(pooled.subarray(0, valid.length - 1));
    expect(seed).toEqual({ ok: false, why: 'malformed' });
    const whole = decodeRosterSeed(pooled.subarray(0, valid.length));
    if (!whole.ok) throw new Error(whole.why);
    expect(whole.update.buffer.byteLength).toBe(valid.length);
  });

  // Replay one run with SEED=<n>.
  const fixed = process.env['SEED'];
  const seed = fixed ? Number(fixed) : Date.now() % 2 ** 31;
  it('never throws on seeded mutations of a frame, and what it takes holds the roster and key lists only', () => {
    const valid = encodeRosterSeed(directory());
    const gen = prng.create(seed);
    try {
      for (let i = 0; i < 3000; i++) {
        const frame = valid.slice();
        for (let k = prng.int32(gen, 1, 4); k > 0; k--)
          frame[prng.int32(gen, 0, frame.length - 1)] = prng.int32(gen, 0, 255);
        const read = decodeRosterSeed(prng.bool(gen) ? frame : frame.subarray(0, prng.int32(gen, 0, frame.length)));
        if (!read.ok) continue;
        const stored = new Y.Doc();
        Y.applyUpdate(stored, read.update);
        expect(stored.store.pendingStructs, `mutation ${i}`).toBeNull();
        for (const [name, type] of stored.share)
          expect([ROSTER_LIST, KEY_LIST].includes(name) || type._length === 0, `mutation ${i}: ${name}`).toBe(true);
        expect(stored.getArray(ROSTER_LIST).toArray()).toEqual(read.entries);
      }
    } catch (e) {
      console.error(
        `seed frame fuzz failed with SEED=${seed} (replay: SEED=${seed} npx vitest run shared/protocol/rosterSeed.test.ts)`,
      );
      throw e;
    }
  });
});
