// GET /payments/refund/{id} (docs/umf-protocol.md §5 #8). Creating a refund is payments.refund().
import { resultOf } from './parse.ts';
import { type Requester, segment } from './request.ts';
import type { RefundsResult } from './types.ts';

export type RefundsResource = { get(id: string): Promise<RefundsResult> };

export function createRefundsResource(requester: Requester): RefundsResource {
  return {
    async get(id) {
      const { info, result } = await requester.json(
        {
          method: 'GET',
          endpoint: 'GET /payments/refund/{id}',
          path: `/payments/refund/${segment(id)}`,
          retry: true,
        },
        resultOf.refunds,
      );
      return { ...info, refunds: result };
    },
  };
}
