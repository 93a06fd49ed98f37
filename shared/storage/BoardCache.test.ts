import { describe, expect, it } from 'vitest';

import { aeadSeal, concatBytes, generateSymmetricKey, initCrypto, utf8 } from '../crypto';
import { BoardCache, openBoardCache, sealBoardCache } from './BoardCache';
import type { BoardCacheSnapshot } from './BoardCache';

import { memoryRecords } from '../testkit/localStore';

await initCrypto();

const memoryBackend = memoryRecords;

const snapshot = (workspaceId = 'ws-a', name = 'Org Falcon'): BoardCacheSnapshot => ({
  version: 1,
  workspaceId,
  title: 'Sector Table',
  shownAt: 1_700_000_000_000,
  rooms: [{ compartmentId: 'core-a', stateVector: 'AQID' }],
  lanes: [
    {
      name: 'Identify',
      total: 120,
      cards: [
        {
          id: 'o1',
          name,
          threat: 'high',
          leadAgency: 'County Sheriff',
          marking: 'TLP:AMBER',
          activities: ['narcotics'],
          networkCount: 4,
          outcomeCount: 1,
          priority: 2,
        },
      ],
    },
    { name: 'Collect', total: 0, cards: [] },
  ],
});

describe('BoardCache (ADR 0022: the first paint of a cold open)', () => {
  it('round trip: what is written reads back the same, sealed (no plaintext at rest)', async () => {
    const { backend, records } = memoryBackend();
    const key = generateSymmetricKey();
    const cache = new BoardCache(backend, key, 'ws-a');
    expect(await cache.read()).toBeNull();
    await cache.write(snapshot());
    expect(await cache.read()).toEqual(snapshot());
    expect(records()).toHaveLength(1);
    const text = new TextDecoder('latin1').decode(records()[0]);
    for (const plain of ['Org Falcon', 'Sector Table', 'Identify', 'County Sheriff']) expect(text).not.toContain(plain);
  });

  it('is replaced whole, never merged: a card gone from the live board is gone from the cache', async () => {
    const { backend, records } = memoryBackend();
    const cache = new BoardCache(backend, generateSymmetricKey(), 'ws-a');
    await cache.write(snapshot('ws-a', 'Org Falcon'));
    const next = { ...snapshot('ws-a', 'Org Heron'), lanes: [{ name: 'Identify', total: 0, cards: [] }] };
    await cache.write(next);
    expect(records()).toHaveLength(1);
    expect(await cache.read()).toEqual(next);
  });

  it('a damaged record is ignored (no preview), and the next write replaces it', async () => {
    const { backend, records, set } = memoryBackend();
    const key = generateSymmetricKey();
    const cache = new BoardCache(backend, key, 'ws-a');
    await cache.write(snapshot());
    for (const at of [0, 30, records()[0]!.length - 1]) {
      const damaged = records()[0]!.slice();
      damaged[at]! ^= 1;
      const { backend: b } = memoryBackend();
      await b.replaceAll([damaged]);
      expect(await new BoardCache(b, key, 'ws-a').read()).toBeNull();
    }
    set([new Uint8Array([1, 2, 3])]);
    expect(await cache.read()).toBeNull();
    set([]);
    expect(await cache.read()).toBeNull();
    await cache.write(snapshot());
    expect(await cache.read()).toEqual(snapshot());
  });

  it('a record sealed with another key, or for another workspace, never opens', async () => {
    const key = generateSymmetricKey();
    const other = generateSymmetricKey();
    expect(openBoardCache(key, 'ws-a', sealBoardCache(other, snapshot()))).toBeNull();
    // Copied from workspace b's cache into a's place: the associated data names b.
    expect(openBoardCache(key, 'ws-a', sealBoardCache(key, snapshot('ws-b')))).toBeNull();
    expect(openBoardCache(key, 'ws-b', sealBoardCache(key, snapshot('ws-b')))).toEqual(snapshot('ws-b'));
    // A record that authenticates for a but names b inside (no honest writer makes one): refused too.
    expect(openBoardCache(key, 'ws-a', sealAs(key, 'ws-a', snapshot('ws-b')))).toBeNull();
    // Another record of the same key (a transport record) is not a cache.
    const { nonce, ciphertext } = aeadSeal(key, utf8('{}'), utf8('unity-table/v1/local-transport/ws-a'));
    expect(openBoardCache(key, 'ws-a', concatBytes(nonce, ciphertext))).toBeNull();
  });

  it('an old or unknown version, or a malformed snapshot, is ignored whole', () => {
    const key = generateSymmetricKey();
    const bad: unknown[] = [
      { ...snapshot(), version: 0 },
      { ...snapshot(), version: 2 },
      { ...snapshot(), lanes: 'Identify' },
      { ...snapshot(), shownAt: -1 },
      { ...snapshot(), lanes: [{ name: 'Identify', total: 0, cards: snapshot().lanes[0]!.cards }] },
      {
        ...snapshot(),
        lanes: [{ ...snapshot().lanes[0]!, cards: [{ ...snapshot().lanes[0]!.cards[0]!, priority: 'x' }] }],
      },
      { ...snapshot(), lanes: [{ ...snapshot().lanes[0]!, cards: [{ ...snapshot().lanes[0]!.cards[0]!, name: 7 }] }] },
      [],
      'text',
      null,
    ];
    for (const v of bad) expect(openBoardCache(key, 'ws-a', sealAs(key, 'ws-a', v))).toBeNull();
  });

  it('refuses to write another workspace’s snapshot in its place', () => {
    const cache = new BoardCache(memoryBackend().backend, generateSymmetricKey(), 'ws-a');
    expect(() => cache.write(snapshot('ws-b'))).toThrow(/own workspace/);
  });
});

/** Seals any value as a cache record of `workspaceId` (what only a holder of the key could write). */
function sealAs(key: Uint8Array, workspaceId: string, value: unknown): Uint8Array {
  const { nonce, ciphertext } = aeadSeal(
    key,
    utf8(JSON.stringify(value)),
    utf8(`unity-table/v1/board-cache/${workspaceId}`),
  );
  return concatBytes(nonce, ciphertext);
}
