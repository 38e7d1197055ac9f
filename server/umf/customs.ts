// Customs declarations (docs/umf-protocol.md §5 #9, #10). Applying is never re-sent blindly.
import { resultOf } from './parse.ts';
import { lookup, type Requester, segment } from './request.ts';
import type { CustomsRequest, CustomsResult } from './types.ts';

export type CustomsResource = {
  apply(paymentId: string, request: CustomsRequest): Promise<CustomsResult>;
  get(id: string): Promise<CustomsResult>;
};

const APPLY = 'POST /payments/payment/{id}/apply_to_customs';

export function createCustomsResource(requester: Requester): CustomsResource {
  const get = lookup(
    requester,
    '/payments/customs_declarations/{id}',
    resultOf.customs,
    'customsDeclarations',
  );
  return {
    async apply(paymentId, request) {
      const body = requester.body(APPLY, request);
      const path = `/payments/payment/${segment(paymentId)}/apply_to_customs`;
      const { info, result } = await requester.json(
        { method: 'POST', endpoint: APPLY, path, body, retry: false },
        resultOf.customs,
      );
      return { ...info, customsDeclarations: result };
    },
    get: (id) => get(`/payments/customs_declarations/${segment(id)}`),
  };
}
