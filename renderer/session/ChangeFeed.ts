import type { Concern } from '../../shared/workspace';

/** Runs a callback before the next paint: requestAnimationFrame in the app, a manual clock in tests. */
export type FrameScheduler = (callback: () => void) => void;

/**
 * What changed in an open workspace, per concern (shared/workspace/concerns.ts), told to React once
 * per frame (issue 17). A screen subscribes to the concerns it shows; its snapshot (`version`) moves
 * only when one of them changed, and only at the frame that tells it, so it is stable between
 * notifications as useSyncExternalStore requires.
 */
export class ChangeFeed {
  private readonly counts = new Map<Concern, number>();
  private readonly marked = new Set<Concern>();
  private readonly listeners = new Map<Concern, Set<() => void>>();
  private scheduled = false;
  private stopped = false;

  constructor(private readonly frame: FrameScheduler) {}

  /** Something of `concerns` changed: their listeners hear it at the next frame, each once. */
  mark(concerns: Iterable<Concern>): void {
    for (const c of concerns) this.marked.add(c);
    if (this.scheduled || this.stopped || this.marked.size === 0) return;
    this.scheduled = true;
    this.frame(() => this.tell());
  }

  /** Hears changes of any of `concerns`, once per frame at most. */
  subscribe(concerns: readonly Concern[], listener: () => void): () => void {
    for (const c of concerns) {
      let set = this.listeners.get(c);
      if (!set) this.listeners.set(c, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const c of concerns) this.listeners.get(c)?.delete(listener);
    };
  }

  /** A number that moves whenever one of `concerns` was told changed (the snapshot of a screen). */
  version(concerns: readonly Concern[]): number {
    let n = 0;
    for (const c of concerns) n += this.counts.get(c) ?? 0;
    return n;
  }

  /** No more frames: the workspace closed. */
  stop(): void {
    this.stopped = true;
    this.listeners.clear();
  }

  private tell(): void {
    this.scheduled = false;
    if (this.stopped) return;
    const heard = new Set<() => void>();
    for (const c of this.marked) {
      this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
      for (const l of this.listeners.get(c) ?? []) heard.add(l);
    }
    this.marked.clear();
    for (const l of heard) l();
  }
}
