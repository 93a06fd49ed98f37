import { BoardCache } from '../../shared/storage';
import type { BoardCacheSnapshot } from '../../shared/storage';
import { IndexedDbRecordBackend } from '../storage/IndexedDbRecordBackend';

/**
 * The board cache of `workspaceId` (ADR 0022) in this browser profile: one sealed record in the
 * transport records' IndexedDB store, under a name no room's records can have (ids are base64url).
 */
export function boardCacheOf(storageKey: Uint8Array, workspaceId: string): BoardCache {
  return new BoardCache(new IndexedDbRecordBackend(`board-cache:${workspaceId}`), storageKey, workspaceId);
}

/** What a cold open paints first, or null: no cache, or one that does not open (never shown, rewritten later). */
export function readBoardPreview(storageKey: Uint8Array, workspaceId: string): Promise<BoardCacheSnapshot | null> {
  return boardCacheOf(storageKey, workspaceId).read();
}
