// Payments (docs/umf-protocol.md §5 #3–7). Create, verify, execute and refund are never re-sent blindly;
// when execute's answer is lost or untrustworthy, the payment is queried instead.
import { isOutcomeUnknown, UmfError, umfErrorFrom } from './errors.ts';
import { resultOf } from './parse.ts';
import type { UmfProtocol } from './protocol.ts';
import { refundBody, refundProblem } from './refund-body.ts';
import { type Requester, segment } from './request.ts';
import type {
  CreatePaymentRequest,
  ExecuteRequest,
  ExecuteResult,
  Link,
  Order,
  PayerInfo,
  Payment,
  PaymentResult,
  RefundRequest,
  RefundResult,
  UmfResponseInfo,
  VerifyRequest,
  VerifyResult,
} from './types.ts';

/** A payment the customer pays on UMF's own page (UMF's hosted cashier). */
export type HostedPaymentRequest = {
  order: Order;
  notify_url: string;
  /** Where UMF's page sends the customer back to. */
  ret_url: string;
  risk_info?: Record<string, string>;
  /** The merchant's sub-merchant at UMF, sent as order.sub_mer_id when given. */
  subMerchantId?: string;
  /**
   * UMF's page for desktop browsers (`SERVER_TO_WEB`, the default and what production merchants
   * send) or its mobile-web variant (`SERVER_TO_H5WEB`, as UMF's QA tool sends it).
   */
  interfaceType?: 'SERVER_TO_WEB' | 'SERVER_TO_H5WEB';
};

/** The created payment and the page (an absolute http(s) URL) to send the customer to. */
export type HostedPaymentResult = UmfResponseInfo & { payment: Payment; pageUrl: string };

/**
 * Relations that name UMF's payment page. No public source names it: UMF's own demo follows
 * the fourth link of the answer, so that is the fallback when none of these is present.
 */
export const PAGE_RELATIONS = ['redirect_url', 'pay_url', 'payment_url', 'cashier_url'] as const;
export type PageRelation = (typeof PAGE_RELATIONS)[number];

export type PaymentsResource = {
  create(request: CreatePaymentRequest): Promise<PaymentResult>;
  /** NOT_APPLICABLE + SERVER_TO_WEB (or _H5WEB): UMF's page takes the card; never re-sent. */
  createHosted(request: HostedPaymentRequest): Promise<HostedPaymentResult>;
  /** Sends the SMS code to the card's phone. */
  verify(id: string, request: VerifyRequest): Promise<VerifyResult>;
  /** Charges the card. Never re-sent: an ambiguous failure is resolved by querying. */
  execute(id: string, request: ExecuteRequest): Promise<ExecuteResult>;
  get(id: string): Promise<PaymentResult>;
  /** Refunds (part of) a paid payment; the body takes the configured refund shape. */
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
  refundShape: UmfProtocol['refundShape'] = 'reference',
  verifyCode: UmfProtocol['verifyCode'] = 'bank-card',
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
    async createHosted(request) {
      const { subMerchantId, interfaceType, ...rest } = request;
      const body: CreatePaymentRequest = {
        ...rest,
        payer: {
          payment_method: 'NOT_APPLICABLE',
          interface_type: interfaceType ?? 'SERVER_TO_WEB',
          business_type: 'B2C',
          payer_info: {},
        },
        order: subMerchantId ? { ...rest.order, sub_mer_id: subMerchantId } : rest.order,
      };
      const spec = post(ENDPOINTS.create, '/payments/payment', body);
      const { info, result } = await requester.json(spec, resultOf.payment);
      const pageUrl = pageUrlIn(info.links);
      if (!pageUrl) {
        throw umfErrorFrom({
          code: 'MALFORMED_RESPONSE',
          endpoint: ENDPOINTS.create,
          requestId: info.requestId,
          httpStatus: info.httpStatus,
          reason: `no payment page among the links (${info.links.map(relationOf).join(', ')})`,
        });
      }
      return { ...info, payment: result, pageUrl };
    },
    async verify(id, request) {
      const spec = post(ENDPOINTS.verify, paymentPath(id, '/verify'), request);
      return (await requester.json(spec, () => undefined)).info;
    },
    async execute(id, request) {
      const body = withVerifyCode(request, verifyCode);
      const spec = post(ENDPOINTS.execute, paymentPath(id, '/execute'), body);
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
      const problem = refundProblem(request);
      if (problem !== null) throw requester.invalid(ENDPOINTS.refund, problem, request);
      const body = refundBody(id, request, refundShape);
      const spec = post(ENDPOINTS.refund, paymentPath(id, '/refund'), body);
      const { info, result } = await requester.json(spec, resultOf.refund);
      return { ...info, refund: result };
    },
  };
}

/**
 * The execute body with the SMS code in the place `protocol.verifyCode` names (docs/umf-protocol.md
 * §5.5): inside the card object (either spelling; the member spelling applies after) or in
 * payer_info. A caller may write the code in either place; it is sent in exactly one.
 */
export function withVerifyCode(
  request: ExecuteRequest,
  place: UmfProtocol['verifyCode'],
): VerifyRequest {
  const { verify_code: infoCode, ...info } = request.payer.payer_info;
  // Paying by payer agreement (§17): the agreement stands where the card would, code and all.
  const cardKey =
    info.bankCard !== undefined && info.bank_card === undefined
      ? 'bankCard'
      : info.bank_card === undefined && info.payer_agreement !== undefined
        ? 'payer_agreement'
        : info.bank_card === undefined && info.payerAgreement !== undefined
          ? 'payerAgreement'
          : 'bank_card';
  const { verify_code: cardCode, ...card } = info[cardKey] ?? {};
  const code = infoCode ?? cardCode;
  const payerInfo: PayerInfo =
    place === 'bank-card'
      ? { ...info, [cardKey]: { ...card, verify_code: code } }
      : { ...info, ...(info[cardKey] === undefined ? {} : { [cardKey]: card }), verify_code: code };
  return { ...request, payer: { ...request.payer, payer_info: payerInfo } };
}

const relationOf = (link: Link) => link.ref ?? link.rel ?? '?';

/** The payment page of a hosted payment's answer: a known relation, else the fourth link. */
export function pageUrlIn(links: readonly Link[]): string | null {
  const named = links.find((link) =>
    (PAGE_RELATIONS as readonly string[]).includes(relationOf(link).toLowerCase()),
  );
  const href = (named ?? links[3])?.href;
  if (typeof href !== 'string') return null;
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
