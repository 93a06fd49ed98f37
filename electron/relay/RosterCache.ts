import { computeRoster } from '../../shared/sync';
import type { Roster } from '../../shared/sync';

/**
 * Each room's roster, computed once and kept until the room's roster list changes: refusing a
 * stranger must not cost a roster computation (every signature checked) per attempt. Rooms
 * nobody created are not kept (anyone can name one), and at most `limit` rooms are.
 */
export class RosterCache {
  private readonly cached = new Map<string, Roster>();
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly entries: (room: string) => Promise<unknown[]>,
    private readonly limit = 1000,
  ) {}

  async get(room: string): Promise<Roster> {
    const hit = this.cached.get(room);
    if (hit) return hit;
    const before = this.generation.get(room) ?? 0;
    const roster = computeRoster(room, await this.entries(room));
    // A change while we read makes this result stale: use it once, do not keep it.
    if (roster.creator !== null && (this.generation.get(room) ?? 0) === before) {
      if (this.cached.size >= this.limit) this.cached.delete(this.cached.keys().next().value!);
      this.cached.set(room, roster);
    }
    return roster;
  }

  /** The room's roster list changed. */
  invalidate(room: string): void {
    this.cached.delete(room);
    this.generation.set(room, (this.generation.get(room) ?? 0) + 1);
  }
}
