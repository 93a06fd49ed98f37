import { generateKeyBetween } from 'fractional-indexing';

/**
 * Order within a lane as fractional indexes (strings that sort): a move writes one field of one
 * card, so concurrent moves of different cards never conflict. Two cards that end with the same
 * key (two people dropped into the same gap) sort by id — the same order everywhere.
 */
export function keyBetween(before: string | null, after: string | null): string {
  for (const [a, b] of [
    [before, after],
    [before, null],
    [null, after],
  ] as const) {
    try {
      if (a !== null && b !== null && a >= b) continue;
      return generateKeyBetween(a, b);
    } catch {
      // A peer wrote a key that is not a valid fractional index: order around it as best we can.
    }
  }
  return generateKeyBetween(null, null);
}

export function byPosition<T extends { position: string; id: string }>(a: T, b: T): number {
  return a.position < b.position ? -1 : a.position > b.position ? 1 : a.id.localeCompare(b.id);
}

/** A position after every card of `cards`. */
export function positionAtEnd(cards: { position: string; id: string }[]): string {
  const last = [...cards].sort(byPosition).at(-1);
  return keyBetween(last?.position || null, null);
}
