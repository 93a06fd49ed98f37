import { isDeepStrictEqual } from 'node:util';

import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { BoardIndex } from './BoardIndex';
import { readBoard, readNetwork, readOutcomes } from './boardOracle';
import {
  addEntity,
  addLink,
  addOrganization,
  addOutcome,
  lanes,
  moveOrganization,
  removeEntity,
  removeOrganization,
  removeOutcome,
  setLanes,
  updateEntity,
  updateOrganization,
} from './index';
import type { BoardLane, Card } from './index';

await initCrypto();

const RUNS = Number(process.env['BOARD_INDEX_RUNS'] ?? 30);
const STEPS = 120;
const QUERIES = ['org', 'RENAMED', '555', 'lookout remote', 'o', 'remote', 'org 01', 'zzz'];
const LIMIT = 3;

/** Cards holding every word of `query`, in board order (what search shows). */
function searchOracle(board: BoardLane[], query: string, limit: number): Card[] {
  const words = query.toLowerCase().split(/\s+/);
  return board
    .flatMap((l) => l.cards)
    .filter((c) => words.every((w) => c.searchText.includes(w)))
    .slice(0, limit);
}

/** In board order, each card whose name holds `query`, then its entries whose name does (what "@" offers). */
function namedOracle(doc: Y.Doc, board: BoardLane[], query: string, limit: number) {
  const q = query.toLowerCase();
  return board
    .flatMap((l) => l.cards)
    .flatMap((card) => [
      ...(card.name.toLowerCase().includes(q) ? [{ card }] : []),
      ...readNetwork(doc, card.id)
        .entities.filter((e) => e.name.toLowerCase().includes(q))
        .map((entity) => ({ card, entity })),
    ])
    .slice(0, limit);
}

describe('BoardIndex (the board kept up to date edit by edit)', () => {
  it(`reads exactly what a full read gives, after every step of ${RUNS} seeded random histories`, () => {
    const base = Number(process.env['SEED'] ?? Date.now() % 1_000_000);
    for (let run = 0; run < RUNS; run++) {
      const seed = base + run;
      try {
        replay(seed);
      } catch (e) {
        throw new Error(
          `BoardIndex diverged with SEED=${seed} (replay: SEED=${seed} BOARD_INDEX_RUNS=1): ${String(e)}`,
          { cause: e },
        );
      }
    }
  });
});

function replay(seed: number): void {
  const gen = prng.create(seed);
  const mine = new Y.Doc();
  const theirs = new Y.Doc();
  const index = new BoardIndex(mine);
  const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[prng.uint32(gen, 0, xs.length - 1)] : undefined);
  const orgs = () => [...mine.getMap('organizations').keys()];
  const keys = (name: string) => [...mine.getMap(name).keys()];
  for (let step = 0; step < STEPS; step++) {
    const org = pick(orgs());
    const r = prng.uint32(gen, 0, 12);
    try {
      if (r <= 2 || !org) addOrganization(mine, { name: `Org ${prng.word(gen, 3, 6)}` });
      else if (r === 3) updateOrganization(mine, org, { name: `Renamed ${prng.word(gen, 3, 6)}`, threat: 'high' });
      else if (r === 4) moveOrganization(mine, org, { lane: pick(lanes(mine))!, index: prng.uint32(gen, 0, 3) });
      else if (r === 5)
        addEntity(mine, org, { kind: 'phone', name: `555-01${prng.uint32(gen, 10, 99)}`, detail: prng.word(gen) });
      else if (r === 6 && keys('entities').length) removeEntity(mine, pick(keys('entities'))!);
      else if (r === 7) addOutcome(mine, org, { kind: 'arrest', date: '2026-01-02', agency: 'CBP', note: '' });
      else if (r === 8 && keys('outcomes').length) removeOutcome(mine, pick(keys('outcomes'))!);
      else if (r === 9 && keys('entities').length >= 2) {
        const a = pick(keys('entities'))!;
        updateEntity(mine, a, { name: `Renamed ${prng.word(gen)}` });
        const mineOf = keys('entities').filter((e) => readNetwork(mine, org).entities.some((x) => x.id === e));
        if (mineOf.length >= 2) addLink(mine, { from: mineOf[0]!, to: mineOf[1]!, label: 'calls' });
      } else if (r === 10) removeOrganization(mine, org);
      else if (r === 11) {
        // Someone else's edits arrive in one update, as from the relay.
        Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine, Y.encodeStateVector(theirs)));
        const theirOrg = pick([...theirs.getMap('organizations').keys()]);
        if (theirOrg) {
          addEntity(theirs, theirOrg, { kind: 'person', name: 'Lookout', role: 'lookout', detail: 'remote' });
          updateOrganization(theirs, theirOrg, { summary: `remote ${step}` });
        }
        Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)), 'remote');
      } else if (r === 12 && step % 40 === 0) setLanes(mine, ['Identify', 'Collect', 'Act'], { Target: 'Act' });
    } catch (e) {
      // An operation on something a remote edit removed: the model refuses it, as it should.
      if (!(e instanceof Error) || !/no (organization|network entry|outcome)|a link joins/.test(e.message)) throw e;
    }
    const got = index.read();
    const want = readBoard(mine);
    if (!isDeepStrictEqual(got, want)) {
      const a = got.flatMap((l) => l.cards);
      const b = want.flatMap((l) => l.cards);
      const diff = b.find((c, i) => !isDeepStrictEqual(c, a[i])) ?? {
        lanes: want.map((l) => l.name),
        got: got.map((l) => l.name),
      };
      throw new Error(
        `step ${step} (op ${r}): expected ${JSON.stringify(diff)}, got ${JSON.stringify(a.find((c) => 'id' in diff && c.id === diff.id))}`,
      );
    }
    const probe = pick(orgs());
    if (probe) {
      expect(index.network(probe)).toEqual(readNetwork(mine, probe));
      expect(index.outcomes(probe)).toEqual(readOutcomes(mine, probe));
      expect(index.card(probe)).toEqual(want.flatMap((l) => l.cards).find((c) => c.id === probe));
    }
    // Search and mentions, from the step number so the seeded edits stay the same.
    const query = QUERIES[step % QUERIES.length]!;
    expect(index.search(query, LIMIT)).toEqual(searchOracle(want, query, LIMIT));
    expect(index.named(query, LIMIT)).toEqual(namedOracle(mine, want, query, LIMIT));
  }
  index.destroy();
}

describe('BoardIndex identity', () => {
  it('hands back what did not change as the same objects, so a view can skip it', () => {
    const doc = new Y.Doc();
    const index = new BoardIndex(doc);
    const a = addOrganization(doc, { name: 'A' });
    addOrganization(doc, { name: 'B', lane: 'Target' });
    const first = index.read();
    expect(index.read()).toBe(first);
    updateOrganization(doc, a, { summary: 'changed' });
    const second = index.read();
    expect(second).not.toBe(first);
    expect(second[0]).not.toBe(first[0]); // Identify: A changed
    expect(second[2]).toBe(first[2]); // Target: untouched, same array
    expect(second[2]!.cards[0]).toBe(first[2]!.cards[0]);
    moveOrganization(doc, a, { lane: 'Target' });
    const third = index.read();
    expect(third[0]!.cards).toEqual([]);
    expect(third[2]!.cards.map((c) => c.name)).toEqual(['B', 'A']);
    expect(third[1]).toBe(second[1]);
    index.destroy();
  });
});
