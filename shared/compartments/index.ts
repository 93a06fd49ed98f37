export { kindOf, meet, narrowerOrSame, rank } from './releasability';
export { boundsOf, FACT_MAPS, isParked, isTombstone, mayWrite, placementOf, shownCopy, withinBounds } from './copies';
export type { Copy, Rooms } from './copies';
export { MergedBoard } from './MergedBoard';
export type {
  BoardReport,
  MergedCard,
  MergedEntity,
  MergedLane,
  MergedLink,
  MergedOutcome,
  Placed,
} from './MergedBoard';
export { BROADER_THAN_ORG, moveFacts, undoMove } from './moveFacts';
export type { MovedFact, MoveResult } from './moveFacts';
export { audienceRooms } from './audience';
export { settle, SettleFilter, SETTLE_FIELDS, touchesSettling } from './settle';
export type { Settled } from './settle';
export { PROVENANCE, provenanceGuard, provenanceOfFact, provenanceRecordValid, signAdded } from './provenanceRecords';
export type { AddedRecord, FactProvenance, ForgedReport, MovedRecord, ProvenanceBody } from './provenanceRecords';
