import { computeRoster } from '../shared/membership';
import type { Roster } from '../shared/membership';

/**
 * Each workspace's roster, computed from its directory (the room named by the workspace id, ADR
 * 0012 §1) and used for the directory and every compartment room of the workspace, whose own
 * documents hold no roster the relay reads. Computed once and kept until the directory's roster
 * list changes, or until the earliest expiry among its unconfirmed invites passes: refusing a
 * stranger must not cost a roster computation (every signature checked) per attempt, yet an
 * unconfirmed join stops counting when its invite expires, by the relay's clock as by every
 * client's (red-team finding F8). Rooms nobody created are not kept (anyone can name one), and at
 * most `limit` rooms are.
 */
export class RosterCache {
  private readonly cached = new Map<string, { roster: Roster; lapsesAt: number }>();
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly entries: (room: string) => Promise<unknown[]>,
    private readonly limit = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(room: string): Promise<Roster> {
    const at = this.now();
    const hit = this.cached.get(room);
    if (hit && at <= hit.lapsesAt) return hit.roster;
    this.cached.delete(room);
    const before = this.generation.get(room) ?? 0;
    const roster = computeRoster(room, await this.entries(room), at);
    // A change while we read makes this result stale: use it once, do not keep it.
    if (roster.creator !== null && (this.generation.get(room) ?? 0) === before) {
      if (this.cached.size >= this.limit) this.cached.delete(this.cached.keys().next().value!);
      this.cached.set(room, { roster, lapsesAt: lapsesAt(roster, at) });
    }
    return roster;
  }

  /**
   * Whether the room's cached roster has lapsed by `now` (an unconfirmed invite expired since): then
   * it is dropped, and the caller closes the sockets the roster no longer admits. Once per lapse.
   */
  lapsed(room: string, now: number = this.now()): boolean {
    const hit = this.cached.get(room);
    if (!hit || now <= hit.lapsesAt) return false;
    this.cached.delete(room);
    return true;
  }

  /** The room's roster list changed. */
  invalidate(room: string): void {
    this.cached.delete(room);
    this.generation.set(room, (this.generation.get(room) ?? 0) + 1);
  }
}

/** Until when a roster computed at `at` holds: the earliest future expiry of an invite no admin confirmed. */
const lapsesAt = (roster: Roster, at: number): number =>
  Math.min(
    Infinity,
    ...[...roster.invites.values()].filter((i) => i.confirmedBy === null && i.expiresAt >= at).map((i) => i.expiresAt),
  );
