export { orderForJson, parseRanking, tally } from './tally';
export type { Ballot, CountingMethod, TallyResult } from './tally';
