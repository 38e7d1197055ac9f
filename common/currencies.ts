// The currencies UMF settles (docs/umf-protocol.md §10); the customer always pays CNY. A fact of
// the protocol: the BFF's Currency enum and the sandbox's rate table both list exactly these.

export const CURRENCIES = [
  'CNY',
  'HKD',
  'USD',
  'EUR',
  'JPY',
  'GBP',
  'AUD',
  'CAD',
  'NZD',
  'SGD',
  'CHF',
  'SEK',
  'DKK',
  'NOK',
] as const;
export type Currency = (typeof CURRENCIES)[number];
