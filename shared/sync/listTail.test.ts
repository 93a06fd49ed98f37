import * as prng from 'lib0/prng';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';

import { ListTail } from './listTail';

const SEED = Number(process.env['SEED'] ?? Date.now() % 2 ** 31);

function pair() {
  const docs = [new Y.Doc(), new Y.Doc()];
  docs.forEach((d, i) => (d.clientID = i + 1));
  const lists = docs.map((d) => d.getArray<Uint8Array>('list'));
  const sync = () => {
    for (const [from, to] of [
      [0, 1],
      [1, 0],
    ] as const) {
      Y.applyUpdate(docs[to]!, Y.encodeStateAsUpdate(docs[from]!, Y.encodeStateVector(docs[to]!)));
    }
  };
  return { docs, lists, sync };
}

const entry = (n: number) => new Uint8Array([n & 255, n >> 8]);

describe('ListTail', () => {
  it('appends at the end, after what others appended and after a deleted tail, as insert(length) would', () => {
    console.log(`ListTail seed: ${SEED} (replay: SEED=${SEED} npx vitest run shared/sync/listTail.test.ts)`);
    const gen = prng.create(SEED);
    const { docs, lists, sync } = pair();
    const tail = new ListTail(lists[0]!);
    const model: Uint8Array[] = [];
    for (let n = 0; n < 400; n++) {
      const op = prng.int32(gen, 0, 9);
      if (op < 5) {
        let stored: Uint8Array | undefined;
        docs[0]!.transact((tr) => (stored = tail.append(tr, entry(n))));
        expect(stored).toEqual(entry(n));
        expect(lists[0]!.get(lists[0]!.length - 1)).toBe(stored);
        model.push(entry(n));
      } else if (op < 8) {
        lists[1]!.insert(lists[1]!.length, [entry(n)]);
        model.push(entry(n));
      } else if (model.length > 0) {
        // Deletes anywhere, the tail included, on either side.
        const at = prng.int32(gen, 0, model.length - 1);
        lists[prng.int32(gen, 0, 1)]!.delete(at, 1);
        model.splice(at, 1);
      }
      sync();
      expect(lists[0]!.toArray(), `seed ${SEED}, step ${n}`).toEqual(model);
      expect(lists[1]!.toArray(), `seed ${SEED}, step ${n}`).toEqual(model);
    }
  });

  it('finds the end without asking Yjs for a position once it has appended (no walk over its own run)', () => {
    const doc = new Y.Doc();
    const list = doc.getArray<Uint8Array>('list');
    const tail = new ListTail(list);
    const insert = vi.spyOn(list, 'insert');
    for (let n = 0; n < 1000; n++) doc.transact((tr) => tail.append(tr, entry(n)));
    expect(insert).toHaveBeenCalledTimes(1);
    expect(list.length).toBe(1000);
    expect(list.get(999)).toEqual(entry(999));
    // The same items as Yjs's own append would write: another document reads them in order.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(copy.getArray<Uint8Array>('list').toArray()).toEqual(list.toArray());
  });
});
