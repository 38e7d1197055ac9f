/** The currencies UMF settles (docs/umf-protocol.md §10); the customer always pays CNY. */
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
