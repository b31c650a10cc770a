/**
 * Rate limit for one connection: `ratePerSecond` tokens refill continuously up to `burst`; each
 * message takes one token (message bucket) or its size in bytes (byte buckets). Lazily refilled on use, so an idle connection costs no timer.
 */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes `n` tokens; false (and nothing taken) when fewer are left. */
  take(n = 1): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.ratePerSecond)
    this.last = t
    if (this.tokens < n) return false
    this.tokens -= n
    return true
  }
}
