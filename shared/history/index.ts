export * from './types';
export {
  CHANGE_LIMITS,
  CHANGES,
  changeBodyOf,
  changeGuards,
  changeRecordValid,
  changeSigned,
  clip,
  movedOut,
  signChange,
  subjectOf,
} from './changeRecords';
export type { ChangeBody } from './changeRecords';
export { RoomChanges } from './RoomChanges';
export { entitySummary, fieldText, linkSummary, outcomeSummary } from './summaries';
export { newestFirst } from './order';
