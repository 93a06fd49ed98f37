import type * as Y from 'yjs';

import { writeFields } from './facts';
import { laneOrder, lanes } from './lanes';
import { organizationFact } from './organizations';
import type { Organization } from './organizations';
import { keyBetween } from './positions';
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
