import { matchesFilter } from '../../shared/model';
import type { BoardFilter } from '../../shared/model';
import type { MergedCard } from '../../shared/compartments';

/**
 * The board's filters, "releasable to …" (cards whose organization lives in that compartment), and
 * "changed since" a day (YYYY-MM-DD): cards in `changed`, which the board derives from the change log.
 */
export type BoardViewFilter = BoardFilter & {
  compartment?: string;
  changedSince?: string;
  changed?: ReadonlySet<string>;
};

export const matchesViewFilter = (card: MergedCard, filter: BoardViewFilter): boolean =>
  matchesFilter(card, filter) &&
  (!filter.compartment || card.compartmentId === filter.compartment) &&
  (!filter.changed || filter.changed.has(card.id));
