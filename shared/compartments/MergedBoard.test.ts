import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import { addEntity, addLink, addOrganization, addOutcome, updateEntity } from '../model';
import { compartmentTeam } from '../testkit/compartmentTeam';
import { MergedBoard } from './index';

await initCrypto();

afterEach(() => vi.restoreAllMocks());

/** The admin's rooms with a few organizations in the core, each with entries, a link and an outcome. */
function board() {
  const t = compartmentTeam();
  const rooms = t.roomsOf(t.people.admin, 7);
  const core = rooms.get(t.core)!;
  let n = 0;
  const at = () => 1_700_000_000_000 + ++n;
  const orgs = ['Cobalt Heron Ring', 'Flint Sparrow Crew'].map((name) =>
    addOrganization(core, { name, summary: 'Moves Cash', cities: ['Laredo'] }, at()),
  );
  for (const org of orgs) {
    const a = addEntity(
      core,
      org,
      { kind: 'person', name: 'Rafael Soto', aliases: ['El Flaco'], detail: 'Driver' },
      at(),
    );
    const b = addEntity(core, org, { kind: 'phone', name: '+1 956 555 0198', detail: 'Burner' }, at());
    addLink(core, { from: a, to: b, label: 'uses' }, at());
    addOutcome(core, org, { kind: 'arrest', date: '2026-11-02', agency: 'DEA', note: '' }, at());
  }
  const merged = new MergedBoard(rooms, t.roster, t.id(t.people.admin));
  return { merged, core, orgs, at };
}

describe('MergedBoard reads entries when asked (issue 17)', () => {
  it("paints cards without reading the entries' fields; the network and the search text read them then", () => {
    const { merged, core, orgs, at } = board();
    const keys: string[] = [];
    const get = Object.getOwnPropertyDescriptor(Y.Map.prototype, 'get')!.value as (
      this: Y.Map<unknown>,
      key: string,
    ) => unknown;
    vi.spyOn(Y.Map.prototype, 'get').mockImplementation(function (this: Y.Map<unknown>, key: string) {
      keys.push(key);
      return get.call(this, key);
    });
    const cards = merged.read().flatMap((l) => l.cards);
    expect(cards.map((c) => [c.name, c.networkCount, c.outcomeCount])).toEqual([
      ['Cobalt Heron Ring', 2, 1],
      ['Flint Sparrow Crew', 2, 1],
    ]);
    // What a card shows needs no entry's kind, name, detail or role, nor an outcome's date.
    for (const field of ['kind', 'detail', 'role', 'date', 'label']) expect(keys, field).not.toContain(field);
    const [first] = cards;
    const { entities, links } = merged.network(orgs[0]!);
    expect(entities.map((e) => [e.kind, e.name, e.detail])).toEqual([
      ['person', 'Rafael Soto', 'Driver'],
      ['phone', '+1 956 555 0198', 'Burner'],
    ]);
    expect(links.map((l) => l.label)).toEqual(['uses']);
    expect(merged.outcomes(orgs[0]!).map((o) => o.date)).toEqual(['2026-11-02']);
    // The search text is the card's words and its entries' names and details, as before; it finds by an entry's detail.
    expect(first!.searchText).toBe(
      'cobalt heron ring\nmoves cash\nlaredo\n\nrafael soto\ndriver\n+1 956 555 0198\nburner',
    );
    expect({ ...first! }.searchText).toBe(first!.searchText);
    expect(merged.search('burner').map((c) => c.name)).toEqual(['Cobalt Heron Ring', 'Flint Sparrow Crew']);
    // An entry edited later: its organization is read again, with the new detail, before anything is asked.
    const entry = entities.find((e) => e.kind === 'phone')!.id;
    updateEntity(core, entry, { detail: 'Seized' }, at());
    expect(merged.search('seized').map((c) => c.name)).toEqual(['Cobalt Heron Ring']);
    expect(merged.network(orgs[0]!).entities.map((e) => e.detail)).toEqual(['Driver', 'Seized']);
    expect(merged.card(orgs[1]!)).toBe(merged.read()[0]!.cards[1]);
  });
});
