import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import type { Identity } from '../crypto';
import {
  addEntity,
  addLink,
  addOrganization,
  canonicalJson,
  ENTITIES,
  facts,
  LINKS,
  ORGS,
  updateEntity,
  updateOrganization,
} from '../model';
import { compartmentTeam } from '../testkit/compartmentTeam';
import { withSeededRandom } from '../testkit/seededRandom';
import { FACT_MAPS, mayWrite } from './copies';
import { signMoved } from './provenanceRecords';
import { MergedBoard, moveFacts, settle, SettleFilter, signAdded, touchesSettling } from './index';

await initCrypto();

/** Seeds every run replays; fresh ones are drawn besides (a seed that failed once belongs here). */
const FIXED_SEEDS = [1, 2, 3, 5, 8, 13];
const FRESH = Number(process.env['SETTLE_FILTER_FRESH'] ?? 3);
const only = process.env['SEED'];
const seeds = only
  ? [Number(only)]
  : [...FIXED_SEEDS, ...Array.from({ length: FRESH }, (_, i) => (Date.now() + i * 7919) % 2 ** 31)];
console.log(
  `settle filter seeds: ${seeds.join(' ')} (replay one: SEED=<n> npx vitest run shared/compartments/settleFilter.test.ts)`,
);

let t: ReturnType<typeof compartmentTeam>;
beforeAll(() => {
  t = compartmentTeam();
});

interface Seat {
  who: string;
  me: Identity;
  memberId: string;
  rooms: Map<string, Y.Doc>;
}

/** Sends what `from` holds of the rooms `to` also holds (one way, as a relay delivers). */
function deliver(from: Map<string, Y.Doc>, to: Map<string, Y.Doc>): void {
  for (const [c, doc] of from) {
    const other = to.get(c);
    if (other) Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), 'network');
  }
}

/** The settle state: every room's fact maps. */
const factState = (rooms: Map<string, Y.Doc>): string =>
  canonicalJson(
    Object.fromEntries(
      [...rooms].map(([c, doc]) => [c, Object.fromEntries(FACT_MAPS.map((m) => [m, facts(doc, m).toJSON()]))]),
    ),
  );

/**
 * Members (one of them writing raw into its rooms, as a patched client would) add, rename, move and
 * settle facts on their replicas; every change reaches two replicas of the admin's rooms with the same
 * client ids. One settles in full after every delivery, the other through a SettleFilter: their fact
 * maps must stay equal, while the filter skips passes.
 */
function run(seed: number) {
  const gen = prng.create(seed);
  const { people, roster } = t;
  const seats: Seat[] = Object.entries(people).map(([who, client], i) => ({
    who,
    me: t.identity(client),
    memberId: t.id(client),
    rooms: t.roomsOf(client, seed * 8 + i + 1),
  }));
  const observer = t.identity(people.admin);
  const full = t.roomsOf(people.admin, seed * 8 + 7);
  const filtered = t.roomsOf(people.admin, seed * 8 + 7); // the same client ids: the same writes make the same state
  const filter = new SettleFilter();
  const pick = <T>(list: readonly T[]): T | undefined =>
    list.length === 0 ? undefined : list[prng.uint32(gen, 0, list.length - 1)];
  let n = 0;
  const at = () => 1_700_000_000_000 + ++n;
  let skipped = 0;
  /** Delivers what `seat` holds to both replicas of the admin's rooms; each settles its way; they must agree. */
  const observe = (seat: Seat, label: string) => {
    deliver(seat.rooms, full);
    deliver(seat.rooms, filtered);
    const when = at();
    settle(full, roster, observer, when);
    if (filter.settle(filtered, roster, observer, when) === null) skipped++;
    expect(factState(filtered), label).toBe(factState(full));
  };
  for (let step = 0; step < 80; step++) {
    const seat = pick(seats)!;
    const board = new MergedBoard(seat.rooms, roster, seat.memberId);
    const cards = board.read().flatMap((l) => l.cards);
    const writable = [...seat.rooms.keys()].filter((c) => mayWrite(roster, seat.memberId, c));
    const op = prng.uint32(gen, 0, 12);
    try {
      if (op <= 1 || cards.length === 0) {
        const room = pick(writable);
        if (room) {
          const doc = seat.rooms.get(room)!;
          const org = addOrganization(doc, { name: `Org ${seed}-${step}` }, at());
          signAdded(doc, roster.workspaceId, seat.me, { factId: org, map: ORGS, org: '' }, at());
        }
      } else if (op <= 3) {
        const card = pick(cards)!;
        const doc = seat.rooms.get(card.compartmentId)!;
        const id = addEntity(doc, card.id, { kind: 'person', name: `Person ${step}`, detail: '' }, at());
        signAdded(doc, roster.workspaceId, seat.me, { factId: id, map: ENTITIES, org: card.id }, at());
        const end = pick(board.network(card.id).entities.filter((e) => e.compartmentId === card.compartmentId));
        if (end) addLink(doc, { from: id, to: end.id, label: 'knows' }, at());
      } else if (op <= 5) {
        // Renames and detail edits: nothing settling reads.
        const card = pick(cards)!;
        const entity = pick(board.network(card.id).entities);
        if (entity) updateEntity(seat.rooms.get(entity.compartmentId)!, entity.id, { detail: `seen ${step}` }, at());
        updateOrganization(seat.rooms.get(card.compartmentId)!, card.id, { name: `Renamed ${step}` }, at());
      } else if (op <= 7) {
        const card = pick(cards)!;
        const network = board.network(card.id);
        const fact = pick([card.id, ...network.entities.map((e) => e.id), ...network.links.map((l) => l.id)])!;
        moveFacts(seat.rooms, roster, seat.me, [fact], pick(writable)!, at());
      } else if (op === 8) {
        settle(seat.rooms, roster, seat.me, at());
      } else if (op === 9) {
        // A patched client puts a moved fact's tombstone back, and after the admin has seen that, gives
        // it the live copy's placement: each change alone must be settled on (a concurrent move).
        const found = FACT_MAPS.flatMap((map) =>
          [...seat.rooms].flatMap(([c, doc]) =>
            [...facts(doc, map)]
              .filter(([, f]) => f instanceof Y.Map && f.has('tombstone'))
              .map(([id, f]) => ({ map, c, id, f })),
          ),
        );
        const dead = pick(found);
        if (dead) {
          const live = [...seat.rooms.values()]
            .map((d) => facts(d, dead.map).get(dead.id))
            .find((f) => f instanceof Y.Map && !f.has('tombstone') && typeof f.get('placement') === 'number');
          seat.rooms.get(dead.c)!.transact(() => dead.f.delete('tombstone'));
          observe(seat, `step ${step}, revived`);
          const placement = live?.get('placement') ?? dead.f.get('placement') ?? 1;
          seat.rooms.get(dead.c)!.transact(() => dead.f.set('placement', placement));
        }
      } else {
        // A patched client: raw writes to any fact in a room it holds, signed moves of its own.
        const room = pick([...seat.rooms.keys()])!;
        const doc = seat.rooms.get(room)!;
        const map = pick(FACT_MAPS)!;
        const ids = [...facts(doc, map).keys(), ...cards.map((c) => c.id)];
        const id = pick(ids);
        if (id) {
          const kind = prng.uint32(gen, 0, 6);
          doc.transact(() => {
            let fact = facts(doc, map).get(id);
            if (!(fact instanceof Y.Map)) {
              fact = new Y.Map<unknown>();
              facts(doc, map).set(id, fact);
            }
            const any = pick(cards)?.id ?? id;
            // A placement another copy of the fact has (concurrent moves), or any small one.
            const placements = [...seat.rooms.values()].map(
              (d) => facts(d, map).get(id)?.get('tombstone') ?? facts(d, map).get(id)?.get('placement'),
            );
            if (kind === 0)
              fact.set('placement', pick([...placements.filter((p) => typeof p === 'number'), 0, 1, 2, 3])!);
            else if (kind === 1) fact.set('tombstone', prng.uint32(gen, 0, 4));
            else if (kind === 2) fact.delete('tombstone');
            else if (kind === 3) fact.set('org', any);
            else if (kind === 4) fact.set(map === LINKS ? 'from' : 'parked', map === LINKS ? any : at());
            else if (kind === 5) facts(doc, map).delete(id);
            else
              signMoved(doc, seat.me, {
                workspaceId: roster.workspaceId,
                factId: id,
                from: pick([...roster.compartments.keys()])!,
                to: room,
                placement: prng.uint32(gen, 0, 4),
                added: 'claim:unknown',
                at: at(),
              });
          });
        }
      }
    } catch {
      // refused by the rule or the rights: nothing was written
    }
    board.destroy();
    // Members pass changes among themselves now and then; the admin's replicas get everything.
    if (prng.bool(gen)) deliver(seat.rooms, pick(seats)!.rooms);
    observe(seat, `step ${step}`);
  }
  filter.destroy();
  return { skipped };
}

describe('SettleFilter (issue 17)', () => {
  it.each(seeds)('settles the same as settling after every change, seed %i', (seed) => {
    try {
      const { skipped } = withSeededRandom(seed, () => run(seed));
      expect(skipped).toBeGreaterThan(0);
    } catch (e) {
      console.error(
        `settle filter property failed with SEED=${seed} (replay: SEED=${seed} npx vitest run shared/compartments/settleFilter.test.ts)`,
      );
      throw e;
    }
  });

  it('classifies changes: a rename is not settling’s, a placement, an organization, a new copy or a record is', () => {
    const doc = new Y.Doc();
    const seen: boolean[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(touchesSettling(doc, tr)));
    const org = addOrganization(doc, { name: 'Org Kestrel' });
    const fact = facts(doc, ORGS).get(org)!;
    fact.set('name', 'Org Kestrel (renamed)');
    fact.set('summary', 'quiet');
    fact.set('placement', 2);
    fact.set('org', 'elsewhere');
    doc.getMap('settings').set('title', 'Table');
    doc.getMap('provenance').set('r1', 'x');
    const nested = new Y.Map<unknown>();
    fact.set('extra', nested);
    nested.set('deep', 1);
    const orgNested = new Y.Map<unknown>();
    fact.set('org', orgNested);
    orgNested.set('deep', 1);
    expect(seen).toEqual([true, false, false, true, true, false, true, false, false, true, true]);
  });
});
