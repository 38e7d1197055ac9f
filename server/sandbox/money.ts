// Decimal money on integer cents (bigint): UMF amounts are strings with at most two decimals
// and at most ten characters (docs/umf-protocol.md §3). Never floats.

const AMOUNT = /^\d{1,7}(\.\d{1,2})?$/;

export function isAmountString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 10 && AMOUNT.test(value);
}

/** "12.3" → 1230n. The caller checks the format first. */
export function toCents(amount: string): bigint {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** 1230n → "12.30". */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A decimal rate string ("7.1234") as an integer and its power of ten. */
function parseRate(rate: string): { scaled: bigint; scale: bigint } {
  const [whole, fraction = ''] = rate.split('.');
  return { scaled: BigInt(whole + fraction), scale: 10n ** BigInt(fraction.length) };
}

/** Converts cents at a rate, rounding half up to the cent. */
export function convertCents(cents: bigint, rate: string): bigint {
  const { scaled, scale } = parseRate(rate);
  return (cents * scaled * 2n + scale) / (scale * 2n);
}

/** A share of an amount in basis points, rounded half up. */
export function basisPoints(cents: bigint, bps: bigint): bigint {
  return (cents * bps * 2n + 10000n) / 20000n;
}
