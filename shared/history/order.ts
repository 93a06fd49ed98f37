import type { ChangeEntry } from './types';

/** At one instant a card is created before anything else happens to it, and deleted after. */
const rank = (e: ChangeEntry) => (e.change.kind === 'deleted' ? 0 : e.change.kind === 'created' ? 2 : 1);

/**
 * Newest first by the signer's clock; at one instant creation last and deletion first; then by id, so
 * every reader lists the same order whatever order the records arrived in (a record's id is its body's
 * hash: nobody picks where it sorts).
 */
export function newestFirst(a: ChangeEntry, b: ChangeEntry): number {
  return b.at - a.at || rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
