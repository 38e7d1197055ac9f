// GET /payments/refund/{id} (docs/umf-protocol.md §5 #8). Creating a refund is payments.refund().
import { resultOf } from './parse.ts';
import { lookup, type Requester, segment } from './request.ts';
import type { RefundsResult } from './types.ts';

export type RefundsResource = { get(id: string): Promise<RefundsResult> };

export function createRefundsResource(requester: Requester): RefundsResource {
  const get = lookup(requester, '/payments/refund/{id}', resultOf.refunds, 'refunds');
  return { get: (id) => get(`/payments/refund/${segment(id)}`) };
}
