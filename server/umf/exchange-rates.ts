// GET /exchange_rate?currency=USD (docs/umf-protocol.md §5 #11): CNY per unit, a decimal string.
import { resultOf } from './parse.ts';
import { type Requester, withQuery } from './request.ts';
import type { ExchangeRatesResult } from './types.ts';

export type ExchangeRatesResource = { get(currency: string): Promise<ExchangeRatesResult> };

export function createExchangeRatesResource(requester: Requester): ExchangeRatesResource {
  return {
    async get(currency) {
      const { info, result } = await requester.json(
        {
          method: 'GET',
          endpoint: 'GET /exchange_rate',
          path: withQuery('/exchange_rate', { currency }),
          retry: true,
        },
        resultOf.exchangeRates,
      );
      return { ...info, exchangeRates: result };
    },
  };
}
