// Fixed exchange rates, CNY per unit of each accepted currency (docs/umf-protocol.md §10), as UMF's
// rate-of-the-day strings. SandboxOptions.rates overrides or adds entries.
import type { Currency } from '../../common/currencies.ts';

const DEFAULT_RATES: Readonly<Record<Currency, string>> = {
  CNY: '1.0000',
  HKD: '0.9123',
  USD: '7.1234',
  EUR: '7.7456',
  JPY: '0.0478',
  GBP: '9.0321',
  AUD: '4.6789',
  CAD: '5.2345',
  NZD: '4.2876',
  SGD: '5.3012',
  CHF: '8.0567',
  SEK: '0.6789',
  DKK: '1.0389',
  NOK: '0.6712',
};

const RATE = /^\d{1,6}(\.\d{1,8})?$/;

export type RateTable = ReadonlyMap<string, string>;

export function createRateTable(overrides: Record<string, string> = {}): RateTable {
  const table = new Map<string, string>(Object.entries(DEFAULT_RATES));
  for (const [currency, rate] of Object.entries(overrides)) {
    if (!RATE.test(rate)) throw new Error(`sandbox rate for ${currency} is not a decimal: ${rate}`);
    table.set(currency.toUpperCase(), rate);
  }
  return table;
}
