// The sandbox's test clock: real time plus an offset that the control API can advance, so
// tests can expire tokens and payments without waiting.

export type Clock = {
  /** Current time in ms since the epoch, offset included. */
  now(): number;
  /** Moves the clock forward; returns the new time. */
  advance(seconds: number): number;
  reset(): void;
  /** The offset in ms (kept across restarts by the journal). */
  offsetMs(): number;
  setOffsetMs(offset: number): void;
};

export function createClock(realNow: () => number = Date.now): Clock {
  let offsetMs = 0;
  return {
    now: () => realNow() + offsetMs,
    advance(seconds) {
      offsetMs += Math.round(seconds * 1000);
      return realNow() + offsetMs;
    },
    reset() {
      offsetMs = 0;
    },
    offsetMs: () => offsetMs,
    setOffsetMs(offset) {
      offsetMs = offset;
    },
  };
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** ISO 8601 date-time in China time, as UMF writes it: 2026-01-02T03:04:05+08:00. */
export function formatChinaTime(ms: number): string {
  const iso = new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 19);
  return `${iso}+08:00`;
}

/** YYYYMMDD of the China-time calendar day. */
export function chinaDate(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
}
