// Fixed-memory sliding-window limiter (`max` hits per `windowMs` per key). Keys are evicted
// oldest-first once `maxKeys` are tracked, so a flood of distinct keys cannot grow memory.
export type RateLimitResult = { ok: true } | { ok: false; retryAt: Date };

export type RateLimiter = {
  take(key: string): RateLimitResult;
  /** Whether `take` would refuse now, without counting a hit. */
  check(key: string): RateLimitResult;
  /** Number of keys currently tracked (for tests and metrics). */
  readonly size: number;
};

export type RateLimiterOptions = {
  windowMs: number;
  max: number;
  /** Epoch ms (default Date.now). */
  now?: () => number;
  /** Most keys kept at once (default 10 000). */
  maxKeys?: number;
};

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { windowMs, max } = options;
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  if (!(windowMs > 0) || !(max >= 1)) throw new RangeError('windowMs and max must be positive');
  // Map keeps insertion order: re-inserting a key on each hit makes the first entry the stalest.
  const hits = new Map<string, number[]>();

  return {
    take(key) {
      const at = now();
      const recent = (hits.get(key) ?? []).filter((t) => t > at - windowMs);
      hits.delete(key);
      if (recent.length >= max) {
        hits.set(key, recent);
        return { ok: false, retryAt: new Date(recent[0] + windowMs) };
      }
      recent.push(at);
      hits.set(key, recent);
      while (hits.size > maxKeys) {
        const oldest = hits.keys().next().value;
        if (oldest === undefined) break;
        hits.delete(oldest);
      }
      return { ok: true };
    },
    check(key) {
      const at = now();
      const recent = (hits.get(key) ?? []).filter((t) => t > at - windowMs);
      if (recent.length < max) return { ok: true };
      return { ok: false, retryAt: new Date(recent[0] + windowMs) };
    },
    get size() {
      return hits.size;
    },
  };
}
