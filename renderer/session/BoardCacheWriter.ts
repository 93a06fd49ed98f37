import type { BoardCache, BoardCacheSnapshot } from '../../shared/storage';

/** Where the writer's snapshot comes from: the live board, and a way to hear that it changed. */
export interface BoardCacheSource {
  snapshot(now: number): BoardCacheSnapshot;
  /** Calls `listener` when what the board shows may have changed; returns a function that stops it. */
  subscribe(listener: () => void): () => void;
}

export interface WriterClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The first write waits this long after the board is live: after its first paint and first upkeep. */
export const FIRST_WRITE_MS = 3_000;
/** After a change, the next write waits this long (however many changes come meanwhile). */
export const WRITE_EVERY_MS = 120_000;

/**
 * Keeps a workspace's board cache (ADR 0022) as its live board shows it: once soon after the open,
 * then at most every WRITE_EVERY_MS while the board changes, and on close. Never on an edit's path:
 * a change only sets a flag (and a timer, if none waits). A write that fails is tried at the next.
 */
export class BoardCacheWriter {
  private timer: unknown = null;
  private dirty = true;
  private closed = false;
  /** The last snapshot written, less its time: an unchanged board is not written again. */
  private written = '';
  private readonly stop: () => void;

  constructor(
    private readonly source: BoardCacheSource,
    private readonly cache: BoardCache,
    private readonly clock: WriterClock,
  ) {
    this.stop = source.subscribe(() => {
      this.dirty = true;
      if (this.timer === null && !this.closed) this.schedule(WRITE_EVERY_MS);
    });
    this.schedule(FIRST_WRITE_MS);
  }

  /** Writes what the board shows now, if it changed (sealed before this returns: a lock may wipe the key next). */
  writeNow(): Promise<void> {
    if (!this.dirty) return Promise.resolve();
    this.dirty = false;
    let snapshot: BoardCacheSnapshot;
    try {
      snapshot = this.source.snapshot(this.clock.now());
    } catch {
      // A board that cannot be read now (closing under it) keeps the last good cache.
      return Promise.resolve();
    }
    const same = JSON.stringify({ ...snapshot, shownAt: 0 });
    if (same === this.written) return Promise.resolve();
    return this.cache.write(snapshot).then(
      () => void (this.written = same),
      () => void (this.dirty = true),
    );
  }

  /** The last write (if the board changed since), then nothing more. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.stop();
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const last = this.writeNow();
    this.closed = true;
    return last;
  }

  private schedule(ms: number): void {
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.writeNow().catch(() => void (this.dirty = true));
    }, ms);
  }
}
