// Medians, spreads and percentiles of the bench's samples.

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? sorted[0];
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** Median and the half-range around it, e.g. "669 ±3 %". */
export type Spread = { median: number; min: number; max: number; runs: number[] };

export function spread(runs: readonly number[]): Spread {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs: [...runs] };
}

/** ± half the range, in % of the median. */
export function spreadPct(s: Spread): number {
  return s.median === 0 ? 0 : ((s.max - s.min) / 2 / Math.abs(s.median)) * 100;
}
