import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import type { Identity } from '../crypto';
import { compartmentsOf } from '../membership';
import {
  addEntity,
  addLink,
  addOrganization,
  canonicalJson,
  documentJson,
  ENTITIES,
  ORGS,
  updateEntity,
  updateOrganization,
} from '../model';
import { compartmentTeam } from '../testkit/compartmentTeam';
import { withSeededRandom } from '../testkit/seededRandom';
import type { TestClient } from '../testkit/workspaces';
import { boundsOf, FACT_MAPS, isParked, mayWrite, shownCopy, withinBounds } from './copies';
import { MergedBoard, moveFacts, settle, signAdded } from './index';

await initCrypto();

/** Seeds every run replays; fresh ones are drawn besides (a seed that failed once belongs here). */
const FIXED_SEEDS = [1, 2, 3, 5, 8, 13, 21, 34];
const FRESH = Number(process.env['RELEASE_FRESH'] ?? 4);
const only = process.env['SEED'];
const seeds = only
  ? [Number(only)]
  : [...FIXED_SEEDS, ...Array.from({ length: FRESH }, (_, i) => (Date.now() + i * 7919) % 2 ** 31)];
console.log(
  `release seeds: ${seeds.join(' ')} (replay one: SEED=<n> npx vitest run shared/compartments/releaseProperty.test.ts)`,
);

let t: ReturnType<typeof compartmentTeam>;
beforeAll(() => {
  t = compartmentTeam();
});

interface Seat {
  name: string;
  who: TestClient;
  me: Identity;
  memberId: string;
  rooms: Map<string, Y.Doc>;
}

function exchange(a: Seat, b: Seat): void {
  for (const [c, doc] of a.rooms) {
    const other = b.rooms.get(c);
    if (!other) continue; // a member never receives a room it is not in
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
  }
}

const syncAll = (seats: Seat[]) => {
  for (let round = 0; round < 2; round++) for (const a of seats) for (const b of seats) if (a !== b) exchange(a, b);
};

/**
 * Several members holding different compartments add, edit, release, narrow and move facts on
 * partitioned replicas of the rooms (updates flow only between two members, only for rooms both
 * hold); then everyone reconnects and settles.
 */
function run(seed: number) {
  const gen = prng.create(seed);
  const { people, roster } = t;
  const seats: Seat[] = Object.entries(people).map(([name, who], i) => ({
    name,
    who,
    me: t.identity(who),
    memberId: t.id(who),
    rooms: t.roomsOf(who, seed * 8 + i + 1),
  }));
  const pick = <T>(list: readonly T[]): T | undefined =>
    list.length === 0 ? undefined : list[prng.uint32(gen, 0, list.length - 1)];
  let n = 0;
  const at = () => 1_700_000_000_000 + ++n;
  // A marker per compartment, in a card nobody moves: it must reach exactly that compartment's members.
  const admin = seats[0]!;
  const pins = new Map<string, string>();
  for (const c of admin.rooms.keys()) {
    const marker = `MARK${seed}x${[...admin.rooms.keys()].indexOf(c)}Z`;
    const doc = admin.rooms.get(c)!;
    const org = addOrganization(doc, { name: marker }, at());
    signAdded(doc, roster.workspaceId, admin.me, { factId: org, map: ORGS, org: '' }, at());
    pins.set(org, marker);
  }
  syncAll(seats);
  // Each seat's board kept change by change all along, as a screen keeps it: it must read as a new one.
  const kept = seats.map((seat) => new MergedBoard(seat.rooms, roster, seat.memberId));
  const sameAsNew = (where: string) =>
    seats.forEach((seat, i) => {
      const fresh = new MergedBoard(seat.rooms, roster, seat.memberId);
      expect(boardText(kept[i]!), `SEED=${seed} ${where}, ${seat.name}`).toEqual(boardText(fresh));
      fresh.destroy();
    });
  const refusals: string[] = [];
  for (let step = 0; step < 120; step++) {
    if (step % 10 === 0) sameAsNew(`step ${step}`);
    const seat = pick(seats)!;
    const board = new MergedBoard(seat.rooms, roster, seat.memberId);
    const cards = board
      .read()
      .flatMap((l) => l.cards)
      .filter((c) => !pins.has(c.id));
    const writable = [...seat.rooms.keys()].filter((c) => mayWrite(roster, seat.memberId, c));
    const op = prng.uint32(gen, 0, 9);
    try {
      if (op <= 1 || cards.length === 0) {
        const room = pick(writable);
        if (!room) continue;
        const doc = seat.rooms.get(room)!;
        const org = addOrganization(doc, { name: `Org ${seed}-${step}` }, at());
        signAdded(doc, roster.workspaceId, seat.me, { factId: org, map: ORGS, org: '' }, at());
      } else if (op <= 3) {
        const card = pick(cards)!;
        const doc = seat.rooms.get(card.compartmentId)!;
        const id = addEntity(doc, card.id, { kind: 'person', name: `Person ${step}`, detail: '' }, at());
        signAdded(doc, roster.workspaceId, seat.me, { factId: id, map: ENTITIES, org: card.id }, at());
        const others = board.network(card.id).entities.filter((e) => e.compartmentId === card.compartmentId);
        const end = pick(others);
        if (end) addLink(doc, { from: id, to: end.id, label: 'knows' }, at());
      } else if (op <= 5) {
        const card = pick(cards)!;
        const entity = pick(board.network(card.id).entities);
        if (entity) updateEntity(seat.rooms.get(entity.compartmentId)!, entity.id, { detail: `seen ${step}` }, at());
        else updateOrganization(seat.rooms.get(card.compartmentId)!, card.id, { summary: `step ${step}` }, at());
      } else if (op <= 8) {
        const card = pick(cards)!;
        const network = board.network(card.id);
        const fact = pick([card.id, card.id, ...network.entities.map((e) => e.id), ...network.links.map((l) => l.id)])!;
        const target = pick(writable)!;
        moveFacts(seat.rooms, roster, seat.me, [fact], target, at());
      } else {
        exchange(seat, pick(seats)!);
      }
    } catch (e) {
      refusals.push((e as Error).message); // refused by the rule or the rights: nothing was written
    }
    board.destroy();
  }
  // Reconnect, then settle until nobody writes.
  syncAll(seats);
  for (let round = 0; round < 6; round++) {
    let wrote = 0;
    for (const seat of seats) {
      const s = settle(seat.rooms, roster, seat.me, at());
      wrote += s.tombstoned.length + s.narrowed.length + s.parked.length;
    }
    syncAll(seats);
    if (wrote === 0) break;
    if (round === 5) throw new Error('settling did not come to rest');
  }
  sameAsNew('settled');
  kept.forEach((board) => board.destroy());
  return { seats, pins, refusals };
}

/** Everything a merged board answers, as text: lanes and cards, each card's network and outcomes, the reports. */
function boardText(board: MergedBoard): string {
  const lanes = board.read();
  const details = lanes.flatMap((l) => l.cards).map((c) => [c.id, board.network(c.id), board.outcomes(c.id)]);
  // Reports come in no set order (a kept board lists them as its organizations were first read).
  const reports = board.reports().map((r) => JSON.stringify(r));
  return JSON.stringify([lanes, details, reports.sort()]);
}

describe('releasability under partitions (seeded)', () => {
  it.each(seeds)('converges, keeps every fact within its organization, leaks nothing, seed %i', (seed) => {
    try {
      const { seats, pins } = withSeededRandom(seed, () => run(seed));
      const { roster } = t;
      // All converge: every holder of a room holds the same document.
      for (const c of roster.compartments.keys()) {
        const holders = seats.filter((s) => s.rooms.has(c));
        const states = holders.map((s) => canonicalJson(documentJson(s.rooms.get(c)!)));
        for (const state of states) expect(state).toBe(states[0]);
      }
      for (const seat of seats) {
        // No room of a compartment it is not in; no marker of one either, and every marker of one it is in.
        const mine = compartmentsOf(roster, seat.memberId);
        expect([...seat.rooms.keys()].every((c) => mine.includes(c))).toBe(true);
        const held = [...seat.rooms.values()].map((d) => canonicalJson(documentJson(d))).join('\n');
        for (const [org, marker] of pins) {
          const home = seats[0]!.rooms.get(shownCopy(seats[0]!.rooms, roster, ORGS, org)!.compartmentId)!;
          const homeId = [...seats[0]!.rooms].find(([, d]) => d === home)![0];
          expect(held.includes(marker), `${seat.name} and ${marker}`).toBe(mine.includes(homeId));
        }
        // No fact live and shown in a compartment not ≤ its organization's (parked ones wait, unshown).
        for (const map of FACT_MAPS) {
          const ids = new Set<string>();
          for (const doc of seat.rooms.values()) doc.getMap(map).forEach((_, id) => ids.add(id));
          for (const id of ids) {
            const copy = shownCopy(seat.rooms, roster, map, id);
            if (!copy) continue;
            const bounds = boundsOf(seat.rooms, roster, map, copy.fact);
            if (!bounds || isParked(copy.fact)) continue;
            expect(withinBounds(roster, copy.compartmentId, bounds), `${seat.name}: ${map}/${id}`).toBe(true);
          }
        }
        const board = new MergedBoard(seat.rooms, roster, seat.memberId);
        expect(board.reports().filter((r) => r.code !== 'parked')).toEqual([]);
        for (const card of board.read().flatMap((l) => l.cards)) {
          for (const e of board.network(card.id).entities) {
            expect(withinBounds(roster, e.compartmentId, [card.compartmentId])).toBe(true);
          }
        }
        board.destroy();
      }
    } catch (e) {
      console.error(
        `release property failed with SEED=${seed} (replay: SEED=${seed} npx vitest run shared/compartments/releaseProperty.test.ts)`,
      );
      throw e;
    }
  });
});
