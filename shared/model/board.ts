import type * as Y from 'yjs';

import { asFact, ENTITIES, facts, ORGS, OUTCOMES, str, writeFields } from './facts';
import { laneOrder, lanes } from './lanes';
import { organizationFact, readOrganization } from './organizations';
import type { Organization } from './organizations';
import { byPosition, keyBetween } from './positions';
import type { Activity, ThreatLevel } from './schema';

/** An organization as its card shows it, with what the card counts and what search looks through. */
export interface Card extends Organization {
  /** The lane it shows in: its own, or the first lane if its lane was removed. */
  shownLane: string;
  networkCount: number;
  outcomeCount: number;
  /** Lower-case text of the card and its network, for search. */
  searchText: string;
}

export interface BoardLane {
  name: string;
  cards: Card[];
}

/** The board in one pass over the document: lanes in order, each with its cards in order. */
export function readBoard(doc: Y.Doc): BoardLane[] {
  const names = lanes(doc);
  const networkCount = new Map<string, number>();
  // Network words in entity id order: the same text whatever order the entries arrived in.
  const networkText = new Map<string, Array<[string, string, string]>>();
  facts(doc, ENTITIES).forEach((value, id) => {
    const fact = asFact(value);
    if (!fact) return;
    const org = str(fact, 'org');
    networkCount.set(org, (networkCount.get(org) ?? 0) + 1);
    const words = networkText.get(org) ?? [];
    words.push([id, str(fact, 'name'), str(fact, 'detail')]);
    networkText.set(org, words);
  });
  const outcomeCount = new Map<string, number>();
  facts(doc, OUTCOMES).forEach((value) => {
    const fact = asFact(value);
    if (fact) outcomeCount.set(str(fact, 'org'), (outcomeCount.get(str(fact, 'org')) ?? 0) + 1);
  });
  const byLane = new Map<string, Card[]>(names.map((n) => [n, []]));
  facts(doc, ORGS).forEach((value, id) => {
    const fact = asFact(value);
    if (!fact) return;
    const org = readOrganization(id, fact);
    const shownLane = byLane.has(org.lane) ? org.lane : names[0]!;
    const searchText = [org.name, ...org.aliases, org.summary, ...org.sectors, ...org.cities, org.leadAgency]
      .concat(
        (networkText.get(id) ?? [])
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .flatMap(([, name, detail]) => [name, detail]),
      )
      .join('\n')
      .toLowerCase();
    byLane.get(shownLane)!.push({
      ...org,
      shownLane,
      networkCount: networkCount.get(id) ?? 0,
      outcomeCount: outcomeCount.get(id) ?? 0,
      searchText,
    });
  });
  return names.map((name) => ({ name, cards: byLane.get(name)!.sort(byPosition) }));
}

export interface BoardFilter {
  text?: string;
  lane?: string;
  agency?: string;
  activity?: Activity;
  threat?: ThreatLevel;
}

export function matchesFilter(card: Card, filter: BoardFilter): boolean {
  const text = filter.text?.trim().toLowerCase();
  if (text && !text.split(/\s+/).every((word) => card.searchText.includes(word))) return false;
  if (filter.lane && card.shownLane !== filter.lane) return false;
  if (filter.agency && card.leadAgency !== filter.agency) return false;
  if (filter.activity && !card.activities.includes(filter.activity)) return false;
  if (filter.threat && card.threat !== filter.threat) return false;
  return true;
}

/**
 * Moves a card to `lane`, at `index` among that lane's other cards (the end if omitted). Lane and
 * position change in one edit, so no one ever sees the card in the new lane at the old place.
 */
export function moveOrganization(doc: Y.Doc, id: string, to: { lane: string; index?: number }, at = Date.now()): void {
  const fact = organizationFact(doc, id);
  if (!lanes(doc).includes(to.lane)) throw new Error(`no lane "${to.lane}"`);
  const others = laneOrder(doc, to.lane).filter((c) => c.id !== id);
  const index = Math.max(0, Math.min(to.index ?? others.length, others.length));
  const position = keyBetween(others[index - 1]?.position || null, others[index]?.position || null);
  doc.transact(() => writeFields(fact, { lane: to.lane, position }, at));
}

/** Distinct lead agencies on the board (for the filter), sorted. */
export function leadAgencies(board: BoardLane[]): string[] {
  const set = new Set(board.flatMap((l) => l.cards.map((c) => c.leadAgency)).filter((a) => a.length > 0));
  return [...set].sort((a, b) => a.localeCompare(b));
}

export function findCard(board: BoardLane[], id: string): Card | undefined {
  for (const lane of board) for (const card of lane.cards) if (card.id === id) return card;
  return undefined;
}

export function organizationName(doc: Y.Doc, id: string): string {
  const fact = asFact(facts(doc, ORGS).get(id));
  return fact ? str(fact, 'name') : '';
}
