export { parseBody, putRecord, readRecords, recordValid } from '../model';
export type { SignedRecord } from '../model';

export const ROUNDS = 'voting-rounds';
export const BALLOTS = 'voting-ballots';
export const CLOSES = 'voting-closes';
