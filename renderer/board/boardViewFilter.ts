import { matchesFilter } from '../../shared/model';
import type { BoardFilter } from '../../shared/model';
import type { MergedCard } from '../../shared/compartments';

/** The board's filters, and "releasable to …": cards whose organization lives in that compartment. */
export type BoardViewFilter = BoardFilter & { compartment?: string };

export const matchesViewFilter = (card: MergedCard, filter: BoardViewFilter): boolean =>
  matchesFilter(card, filter) && (!filter.compartment || card.compartmentId === filter.compartment);
