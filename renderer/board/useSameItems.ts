import { useState } from 'react';

/**
 * The previous array while the new one holds the same items (by identity), in order: a lane whose
 * shown cards did not change keeps its list, so dnd-kit's context does not re-render every card of
 * it when a card further down (or one in another lane) changed.
 */
export function useSameItems<T>(items: T[]): T[] {
  const [kept, setKept] = useState(items);
  if (kept === items || (kept.length === items.length && kept.every((x, i) => x === items[i]))) return kept;
  setKept(items);
  return items;
}
