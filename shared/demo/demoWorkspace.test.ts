import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto } from '../crypto';
import {
  ACTIVITIES,
  canonicalJson,
  DEFAULT_LANES,
  documentJson,
  ENTITY_KINDS,
  OUTCOME_KINDS,
  THREAT_LEVELS,
} from '../model/index';
import { readBoard, readNetwork, readOutcomes } from '../model/boardOracle';
import { DEMO_SMALL, seedDemoWorkspace } from './demoWorkspace';
import type { DemoOptions } from './demoWorkspace';

await initCrypto();

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 30, 12);
const SMALL: DemoOptions = { ...DEMO_SMALL, now: NOW };

/** Real criminal groups' names (and parts of them) that must never appear in generated text. */
const DENYLIST = [
  'sinaloa',
  'zetas',
  'ms-13',
  'salvatrucha',
  'gulf cartel',
  'jalisco',
  'cjng',
  'juarez',
  'tijuana',
  'beltran',
  'familia',
  'templar',
  'aragua',
  'barrio azteca',
  'latin kings',
  'hells angels',
  'aryan',
  'bloods',
  'crips',
  'la linea',
  'chapitos',
  'halcones',
];

function seeded(options: DemoOptions): { doc: Y.Doc; summary: ReturnType<typeof seedDemoWorkspace> } {
  const doc = new Y.Doc();
  return { doc, summary: seedDemoWorkspace(doc, options) };
}

/** The board with ids replaced by names: what two seedings must agree on (ids are random by design). */
function content(doc: Y.Doc): unknown {
  return readBoard(doc).map((lane) => ({
    lane: lane.name,
    cards: lane.cards.map(({ id, position: _p, searchText: _s, ...card }) => {
      const { entities, links } = readNetwork(doc, id);
      const nameOf = new Map(entities.map((e) => [e.id, `${e.kind}:${e.name}`]));
      return {
        ...card,
        entities: entities.map(({ id: _id, org: _org, ...e }) => e),
        links: links.map((l) => [nameOf.get(l.from), l.label, nameOf.get(l.to)]).sort(),
        // Outcomes of one day are in id order, and ids are random: compare them as a set.
        outcomes: readOutcomes(doc, id)
          .map(({ id: _id, org: _org, ...o }) => canonicalJson(o))
          .sort(),
      };
    }),
  }));
}

function everyFact(doc: Y.Doc): Y.Map<unknown>[] {
  return ['organizations', 'entities', 'links', 'outcomes'].flatMap((name) => [
    ...doc.getMap<Y.Map<unknown>>(name).values(),
  ]);
}

describe('the demo workspace', () => {
  it('replays exactly from a seed, and another seed gives another board', () => {
    const a = content(seeded(SMALL).doc);
    expect(content(seeded(SMALL).doc)).toEqual(a);
    expect(content(seeded({ ...SMALL, seed: SMALL.seed + 1 }).doc)).not.toEqual(a);
  });

  it('has as many organizations, entities and outcomes as asked, with links in every network', () => {
    const { doc, summary } = seeded(SMALL);
    const cards = readBoard(doc).flatMap((l) => l.cards);
    expect(cards).toHaveLength(SMALL.organizations);
    expect(new Set(cards.map((c) => c.name)).size).toBe(SMALL.organizations);
    expect([...cards.map((c) => c.id)].sort()).toEqual([...summary.organizationIds].sort());
    for (const card of cards) {
      expect(card.networkCount).toBe(SMALL.entitiesPerOrganization);
      expect(readNetwork(doc, card.id).links.length).toBeGreaterThanOrEqual(SMALL.entitiesPerOrganization - 2);
    }
    expect(doc.getMap('entities').size).toBe(summary.entities);
    expect(summary.entities).toBe(SMALL.organizations * SMALL.entitiesPerOrganization);
    expect(doc.getMap('links').size).toBe(summary.links);
    expect(doc.getMap('outcomes').size).toBe(summary.outcomes);
    // The history records outcomes and retracts a few: about as many as asked, never far fewer.
    expect(summary.outcomes).toBeGreaterThanOrEqual(SMALL.organizations * SMALL.outcomesPerOrganization);
  });

  it('spreads cards over every lane, threat, activity, entity kind and outcome kind', () => {
    const { doc } = seeded(SMALL);
    const board = readBoard(doc);
    expect(board.map((l) => l.name)).toEqual([...DEFAULT_LANES]);
    for (const lane of board) expect(lane.cards.length).toBeGreaterThan(0);
    for (const card of board.find((l) => l.name === 'Dismantled')!.cards) expect(card.status).toBe('dismantled');
    const cards = board.flatMap((l) => l.cards);
    expect(new Set(cards.map((c) => c.threat))).toEqual(new Set(THREAT_LEVELS));
    expect(new Set(cards.flatMap((c) => c.activities))).toEqual(new Set(ACTIVITIES));
    expect(new Set(cards.map((c) => c.leadAgency)).size).toBeGreaterThan(3);
    const entities = cards.flatMap((c) => readNetwork(doc, c.id).entities);
    expect(new Set(entities.map((e) => e.kind))).toEqual(new Set(ENTITY_KINDS));
    for (const phone of entities.filter((e) => e.kind === 'phone')) expect(phone.name).toMatch(/^555-01\d\d$/);
    const outcomes = cards.flatMap((c) => readOutcomes(doc, c.id));
    expect(new Set(outcomes.map((o) => o.kind))).toEqual(new Set(OUTCOME_KINDS));
    for (const o of outcomes.filter((x) => x.kind === 'seizure')) expect(o.seizure).toBeDefined();
  });

  it('names no real criminal group, at small or large size', () => {
    for (const options of [SMALL, { ...SMALL, seed: 7, organizations: 400, historyEdits: 200 }]) {
      // Only what people read: random ids (keys, org/from/to, positions) could spell anything.
      const text = readableText(documentJson(seeded(options).doc)).toLowerCase();
      expect(text.length).toBeGreaterThan(10_000);
      for (const name of DENYLIST) expect(text, name).not.toContain(name);
    }
  });

  it('stamps every fact within the period, after its creation, and reports progress step by step', () => {
    const doc = new Y.Doc();
    const steps: number[] = [];
    seedDemoWorkspace(doc, SMALL, (done) => steps.push(done));
    expect(steps).toEqual(Array.from({ length: SMALL.organizations + SMALL.historyEdits }, (_, i) => i + 1));
    const from = NOW - SMALL.days * DAY;
    let edited = 0;
    for (const fact of everyFact(doc)) {
      const createdAt = fact.get('createdAt') as number;
      const at = fact.get('at') as number;
      expect(createdAt).toBeGreaterThanOrEqual(from);
      expect(at).toBeGreaterThanOrEqual(createdAt);
      expect(at).toBeLessThanOrEqual(NOW);
      if (at > createdAt) edited++;
    }
    // The history reaches a good share of the facts, and its newest edit is recent.
    expect(edited).toBeGreaterThan(SMALL.organizations);
    expect(Math.max(...everyFact(doc).map((f) => f.get('at') as number))).toBeGreaterThan(NOW - 2 * DAY);
  });

  it('grows with the options: more organizations and history, the same shape', () => {
    const { doc, summary } = seeded({ ...SMALL, organizations: 60, entitiesPerOrganization: 10, historyEdits: 1500 });
    expect(readBoard(doc).flatMap((l) => l.cards)).toHaveLength(60);
    expect(summary.entities).toBe(600);
  });
});

const ID_FIELDS = new Set(['org', 'from', 'to', 'position']);

/** Every string value of the document except ids, one per line. */
function readableText(value: unknown, key = ''): string {
  if (typeof value === 'string') return ID_FIELDS.has(key) ? '' : `${value}\n`;
  if (Array.isArray(value)) return value.map((v) => readableText(v, key)).join('');
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([k, v]) => readableText(v, k))
      .join('');
  }
  return '';
}
