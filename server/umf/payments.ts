// Payments (docs/umf-protocol.md §5 #3–7). Create, verify, execute and refund are never re-sent blindly;
// when execute's answer is lost or untrustworthy, the payment is queried instead.
import { isOutcomeUnknown, UmfError, umfErrorFrom } from './errors.ts';
import { resultOf } from './parse.ts';
import { type Requester, segment } from './request.ts';
import type {
  CreatePaymentRequest,
  ExecuteRequest,
  ExecuteResult,
  PaymentResult,
  RefundRequest,
  RefundResult,
  VerifyRequest,
  VerifyResult,
} from './types.ts';

export type PaymentsResource = {
  create(request: CreatePaymentRequest): Promise<PaymentResult>;
  /** Sends the SMS code to the card's phone. */
  verify(id: string, request: VerifyRequest): Promise<VerifyResult>;
  /** Charges the card. Never re-sent: an ambiguous failure is resolved by querying. */
  execute(id: string, request: ExecuteRequest): Promise<ExecuteResult>;
  get(id: string): Promise<PaymentResult>;
  refund(id: string, request: RefundRequest): Promise<RefundResult>;
};

/** How long to keep asking after a lost execute answer while the payment still waits. */
export type RecoveryOptions = {
  polls: number;
  intervalMs: number;
  sleep: (ms: number) => Promise<void>;
};

export const ENDPOINTS = {
  create: 'POST /payments/payment',
  verify: 'POST /payments/payment/{id}/verify',
  execute: 'POST /payments/payment/{id}/execute',
  get: 'GET /payments/payment/{id}',
  refund: 'POST /payments/payment/{id}/refund',
} as const;

const paymentPath = (id: string, action = '') => `/payments/payment/${segment(id)}${action}`;

export function createPaymentsResource(
  requester: Requester,
  recovery: RecoveryOptions,
): PaymentsResource {
  const post = (endpoint: string, path: string, request: unknown) => ({
    method: 'POST' as const,
    endpoint,
    path,
    body: requester.body(endpoint, request),
    retry: false,
  });

  async function get(id: string): Promise<PaymentResult> {
    const spec = {
      method: 'GET' as const,
      endpoint: ENDPOINTS.get,
      path: paymentPath(id),
      retry: true,
    };
    const { info, result } = await requester.json(spec, resultOf.payment);
    return { ...info, payment: result };
  }

  async function recover(id: string, cause: UmfError): Promise<ExecuteResult> {
    for (let poll = 0; ; poll++) {
      let found: PaymentResult;
      try {
        found = await get(id);
      } catch (error) {
        throw umfErrorFrom({
          code: 'OUTCOME_UNKNOWN',
          endpoint: ENDPOINTS.execute,
          requestId: cause.requestId,
          httpStatus: cause.httpStatus,
          reason: `execute failed with ${cause.code} and the payment query failed too; query it later`,
          cause: error,
        });
      }
      const state = found.payment.state;
      if (state !== 'WAIT_BUYER_PAY' || poll >= recovery.polls) {
        return { ...found, recovered: true, state, recoveryReason: cause.code };
      }
      await recovery.sleep(recovery.intervalMs);
    }
  }

  return {
    async create(request) {
      const spec = post(ENDPOINTS.create, '/payments/payment', request);
      const { info, result } = await requester.json(spec, resultOf.payment);
      return { ...info, payment: result };
    },
    async verify(id, request) {
      const spec = post(ENDPOINTS.verify, paymentPath(id, '/verify'), request);
      return (await requester.json(spec, () => undefined)).info;
    },
    async execute(id, request) {
      const spec = post(ENDPOINTS.execute, paymentPath(id, '/execute'), request);
      try {
        const { info, result } = await requester.json(spec, resultOf.payment);
        return { ...info, payment: result, recovered: false, state: result.state };
      } catch (error) {
        if (error instanceof UmfError && isOutcomeUnknown(error)) return recover(id, error);
        throw error;
      }
    },
    get,
    async refund(id, request) {
      const spec = post(ENDPOINTS.refund, paymentPath(id, '/refund'), { refund: request });
      const { info, result } = await requester.json(spec, resultOf.refund);
      return { ...info, refund: result };
    },
  };
}
