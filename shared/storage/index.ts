export { BOARD_CACHE_VERSION, BoardCache, CACHED_CARDS_PER_LANE, openBoardCache, sealBoardCache } from './BoardCache';
export type { BoardCacheSnapshot, CachedCard, CachedLane } from './BoardCache';
export { LocalTransportStore } from './LocalTransportStore';
export type { RecordBackend } from './LocalTransportStore';
