import type { RecordBackend } from '../storage';
import type { ConnectionPlatform } from '../sync';

/**
 * All that opening a workspace needs from its host, and all that differs between the app and the
 * CLI: the connection's seams (the WebSocket class, the clock and timers), where the sealed local
 * copy lives, and the machine's own word on its network where it has one.
 */
export interface Platform extends ConnectionPlatform {
  /**
   * The store for one workspace's sealed records: IndexedDB in the app, a file in a CLI profile;
   * the directory's without `room`, a compartment's room's with its id (ADR 0012 §5).
   */
  records(workspaceId: string, room?: string): RecordBackend;
  /**
   * Calls `listener` when the machine says its network went (false) or came back (true), as a
   * browser's offline and online events do. Returns a function that stops listening.
   */
  watchNetwork?(listener: (online: boolean) => void): () => void;
  /**
   * Resolves once the page has painted what changed (a browser's next frame), so a progress sentence
   * shows before a long synchronous step; hosts with no screen leave it out (a macrotask then).
   */
  nextFrame?(): Promise<void>;
}
