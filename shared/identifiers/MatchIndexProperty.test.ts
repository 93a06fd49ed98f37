import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';

import { identifierKey, keysMatch, MatchIndex } from './index';
import type { IdentifierKind, Occurrence } from './index';

/** Seeds every run replays; fresh ones are drawn besides (a seed that failed once belongs here). */
const FIXED_SEEDS = [1, 2, 3, 7, 99];
const only = process.env['SEED'];
const seeds = only
  ? [Number(only)]
  : [...FIXED_SEEDS, ...Array.from({ length: 3 }, (_, i) => (Date.now() + i * 104729) % 2 ** 31)];
console.log(
  `MatchIndex seeds: ${seeds.join(' ')} (replay one: SEED=<n> npx vitest run shared/identifiers/MatchIndexProperty.test.ts)`,
);

/** A small vocabulary, so that identifiers collide often: phones, plates with and without a state, names. */
const VOCABULARY: Array<[IdentifierKind, string]> = [
  ['phone', '(956) 555-0198'],
  ['phone', '+1 956 555 0198'],
  ['phone', '956 555 0199'],
  ['phone', '044 55 1234 5678'],
  ['plate', 'TX ABC-1234'],
  ['plate', 'SON ABC1234'],
  ['plate', 'ABC 1234'],
  ['plate', 'abc-1234'],
  ['plate', 'TX XYZ-987'],
  ['plate', 'XYZ987'],
  ['name', 'Juan Pérez'],
  ['name', 'Pérez, Juan'],
  ['name', 'Lucía Tern'],
  ['place', '123 Main St'],
];
const ORGS = ['orgA', 'orgB', 'orgC', null, null];

type Gen = prng.PRNG;
const pick = <T>(gen: Gen, xs: readonly T[]): T => xs[prng.uint32(gen, 0, xs.length - 1)] as T;

function occurrences(gen: Gen, factId: string): Occurrence[] {
  const orgId = pick(gen, ORGS);
  return Array.from({ length: prng.uint32(gen, 0, 3) }, () => {
    const [kind, text] = pick(gen, VOCABULARY);
    const key = identifierKey(kind, text) ?? '';
    return { key, kind, text, factId, orgId, reportId: orgId === null ? factId : null, compartmentId: 'core' };
  });
}

const occText = (o: Occurrence) => `${o.factId}/${o.key}/${o.text}`;
const matchText = (ms: Array<{ own: Occurrence; other: Occurrence }>) =>
  ms.map((m) => `${occText(m.own)} > ${occText(m.other)}`).sort();
const sharedText = (index: MatchIndex) =>
  index
    .shared()
    .map((s) => `${s.key} [${s.kind}]: ${s.occurrences.map(occText).sort().join(', ')}`)
    .sort();

/** A fact's occurrences, one per key: the first (the index keeps one per key). */
function firstPerKey(list: Occurrence[]): Occurrence[] {
  const seen = new Set<string>();
  return list.filter((o) => !seen.has(o.key) && !!seen.add(o.key));
}

/** What matchesOf must answer, by brute force over every pair. */
function oracle(facts: Map<string, Occurrence[]>, factId: string): string[] {
  const own = firstPerKey(facts.get(factId) ?? []);
  const out: Array<{ own: Occurrence; other: Occurrence }> = [];
  for (const o of own) {
    for (const [otherId, list] of facts) {
      if (otherId === factId) continue;
      for (const x of firstPerKey(list)) {
        if (keysMatch(o.key, x.key) && !(o.orgId !== null && x.orgId === o.orgId)) out.push({ own: o, other: x });
      }
    }
  }
  return matchText(out);
}

/** What shared() must answer, by brute force: per key, its occurrences (a state's plate with the stateless ones). */
function sharedOracle(facts: Map<string, Occurrence[]>): string[] {
  const all = [...facts.values()].flatMap(firstPerKey);
  const out: string[] = [];
  for (const key of new Set(all.map((o) => o.key))) {
    const plate = /^plate:([^:]+):(.*)$/.exec(key);
    if (
      plate?.[1] === '?' &&
      all.some((o) => o.key !== key && o.key.endsWith(`:${plate[2] ?? ''}`) && o.key.startsWith('plate:'))
    )
      continue;
    const group = all.filter(
      (o) => o.key === key || (plate && plate[1] !== '?' && o.key === `plate:?:${plate[2] ?? ''}`),
    );
    const owners = new Set(group.map((o) => o.orgId ?? `report ${o.factId}`));
    if (owners.size >= 2) out.push(`${key} [${group[0]?.kind ?? ''}]: ${group.map(occText).sort().join(', ')}`);
  }
  return out.sort();
}

function run(seed: number): void {
  const gen = prng.create(seed);
  const live = new MatchIndex();
  const facts = new Map<string, Occurrence[]>();
  const ids = Array.from({ length: 12 }, (_, i) => `f${i}`);
  for (let step = 0; step < 120; step++) {
    const id = pick(gen, ids);
    if (prng.uint32(gen, 0, 3) === 0) {
      live.delete(id);
      facts.delete(id);
    } else {
      const list = occurrences(gen, id);
      live.set(id, list);
      if (list.length > 0) facts.set(id, list);
      else facts.delete(id);
    }
    // Sometimes part of the regrouping is done ahead, in a slice of a few keys (ReportsApi.prepare), between edits.
    if (prng.bool(gen)) {
      let left = prng.uint32(gen, 0, 3);
      live.settle(() => left-- <= 0);
    }
    if (step % 3 !== 0) continue; // shared() is also asked rarely, so changes pile up between two asks
    const rebuilt = new MatchIndex();
    const order = [...facts.keys()].sort(() => (prng.bool(gen) ? 1 : -1));
    for (const f of order) rebuilt.set(f, facts.get(f) ?? []);
    const where = `SEED=${seed}, step ${step}`;
    expect(live.size, where).toBe(rebuilt.size);
    expect(sharedText(live), where).toEqual(sharedText(rebuilt));
    expect(sharedText(live), where).toEqual(sharedOracle(facts));
    for (const f of ids) {
      expect(matchText(live.matchesOf(f)), `${where}, matchesOf(${f})`).toEqual(oracle(facts, f));
      expect(matchText(live.matchesOf(f)), `${where}, matchesOf(${f})`).toEqual(matchText(rebuilt.matchesOf(f)));
    }
    for (const org of ['orgA', 'orgB', 'orgC']) {
      expect(matchText(live.matchesOfOrg(org)), `${where}, matchesOfOrg(${org})`).toEqual(
        matchText(rebuilt.matchesOfOrg(org)),
      );
    }
    for (const [kind, text] of VOCABULARY) {
      expect(live.lookup(kind, text).map(occText).sort(), `${where}, lookup ${text}`).toEqual(
        [...facts.values()]
          .flatMap(firstPerKey)
          .filter((o) => keysMatch(o.key, identifierKey(kind, text) ?? ''))
          .map(occText)
          .sort(),
      );
    }
  }
}

describe('MatchIndex kept up to date edit by edit (seeded)', () => {
  it.each(seeds)(
    'answers as an index rebuilt from scratch, and as brute force, also settled in slices between edits (SEED=%i)',
    (seed) => run(seed),
  );
});

describe('MatchIndex settled in slices', () => {
  it('moves on at every call, even when told to stop at once, and ends as shared() would', () => {
    const gen = prng.create(5);
    const sliced = new MatchIndex();
    const eager = new MatchIndex();
    for (let i = 0; i < 40; i++) {
      const list = occurrences(gen, `f${i}`);
      sliced.set(`f${i}`, list);
      eager.set(`f${i}`, list);
    }
    let calls = 0;
    while (!sliced.settle(() => true)) calls++;
    expect(calls).toBeGreaterThan(3);
    expect(sharedText(sliced)).toEqual(sharedText(eager));
  });
});
