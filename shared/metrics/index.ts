export * from './types';
export { bucketOf, bucketsBetween, dayNumber, dayString, previousPeriods } from './calendar';
export {
  addTotals,
  breakdown,
  drugKey,
  emptyTotals,
  inPeriod,
  outcomeCount,
  outcomeRows,
  series,
  totals,
  UNSPECIFIED_DRUG,
} from './metrics';
export type { OutcomeSource } from './metrics';
