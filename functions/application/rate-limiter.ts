/**
 * Spaces calls to an API evenly at a rate (calls per second): each caller waits for its turn. The
 * sweep's workers share a Step Functions API quota (per account and Region); each takes its share.
 */
export class RateLimiter {
  private nextAt = 0;
  private readonly intervalMs: number;

  constructor(
    callsPerSecond: number,
    private readonly wallClock: () => number = Date.now,
  ) {
    if (!(callsPerSecond > 0)) throw new Error(`rate must be above 0 calls a second, was ${callsPerSecond}`);
    this.intervalMs = 1000 / callsPerSecond;
  }

  /** Resolves when the next call may go. */
  async take(): Promise<void> {
    const now = this.wallClock();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
