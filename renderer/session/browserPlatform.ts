import type { ConnectionPlatform, WebSocketClass } from '../../shared/sync';

/** The browser's seams for the sync layer: its WebSocket, fetch, clock and timers. */
export const browserPlatform: ConnectionPlatform & { schedule: (fn: () => void, ms: number) => () => void } = {
  WebSocket: WebSocket as unknown as WebSocketClass,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  schedule: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};
