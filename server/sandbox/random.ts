// A seeded pseudo-random source (mulberry32) for SMS codes and fault draws, so a seeded
// sandbox replays the same codes and faults. Identifiers use crypto randomness instead.

export type Random = {
  /** Uniform in [0, 1). */
  next(): number;
  /** A string of n random decimal digits. */
  digits(n: number): string;
};

export function createRandom(seed: number = Math.floor(Math.random() * 2 ** 32)): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    digits: (n) => Array.from({ length: n }, () => Math.floor(next() * 10)).join(''),
  };
}
