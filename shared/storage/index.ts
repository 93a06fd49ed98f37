export {
  BOARD_CACHE_VERSION,
  BoardCache,
  CACHED_CARDS_PER_LANE,
  MAX_CACHED_ACTIVITIES,
  MAX_CACHED_LANES,
  MAX_CACHED_TEXT,
  openBoardCache,
  sealBoardCache,
} from './BoardCache';
export type { BoardCacheSnapshot, CachedCard, CachedLane } from './BoardCache';
export { LocalTransportStore } from './LocalTransportStore';
export type { RecordBackend } from './LocalTransportStore';
