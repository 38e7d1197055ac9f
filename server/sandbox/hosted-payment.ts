// Hosted-cashier payments (payment_method NOT_APPLICABLE, interface_type SERVER_TO_WEB, or the
// mobile SERVER_TO_H5WEB): what creation requires and the links its answer carries. The customer
// pays on the sandbox's own page (hosted-cashier.ts), not through verify / execute.
import { type Link, link, type SandboxContext } from './context.ts';
import { invalidParameter } from './errors.ts';
import type { PaymentRecord } from './state.ts';

export const HOSTED_INTERFACES = ['SERVER_TO_WEB', 'SERVER_TO_H5WEB'] as const;

/** The page's path on the sandbox origin. */
export function cashierPath(id: string): string {
  return `/cashier/${encodeURIComponent(id)}`;
}

export function isHostedPayment(payment: PaymentRecord): boolean {
  return payment.method === 'NOT_APPLICABLE';
}

function httpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A NOT_APPLICABLE payment is paid on UMF's page: it needs that interface and a ret_url. */
export function checkHostedPayment(
  payer: Record<string, unknown> | undefined,
  body: Record<string, unknown>,
): void {
  const type = payer?.interface_type;
  if (!(HOSTED_INTERFACES as readonly unknown[]).includes(type))
    throw invalidParameter(
      `payer.interface_type must be ${HOSTED_INTERFACES.join(' or ')} for NOT_APPLICABLE`,
    );
  if (!httpUrl(body.ret_url))
    throw invalidParameter('ret_url (an http(s) URL) is required for NOT_APPLICABLE');
}

/**
 * While the customer can pay: a query link and the page twice, as `pay_url` (to hand over) and
 * `redirect_url` (to send the browser to). UMF's own demo follows the fourth link of the answer,
 * which this order keeps working: self, query, pay_url, redirect_url.
 */
export function hostedPageLinks(ctx: SandboxContext, payment: PaymentRecord): Link[] {
  if (!isHostedPayment(payment) || payment.state !== 'WAIT_BUYER_PAY' || payment.processing)
    return [];
  const page = `${ctx.origin()}${cashierPath(payment.id)}`;
  const query = `/payments/payment/${payment.id}?mer_reference_id=${encodeURIComponent(payment.orderId)}&mer_date=${payment.merDate}`;
  return [
    link(ctx, 'query', 'GET', query),
    { ref: 'pay_url', method: 'GET', href: page },
    { ref: 'redirect_url', method: 'GET', href: page },
  ];
}
