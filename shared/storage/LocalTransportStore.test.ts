import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { generateSymmetricKey, initCrypto } from '../crypto';
import { LocalTransportStore } from './LocalTransportStore';
import type { RecordBackend } from './LocalTransportStore';

import { memoryRecords } from '../testkit/localStore';

await initCrypto();

const memoryBackend = memoryRecords;

const MiB = 1 << 20;
const WORKSPACE = 'ws-store-test';

/** Opaque bytes standing for an envelope (libsodium's randombytes is slow for megabytes). */
let made = 0;
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = ++made * 2654435761;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
}

/** A transport-like document: a list of opaque envelopes. */
const envelopes = (doc: Y.Doc) => doc.getArray<Uint8Array>('doc:workspace');

describe('LocalTransportStore (issue 17: what a cold open reads)', () => {
  it('does not repeat a large update in the next record, and reopens to the same document', async () => {
    const { backend, bytes } = memoryBackend();
    const key = generateSymmetricKey();
    const doc = new Y.Doc();
    const { store } = await LocalTransportStore.open(doc, backend, key, WORKSPACE);
    store.fromRelay('relay');
    // A first sync: the whole workspace, applied from the relay (which holds it).
    const relay = new Y.Doc();
    envelopes(relay).push([randomBytes(3 * MiB)]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay), 'relay');
    envelopes(doc).push([randomBytes(100)]);
    envelopes(doc).push([randomBytes(100)]);
    await store.close();
    // Once the big one, not twice (the next record used to start with it).
    expect(bytes()).toBeLessThan(3.2 * MiB);
    const reopened = new Y.Doc();
    const { problems } = await LocalTransportStore.open(reopened, backend, key, WORKSPACE);
    expect(problems).toEqual([]);
    const same = Buffer.compare(Y.encodeStateAsUpdate(reopened), Y.encodeStateAsUpdate(doc)) === 0;
    expect(same).toBe(true);
  });

  it('still recovers a small update from the next record when its own is damaged', async () => {
    const records: Uint8Array[] = [];
    const backend: RecordBackend = {
      readAll: async () => ({ records: records.map((r, i) => (i === 1 ? r.map((b) => b ^ 1) : r)), problems: [] }),
      append: async (r) => void records.push(r),
      replaceAll: async (rs) => void records.splice(0, records.length, ...rs),
    };
    const key = generateSymmetricKey();
    const doc = new Y.Doc();
    const { store } = await LocalTransportStore.open(doc, backend, key, WORKSPACE);
    for (let i = 0; i < 3; i++) envelopes(doc).push([randomBytes(200)]);
    await store.close();
    const reopened = new Y.Doc();
    const { problems } = await LocalTransportStore.open(reopened, backend, key, WORKSPACE);
    expect(problems).toEqual(['record 2 of the local copy does not decrypt: skipped']);
    expect(envelopes(reopened).length).toBe(3);
  });

  it.each([0, 1])(
    'repeats a large update not from a relay in the next record (record %i damaged): no relay re-sends what it never had (review17)',
    async (damaged) => {
      // A migration, a long paste, an imported bundle, offline: the relay never saw them, and this
      // session's later edits follow them in Yjs's order, so losing one's record would hold them all back.
      const records: Uint8Array[] = [];
      const backend: RecordBackend = {
        readAll: async () => ({
          records: records.map((r, i) => (i === damaged ? r.map((b) => b ^ 1) : r)),
          problems: [],
        }),
        append: async (r) => void records.push(r),
        replaceAll: async (rs) => void records.splice(0, records.length, ...rs),
      };
      const key = generateSymmetricKey();
      const doc = new Y.Doc();
      const { store } = await LocalTransportStore.open(doc, backend, key, WORKSPACE);
      store.fromRelay('relay');
      envelopes(doc).push([randomBytes(2 * MiB)]); // made here
      const bundle = new Y.Doc(); // applied, but from no relay
      envelopes(bundle).push([randomBytes(2 * MiB)]);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(bundle), 'bundle');
      envelopes(doc).push([randomBytes(100)]);
      await store.close();
      const reopened = new Y.Doc();
      const { problems } = await LocalTransportStore.open(reopened, backend, key, WORKSPACE);
      expect(problems).toEqual([`record ${damaged + 1} of the local copy does not decrypt: skipped`]);
      expect(envelopes(reopened).length).toBe(3);
    },
  );

  it('rewrites on open a store that mostly holds deleted content, so the next open reads only what is left', async () => {
    const { backend, bytes, count } = memoryBackend();
    const key = generateSymmetricKey();
    const doc = new Y.Doc();
    const { store } = await LocalTransportStore.open(doc, backend, key, WORKSPACE);
    envelopes(doc).push([randomBytes(2 * MiB)]);
    envelopes(doc).push([randomBytes(100)]);
    envelopes(doc).delete(0, 1); // migrated or compacted away
    await store.close();
    expect(bytes()).toBeGreaterThan(2 * MiB);
    const second = new Y.Doc();
    const opened = await LocalTransportStore.open(second, backend, key, WORKSPACE);
    await opened.store.close();
    expect(count()).toBe(1);
    expect(bytes()).toBeLessThan(64 * 1024);
    const third = new Y.Doc();
    await LocalTransportStore.open(third, backend, key, WORKSPACE);
    expect(envelopes(third).length).toBe(1);
    expect(Buffer.compare(envelopes(third).get(0), envelopes(doc).get(0))).toBe(0);
  });

  it('leaves a store whose records are the document alone (no rewrite at every open)', async () => {
    const { backend, count } = memoryBackend();
    const key = generateSymmetricKey();
    const doc = new Y.Doc();
    const { store } = await LocalTransportStore.open(doc, backend, key, WORKSPACE);
    store.fromRelay('relay');
    const relay = new Y.Doc(); // a first sync, from the relay: its big update is not repeated
    envelopes(relay).push([randomBytes(2 * MiB)]);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay), 'relay');
    envelopes(doc).push([randomBytes(100)]);
    await store.close();
    expect(count()).toBe(2);
    const again = await LocalTransportStore.open(new Y.Doc(), backend, key, WORKSPACE);
    await again.store.close();
    expect(count()).toBe(2);
  });
});
