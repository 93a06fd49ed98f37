/**
 * Limits on what one member may write, whatever number of sockets it opens: the size of a single
 * update, and bytes per time window (a token bucket per member and room, refilled continuously).
 */
export interface MemberLimits {
  /** A larger Yjs update (sync step 2 or update message) closes the socket. */
  maxUpdateBytes: number;
  /** Bytes a member may send to one room per `windowMs`, over all its sockets. */
  memberBytesPerWindow: number;
  windowMs: number;
}

export const DEFAULT_MEMBER_LIMITS: MemberLimits = {
  maxUpdateBytes: 16 * 1024 * 1024,
  memberBytesPerWindow: 256 * 1024 * 1024,
  windowMs: 60_000,
};

/** Sizes in the close reasons and flags: MiB with two decimals at most. */
export const mib = (bytes: number): string => String(Number((bytes / 2 ** 20).toFixed(2)));

export class MemberBudget {
  private readonly buckets = new Map<string, { bytes: number; last: number }>();

  constructor(readonly limits: MemberLimits) {}

  /** Spends `size` bytes of `member`'s allowance; false once it is exhausted. */
  take(member: string, size: number, now: number): boolean {
    const { memberBytesPerWindow: capacity, windowMs } = this.limits;
    const bucket = this.buckets.get(member) ?? { bytes: capacity, last: now };
    bucket.bytes = Math.min(capacity, bucket.bytes + (Math.max(0, now - bucket.last) / windowMs) * capacity);
    bucket.last = now;
    this.buckets.set(member, bucket);
    if (bucket.bytes < size) return false;
    bucket.bytes -= size;
    return true;
  }

  /** Forgets members whose allowance has refilled: they are where a newcomer starts. */
  prune(now: number): void {
    for (const [member, b] of this.buckets) if (now - b.last >= this.limits.windowMs) this.buckets.delete(member);
  }
}
