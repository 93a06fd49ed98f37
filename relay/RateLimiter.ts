/**
 * A token bucket per connection, for messages and for bytes: bursts pass, a sustained flood is
 * cut off with a clear close reason. Time is passed in, so tests need no sleeping.
 */
export interface RateLimits {
  messagesPerSecond: number;
  bytesPerSecond: number;
  /** How many seconds' worth of allowance may be spent at once. */
  burstSeconds: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  messagesPerSecond: 500,
  bytesPerSecond: 8 * 1024 * 1024,
  burstSeconds: 10,
};

export class RateLimiter {
  private messages: number;
  private bytes: number;
  private last: number;

  constructor(
    private readonly limits: RateLimits,
    now: number,
  ) {
    this.messages = limits.messagesPerSecond * limits.burstSeconds;
    this.bytes = limits.bytesPerSecond * limits.burstSeconds;
    this.last = now;
  }

  /** Spends one message of `size` bytes; false once the allowance is exhausted. */
  take(size: number, now: number): boolean {
    const { messagesPerSecond, bytesPerSecond, burstSeconds } = this.limits;
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.messages = Math.min(messagesPerSecond * burstSeconds, this.messages + elapsed * messagesPerSecond);
    this.bytes = Math.min(bytesPerSecond * burstSeconds, this.bytes + elapsed * bytesPerSecond);
    this.messages -= 1;
    this.bytes -= size;
    return this.messages >= 0 && this.bytes >= 0;
  }
}
