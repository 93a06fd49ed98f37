import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { decodedShapeOf, shapeOf, utf16Length } from './updateShape';

const SEED = Number(process.env.SEED ?? Date.now() % 1_000_000);
console.log(`updateShape: SEED=${SEED} replays this run`);

const STRINGS = ['Org Falcon', '', 'Cártel del Noroeste', '東 route', 'stash 🏠 house', '\uFEFFbom', 'a'.repeat(300)];

/** Updates of many shapes, as members' documents write them: maps of any values, text, arrays, binary, deletions, nested types, XML, formats. */
function sampleUpdates(gen: prng.PRNG): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let n = 0; n < 12; n++) {
    const doc = new Y.Doc();
    doc.clientID = prng.uint32(gen, 1, 2 ** 31);
    const pick = <T>(xs: T[]): T => xs[prng.uint32(gen, 0, xs.length - 1)]!;
    for (let i = 0; i < prng.uint32(gen, 1, 20); i++) {
      const kind = prng.uint32(gen, 0, 8);
      const map = doc.getMap('organizations');
      if (kind === 0) map.set(pick(STRINGS) + i, { name: pick(STRINGS), threat: i, tags: [pick(STRINGS), null, true] });
      else if (kind === 1) doc.getText('note').insert(0, pick(STRINGS));
      else if (kind === 2) doc.getArray('list').push([i, 1.5, pick(STRINGS), new Uint8Array([i, 2, 3])]);
      else if (kind === 3) map.delete([...map.keys()][0] ?? 'none');
      else if (kind === 4) map.set(`nested${i}`, new Y.Map());
      else if (kind === 5) doc.getText('note').format(0, 1, { bold: true });
      else if (kind === 6) {
        if (doc.getArray('list').length > 0) doc.getArray('list').delete(0, 1);
      } else if (kind === 7) map.set(`big${i}`, BigInt(i) * 1234567890123n);
      else doc.getXmlFragment('xml').insert(0, [new Y.XmlElement(pick(['p', 'h1', 'ülist'])), new Y.XmlText('x')]);
      if (prng.bool(gen)) out.push(Y.encodeStateAsUpdate(doc));
    }
    out.push(Y.encodeStateAsUpdate(doc));
  }
  return out;
}

/** Either both throw, or both give the same shape. */
function outcome(f: (u: Uint8Array) => { ends: Map<number, number>; deletes: Map<number, number> }, u: Uint8Array) {
  try {
    const { ends, deletes } = f(u);
    return { ends: [...ends], deletes: [...deletes] };
  } catch {
    return 'throws';
  }
}

describe('shapeOf (issue 17: the check reads an update without building it)', () => {
  it('answers as Yjs decodeUpdate does for every honest update', () => {
    const gen = prng.create(SEED);
    for (const u of sampleUpdates(gen)) expect(outcome(shapeOf, u)).toEqual(outcome(decodedShapeOf, u));
  });

  it('answers as decodeUpdate does for damaged and hostile bytes: flipped, cut, inserted (seeded)', () => {
    const gen = prng.create(SEED + 1);
    let compared = 0;
    for (const u of sampleUpdates(gen)) {
      for (let k = 0; k < 40; k++) {
        const bad = u.slice();
        const at = prng.uint32(gen, 0, bad.length - 1);
        const how = prng.uint32(gen, 0, 2);
        let mutated: Uint8Array;
        if (how === 0) {
          bad[at] = prng.uint32(gen, 0, 255);
          mutated = bad;
        } else if (how === 1) mutated = bad.subarray(0, at);
        else mutated = new Uint8Array([...bad.subarray(0, at), prng.uint32(gen, 0, 255), ...bad.subarray(at)]);
        expect(outcome(shapeOf, mutated), `SEED=${SEED} update ${[...u].join()} became ${[...mutated].join()}`).toEqual(
          outcome(decodedShapeOf, mutated),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(400);
  });

  it('refuses a zero-length struct under a stranger\u2019s client and a client listed twice, as before', () => {
    // One section, client 7, clock 0, a GC struct of length 0; then an empty delete set.
    expect(() => shapeOf(new Uint8Array([1, 1, 7, 0, 0, 0, 0]))).toThrow('a zero-length struct');
    // Two sections of client 7 (a GC of length 1 each), apart: listed twice.
    const twice = new Uint8Array([3, 1, 7, 0, 0, 1, 1, 8, 0, 0, 1, 1, 7, 5, 0, 1, 0]);
    expect(() => shapeOf(twice)).toThrow('a client listed twice');
    expect(() => decodedShapeOf(twice)).toThrow('a client listed twice');
  });

  it('checks strings as UTF-8 exactly where the decoder Yjs uses refuses them (fatal, BOM kept)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const gen = prng.create(SEED + 2);
    const interesting = [
      0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x8f, 0x90,
    ];
    for (let k = 0; k < 20_000; k++) {
      const bytes = new Uint8Array(prng.uint32(gen, 0, 6)).map(() =>
        prng.bool(gen) ? interesting[prng.uint32(gen, 0, interesting.length - 1)]! : prng.uint32(gen, 0, 255),
      );
      let expected: number | 'throws';
      try {
        expected = decoder.decode(bytes).length;
      } catch {
        expected = 'throws';
      }
      let actual: number | 'throws';
      try {
        actual = utf16Length(bytes);
      } catch {
        actual = 'throws';
      }
      expect(actual, `SEED=${SEED} bytes ${[...bytes].join()}`).toBe(expected);
    }
  });
});
