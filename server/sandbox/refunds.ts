// Refunds (docs/umf-protocol.md §5.7–8): full or partial, repeatable, their sum never above the
// paid amount, same currency, only on TRADE_SUCCESS; each carries the merchant's own refund
// number. REFUND_PROCESS, then REFUND_SUCCESS after executeDelayMs and a signed notification.
import { formatChinaTime } from './clock.ts';
import { link, type SandboxContext } from './context.ts';
import { badRequest, conflict, invalidParameter, notFound, refused } from './errors.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { asRecord } from './http.ts';
import { newId } from './ids.ts';
import { formatCents, isAmountString, toCents } from './money.ts';
import { parseAmount } from './order.ts';
import { findPayment, isHttpUrl } from './payments.ts';
import type { PaymentRecord, RefundRecord } from './state.ts';
import { type SandboxStrict, strictRefusal } from './strict.ts';

export function refundView(ctx: SandboxContext, refund: RefundRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    ...refund.request,
    id: refund.id,
    amount: { total: formatCents(refund.amountCents), currency: refund.currency },
    state: refund.state,
    parent_payment: refund.paymentId,
    create_time: formatChinaTime(refund.createdAt),
  };
  view.links = [
    link(ctx, 'parent_payment', 'GET', `/payments/payment/${refund.paymentId}`),
    link(ctx, 'self', 'GET', `/payments/refund/${refund.id}`),
  ];
  return view;
}

/** org_amount: the original payment amount, as an amount object or a bare string. */
function checkOrgAmount(value: unknown, where: string, payment: PaymentRecord): void {
  const org = asRecord(value);
  const total = org ? org.total : value;
  if (!isAmountString(total)) throw invalidParameter(`${where} is required`);
  if (org?.currency !== undefined && org.currency !== payment.currency)
    throw refused('00202011', 'refund currency differs from the order');
  if (toCents(total) !== payment.amountCents)
    throw refused('00202010', `${where} differs from the payment amount`);
}

function sameCurrency(ctx: SandboxContext, value: unknown, where: string, payment: PaymentRecord) {
  const amount = parseAmount(value, where, ctx.rates);
  if (amount.currency !== payment.currency)
    throw refused('00202011', 'refund currency differs from the order');
  return amount.cents;
}

/** The sum of orders[].amount, or the explicit `amount` (both must agree when both are sent). */
function ordersAmount(
  ctx: SandboxContext,
  request: Record<string, unknown>,
  prefix: string,
  payment: PaymentRecord,
) {
  const orders = request.orders;
  if (orders !== undefined && !Array.isArray(orders))
    throw invalidParameter(`${prefix}orders must be an array`);
  let sum = 0n;
  for (const [i, order] of (orders ?? []).entries())
    sum += sameCurrency(ctx, asRecord(order)?.amount, `${prefix}orders[${i}].amount`, payment);
  if (request.amount === undefined) {
    if (sum === 0n)
      throw badRequest('00202009', `refund amount missing: give ${prefix}orders[].amount`);
    return sum;
  }
  const explicit = sameCurrency(ctx, request.amount, `${prefix}amount`, payment);
  if (sum !== 0n && sum !== explicit)
    throw refused('00202010', `${prefix}amount differs from the sum of the orders`);
  return explicit;
}

type RefundShape = NonNullable<SandboxStrict['refundShape']> | 'wrapped';

/** The member that marks each shape, as named in messages. */
const SHAPE_MARK: Record<RefundShape, string> = {
  reference: 'org_amount + orders[] (the reference example)',
  sdk: 'order (the SDK Refund bean)',
  demo: 'refund_info (UMF demo)',
  wrapped: 'refund {…}',
};

function shapeOf(body: Record<string, unknown>): RefundShape {
  const found: RefundShape[] = [];
  if (body.org_amount !== undefined || body.orders !== undefined) found.push('reference');
  if (body.order !== undefined) found.push('sdk');
  if (body.refund_info !== undefined) found.push('demo');
  if (body.refund !== undefined) found.push('wrapped');
  if (found.length === 1) return found[0];
  const shapes = (['reference', 'sdk', 'demo'] as const).map((k) => SHAPE_MARK[k]).join('; ');
  if (found.length === 0) throw invalidParameter(`the refund body needs one of: ${shapes}`);
  throw invalidParameter(`the refund body mixes ${found.map((k) => SHAPE_MARK[k]).join(' and ')}`);
}

export type RefundRequest = {
  shape: RefundShape;
  /** The merchant's refund number (its reference for this refund); none in the wrapped form. */
  refundNo: string | undefined;
  cents: bigint;
  notifyUrl: unknown;
  /** What the merchant sent, echoed in the refund object. */
  request: Record<string, unknown>;
};

function refundNumber(value: unknown, where: string): string {
  if (typeof value !== 'string' || !/^[\w-]{1,64}$/.test(value))
    throw invalidParameter(
      `${where} (the merchant refund number) must be 1–64 letters, digits, _ or -`,
    );
  return value;
}

/**
 * Reads the three refund bodies real clients send — the reference example (top-level org_amount
 * + orders[]), the SDK's Refund bean (order + notify_url) and the demo's refund_info — and the
 * older {"refund": {…}} wrapper; strict `refundShape` accepts only one of the three.
 */
export function readRefundRequest(
  ctx: SandboxContext,
  body: Record<string, unknown>,
  payment: PaymentRecord,
): RefundRequest {
  const shape = shapeOf(body);
  const strict = ctx.settings.strict.refundShape;
  if (strict !== undefined && shape !== strict)
    throw strictRefusal(
      'refundShape',
      strict,
      `the refund body must be ${SHAPE_MARK[strict]}, not ${SHAPE_MARK[shape]}`,
    );
  if (shape === 'wrapped') {
    const refund = asRecord(body.refund);
    if (!refund) throw invalidParameter('refund must be an object');
    checkOrgAmount(refund.org_amount, 'refund.org_amount', payment);
    const cents = ordersAmount(ctx, refund, 'refund.', payment);
    return { shape, refundNo: undefined, cents, notifyUrl: refund.notify_url, request: refund };
  }
  if (shape === 'reference') {
    checkOrgAmount(body.org_amount, 'org_amount', payment);
    if (!Array.isArray(body.orders) || body.orders.length === 0)
      throw invalidParameter('orders[] is required: the refunded goods with their amounts');
    const refundNo = refundNumber(
      asRecord(body.orders[0])?.mer_reference_id,
      'orders[0].mer_reference_id',
    );
    const cents = ordersAmount(ctx, body, '', payment);
    return { shape, refundNo, cents, notifyUrl: body.notify_url, request: body };
  }
  const member = shape === 'sdk' ? 'order' : 'refund_info';
  const inner = asRecord(body[member]);
  if (!inner) throw invalidParameter(`${member} must be an object`);
  const refundNo = refundNumber(inner.mer_reference_id, `${member}.mer_reference_id`);
  const cents = sameCurrency(ctx, inner.amount, `${member}.amount`, payment);
  return { shape, refundNo, cents, notifyUrl: body.notify_url, request: body };
}

/** A refund number already used on this payment: the same refund again, or a conflict. */
function earlierRefund(ctx: SandboxContext, payment: PaymentRecord, read: RefundRequest) {
  if (read.refundNo === undefined) return undefined;
  for (const other of ctx.state.refunds.values()) {
    if (other.paymentId !== payment.id || other.refundNo !== read.refundNo) continue;
    if (other.amountCents === read.cents) return other;
    throw conflict(
      '00060767',
      `refund number ${read.refundNo} was already used for another amount`,
    );
  }
  return undefined;
}

export function createRefund(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const payment = findPayment(ctx, request.params[0]);
  if (payment.state !== 'TRADE_SUCCESS')
    throw refused('00060766', `refund not allowed: payment is ${payment.state}`);
  const read = readRefundRequest(ctx, request.body, payment);
  const again = earlierRefund(ctx, payment, read);
  if (again) {
    const view = refundView(ctx, again);
    return json({ refund: view, links: view.links });
  }
  const cents = read.cents;
  if (payment.refundedCents + cents > payment.amountCents)
    throw refused(
      '00202009',
      `refund amount incorrect: ${formatCents(payment.amountCents - payment.refundedCents)} left to refund`,
    );
  if (read.notifyUrl !== undefined && !isHttpUrl(read.notifyUrl))
    throw invalidParameter('notify_url must be an http(s) URL');
  const record: RefundRecord = {
    id: newId('REFUND_'),
    paymentId: payment.id,
    refundNo: read.refundNo,
    amountCents: cents,
    currency: payment.currency,
    request: read.request,
    notifyUrl: read.notifyUrl as string | undefined,
    state: 'REFUND_PROCESS',
    createdAt: ctx.clock.now(),
    finishedAt: undefined,
  };
  payment.refundedCents += cents;
  ctx.state.refunds.set(record.id, record);
  const settle = () => finishRefund(ctx, record);
  if (ctx.settings.executeDelayMs <= 0) settle();
  else ctx.scheduler.after(ctx.settings.executeDelayMs, settle);
  const view = refundView(ctx, record);
  return json({ refund: view, links: view.links });
}

export function finishRefund(ctx: SandboxContext, refund: RefundRecord): void {
  if (refund.state !== 'REFUND_PROCESS') return;
  ctx.state.refunds.touch(refund.id);
  const stale = refundView(ctx, refund);
  refund.state = 'REFUND_SUCCESS';
  refund.finishedAt = ctx.clock.now();
  const url = refund.notifyUrl ?? ctx.state.payments.get(refund.paymentId)?.notifyUrl;
  if (url === undefined) return;
  ctx.notifier.notify({
    url,
    kind: 'refund',
    objectId: refund.id,
    object: refundView(ctx, refund),
    stale,
  });
}

export function getRefund(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const id = request.params[0];
  const refund = ctx.state.refunds.get(id);
  if (refund) return json({ refunds: [refundView(ctx, refund)] });
  // A payment id lists the refunds of that payment.
  const refunds = [...ctx.state.refunds.values()].filter((r) => r.paymentId === id);
  if (refunds.length === 0) throw notFound('00060760', `refund ${id} does not exist`);
  return json({ refunds: refunds.map((r) => refundView(ctx, r)) });
}
