// GET /exchange_rate?currency=USD (docs/umf-protocol.md §5 #11): CNY per unit, a decimal string.
import { resultOf } from './parse.ts';
import { lookup, type Requester, withQuery } from './request.ts';
import type { ExchangeRatesResult } from './types.ts';

export type ExchangeRatesResource = { get(currency: string): Promise<ExchangeRatesResult> };

export function createExchangeRatesResource(requester: Requester): ExchangeRatesResource {
  const get = lookup(requester, '/exchange_rate', resultOf.exchangeRates, 'exchangeRates');
  return { get: (currency) => get(withQuery('/exchange_rate', { currency })) };
}
