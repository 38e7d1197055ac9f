// Amounts are decimal strings on the wire and in the database ("100.02"); arithmetic is
// done in integer cents so no float ever touches money.

const DECIMAL = /^(0|[1-9]\d*)(\.\d{1,2})?$/;

/** Whether a string is a UMF amount: ≤ 2 decimals, ≤ 10 characters, not negative. */
export function isDecimalAmount(value: string): boolean {
  return value.length <= 10 && DECIMAL.test(value);
}

/** "100.02" → 10002. Throws on anything that is not a UMF amount. */
export function toCents(amount: string): number {
  if (!isDecimalAmount(amount)) throw new RangeError(`not a decimal amount: ${amount}`);
  const [whole, fraction = ''] = amount.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** 10002 → "100.02". */
export function fromCents(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`bad cents: ${cents}`);
  const whole = Math.floor(cents / 100);
  return `${whole}.${String(cents % 100).padStart(2, '0')}`;
}

/** amount × rate (a decimal string with any scale), rounded half-up to cents: "100.00" × "7.1234". */
export function convert(amount: string, rate: string): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!match) throw new RangeError(`bad rate: ${rate}`);
  const scale = (match[2] ?? '').length;
  const rateUnits = BigInt(match[1] + (match[2] ?? ''));
  const divisor = 10n ** BigInt(scale);
  const product = BigInt(toCents(amount)) * rateUnits;
  const cents = (product * 2n + divisor) / (divisor * 2n);
  return fromCents(Number(cents));
}
