// @vitest-environment happy-dom
// happy-dom: WorkspaceClient's module holds the browser's platform (its WebSocket).
import { describe, expect, it } from 'vitest';

import { generateSymmetricKey, initCrypto, wipe } from '../../shared/crypto';
import { BoardCache } from '../../shared/storage';
import type { BoardCacheSnapshot, RecordBackend } from '../../shared/storage';
import { firstScreen } from '../../shared/workspace';
import { BoardCacheWriter, FIRST_WRITE_MS, WRITE_EVERY_MS } from './BoardCacheWriter';
import { testWorkspaceClient } from './testWorkspaceClient';

await initCrypto();

function memory() {
  let records: Uint8Array[] = [];
  let writes = 0;
  const backend: RecordBackend = {
    readAll: async () => ({ records: [...records], problems: [] }),
    append: async (r) => void records.push(r),
    replaceAll: async (rs) => {
      writes++;
      records = [...rs];
    },
  };
  return { backend, writes: () => writes };
}

/** A manual clock: timers run only when `advance` passes them. */
function manualClock() {
  let t = 0;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => t,
    setTimeout: (fn: () => void, ms: number) => {
      const timer = { at: t + ms, fn };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (h: unknown) => void (timers = timers.filter((x) => x !== h)),
    advance(ms: number) {
      t += ms;
      const due = timers.filter((x) => x.at <= t);
      timers = timers.filter((x) => x.at > t);
      due.forEach((x) => x.fn());
    },
    pending: () => timers.length,
  };
}

const snap = (name: string): BoardCacheSnapshot => ({
  version: 1,
  workspaceId: 'ws-a',
  title: 'Sector Table',
  shownAt: 0,
  rooms: [],
  lanes: [
    {
      name: 'Identify',
      total: 1,
      cards: [
        {
          id: 'o1',
          name,
          threat: 'low',
          leadAgency: '',
          marking: '',
          activities: [],
          networkCount: 0,
          outcomeCount: 0,
          priority: null,
        },
      ],
    },
  ],
});

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('BoardCacheWriter (ADR 0022: when the cache is written)', () => {
  it('writes once soon after the open, then at most every two minutes while the board changes, and on close', async () => {
    const clock = manualClock();
    const { backend, writes } = memory();
    const key = generateSymmetricKey();
    const cache = new BoardCache(backend, key, 'ws-a');
    let name = 'Org Falcon';
    let listener = () => {};
    const writer = new BoardCacheWriter(
      { snapshot: (now) => ({ ...snap(name), shownAt: now }), subscribe: (l) => ((listener = l), () => {}) },
      cache,
      clock,
    );
    clock.advance(FIRST_WRITE_MS - 1);
    await settle();
    expect(writes()).toBe(0);
    clock.advance(1);
    await settle();
    expect(writes()).toBe(1);
    expect((await cache.read())!.lanes[0]!.cards[0]!.name).toBe('Org Falcon');
    // A burst of edits: no write on any edit's path, one after the interval.
    for (const n of ['Org Heron', 'Org Kestrel', 'Org Osprey']) {
      name = n;
      listener();
    }
    await settle();
    expect(writes()).toBe(1);
    clock.advance(WRITE_EVERY_MS);
    await settle();
    expect(writes()).toBe(2);
    expect((await cache.read())!.lanes[0]!.cards[0]!.name).toBe('Org Osprey');
    // A change heard but the board the same: nothing rewritten.
    listener();
    clock.advance(WRITE_EVERY_MS);
    await settle();
    expect(writes()).toBe(2);
    name = 'Org Plover';
    listener();
    await writer.close();
    expect(writes()).toBe(3);
    expect(clock.pending()).toBe(0);
    expect((await cache.read())!.lanes[0]!.cards[0]!.name).toBe('Org Plover');
  });

  it('seals nothing once the vault is locked (its keys wiped)', async () => {
    const clock = manualClock();
    const { backend, writes } = memory();
    const key = generateSymmetricKey();
    const writer = new BoardCacheWriter(
      { snapshot: () => snap('Org Falcon'), subscribe: () => () => {} },
      new BoardCache(backend, key, 'ws-a'),
      clock,
    );
    wipe(key);
    await writer.close();
    expect(writes()).toBe(0);
  });

  it('a workspace client writes its live board, and writes it again when it closes', async () => {
    const t = await testWorkspaceClient();
    const { backend } = memory();
    const key = generateSymmetricKey();
    const clock = manualClock();
    const cache = new BoardCache(backend, key, t.client.workspaceId);
    const { api } = t.client;
    api.board.addOrganization({ name: 'Cobalt Heron Ring', lane: 'Identify' });
    t.runTimers();
    t.client.keepBoardCacheIn(cache, clock);
    clock.advance(FIRST_WRITE_MS);
    await settle();
    expect((await cache.read())!.lanes).toEqual(firstScreen(api.board.read(), api.votes.priorities()));
    api.board.addOrganization({ name: 'Flint Sparrow Crew', lane: 'Collect' });
    t.runTimers();
    t.runFrames();
    await t.close();
    const names = (await cache.read())!.lanes.flatMap((l) => l.cards.map((c) => c.name));
    expect(names.sort()).toEqual(['Cobalt Heron Ring', 'Flint Sparrow Crew']);
  });
});
