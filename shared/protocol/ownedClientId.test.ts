import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateIdentity, initCrypto } from '../crypto';
import { CLIENT_ID_SLOTS, newReplica, ownedClientId, ownedClientIds } from './ownedClientId';

await initCrypto();

describe('owned Yjs client ids', () => {
  it('are 53-bit, distinct per author, document, replica and slot, and stable', () => {
    const a = generateIdentity().signPublicKey;
    const b = generateIdentity().signPublicKey;
    const ids = [
      ...ownedClientIds(a, 'workspace', 1),
      ...ownedClientIds(a, 'workspace', 2),
      ...ownedClientIds(a, 'note-x', 1),
      ...ownedClientIds(b, 'workspace', 1),
    ];
    expect(new Set(ids).size).toBe(4 * CLIENT_ID_SLOTS);
    for (const id of ids) expect(Number.isSafeInteger(id) && id >= 0 && id < 2 ** 53).toBe(true);
    expect(ownedClientId(a, 'workspace', 1, 3)).toBe(ids[3]);
    expect(Math.max(...ids)).toBeGreaterThan(2 ** 32); // really past 32 bits, or the test below proves little
  });

  it('Yjs encodes, merges, deletes and garbage-collects under ids up to 2^53 − 1 (v1 and v2)', () => {
    const big = [2 ** 53 - 1, 2 ** 53 - 2, 2 ** 40 + 5];
    const docs = big.map((id) => {
      const d = new Y.Doc();
      d.clientID = id;
      return d;
    });
    docs.forEach((d, i) => {
      d.getText('t').insert(0, `hello ${i} `);
      d.getMap('m').set('k', i);
      d.getArray('a').push([i, i + 1]);
    });
    const sync = (v2: boolean) => {
      for (const from of docs)
        for (const to of docs) {
          if (from === to) continue;
          if (v2) Y.applyUpdateV2(to, Y.encodeStateAsUpdateV2(from, Y.encodeStateVector(to)));
          else Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
        }
    };
    sync(false);
    docs[0]!.getText('t').delete(0, 4);
    docs[1]!.getArray('a').delete(0, 3);
    sync(true);
    const merged = Y.mergeUpdates(docs.map((d) => Y.encodeStateAsUpdate(d)));
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, merged);
    const view = (d: Y.Doc) => ({
      t: d.getText('t').toString(),
      m: d.getMap('m').toJSON(),
      a: d.getArray('a').toJSON(),
    });
    for (const d of docs) expect(view(d)).toEqual(view(fresh));
    expect(view(fresh).t.length).toBe('hello 0 '.length * 3 - 4);
    expect(view(fresh).a.length).toBe(3);
    expect([...Y.decodeStateVector(Y.encodeStateVector(fresh)).keys()].sort()).toEqual([...big].sort());
    expect([...Y.parseUpdateMeta(merged).to.keys()].sort()).toEqual([...big].sort());
    // No "another client seems to be using it": every doc kept its id.
    expect(docs.map((d) => d.clientID)).toEqual(big);
  });

  it('draws replicas from the CSPRNG, 48 bits', () => {
    const draws = Array.from({ length: 64 }, newReplica);
    expect(new Set(draws).size).toBe(64);
    for (const r of draws) expect(Number.isSafeInteger(r) && r < 2 ** 48).toBe(true);
    expect(draws.some((r) => r >= 2 ** 32)).toBe(true);
  });
});
