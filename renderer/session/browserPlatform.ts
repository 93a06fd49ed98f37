import { clockOver } from '../../shared/sync';
import type { Platform } from '../../shared/workspace';
import { IndexedDbRecordBackend } from '../storage/IndexedDbRecordBackend';

/** The browser's seams for opening a workspace: its WebSocket, clock and timers, IndexedDB, and its network events. */
export const browserPlatform: Platform = {
  WebSocket: WebSocket,
  ...clockOver(setTimeout, clearTimeout),
  // A room's records are kept under `<ws>/<room>` (ADR 0012 §5): ids are base64url, so no workspace id holds a slash.
  records: (workspaceId, room) =>
    new IndexedDbRecordBackend(room === undefined ? workspaceId : `${workspaceId}/${room}`),
  // A frame, then a task (the paint happens between the two); a hidden page has no frames: 50 ms at most.
  nextFrame: () =>
    new Promise((resolve) => {
      requestAnimationFrame(() => setTimeout(resolve, 0));
      setTimeout(resolve, 50);
    }),
  watchNetwork: (listener) => {
    const offline = () => listener(false);
    const online = () => listener(true);
    window.addEventListener('offline', offline);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('offline', offline);
      window.removeEventListener('online', online);
    };
  },
};
