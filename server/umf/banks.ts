// GET /bank?type=CREDIT_CARD|DEBIT_CARD (docs/umf-protocol.md §5 #2). The list rarely changes: cached.
import { resultOf } from './parse.ts';
import { lookup, type Requester, withQuery } from './request.ts';
import type { BanksResult, CardType } from './types.ts';

export type BanksResource = { list(type: CardType): Promise<BanksResult> };

export function createBanksResource(
  requester: Requester,
  cache: { ttlMs: number; now: () => number },
): BanksResource {
  const cached = new Map<CardType, { at: number; result: BanksResult }>();
  const get = lookup(requester, '/bank', resultOf.banks, 'banks');
  return {
    async list(type) {
      const hit = cached.get(type);
      if (hit && cache.now() - hit.at < cache.ttlMs) return hit.result;
      const answer = await get(withQuery('/bank', { type }));
      if (cache.ttlMs > 0) cached.set(type, { at: cache.now(), result: answer });
      return answer;
    },
  };
}
