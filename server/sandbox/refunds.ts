// Refunds (docs/umf-protocol.md §5.7–8): full or partial, repeatable, their sum never above the paid
// amount, same currency, only on TRADE_SUCCESS. REFUND_PROCESS, then REFUND_SUCCESS after
// executeDelayMs and a signed notification.
import { formatChinaTime } from './clock.ts';
import { link, type SandboxContext } from './context.ts';
import { badRequest, invalidParameter, notFound, refused } from './errors.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { asRecord } from './http.ts';
import { newId } from './ids.ts';
import { formatCents, isAmountString, toCents } from './money.ts';
import { parseAmount } from './order.ts';
import { findPayment, isHttpUrl } from './payments.ts';
import type { PaymentRecord, RefundRecord } from './state.ts';

export function refundView(ctx: SandboxContext, refund: RefundRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: refund.id,
    ...refund.request,
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
function checkOrgAmount(value: unknown, payment: PaymentRecord): void {
  const org = asRecord(value);
  const total = org ? org.total : value;
  if (!isAmountString(total)) throw invalidParameter('refund.org_amount is required');
  if (org?.currency !== undefined && org.currency !== payment.currency)
    throw refused('00202011', 'refund currency differs from the order');
  if (toCents(total) !== payment.amountCents)
    throw refused('00202010', 'org_amount differs from the payment amount');
}

/** The refunded amount: the sum of the orders' amounts, or refund.amount when given. */
function refundAmount(
  ctx: SandboxContext,
  refund: Record<string, unknown>,
  payment: PaymentRecord,
) {
  const orders = refund.orders;
  if (orders !== undefined && !Array.isArray(orders))
    throw invalidParameter('refund.orders must be an array');
  let sum = 0n;
  for (const [i, order] of (orders ?? []).entries()) {
    const amount = parseAmount(asRecord(order)?.amount, `refund.orders[${i}].amount`, ctx.rates);
    if (amount.currency !== payment.currency)
      throw refused('00202011', 'refund currency differs from the order');
    sum += amount.cents;
  }
  if (refund.amount === undefined) {
    if (sum === 0n) throw badRequest('00202009', 'refund amount missing: give orders[].amount');
    return sum;
  }
  const explicit = parseAmount(refund.amount, 'refund.amount', ctx.rates);
  if (explicit.currency !== payment.currency)
    throw refused('00202011', 'refund currency differs from the order');
  if (sum !== 0n && sum !== explicit.cents)
    throw refused('00202010', 'refund.amount differs from the sum of the orders');
  return explicit.cents;
}

export function createRefund(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const payment = findPayment(ctx, request.params[0]);
  const refund = asRecord(request.body.refund);
  if (!refund) throw invalidParameter('refund is required');
  if (payment.state !== 'TRADE_SUCCESS')
    throw refused('00060766', `refund not allowed: payment is ${payment.state}`);
  checkOrgAmount(refund.org_amount, payment);
  const cents = refundAmount(ctx, refund, payment);
  if (payment.refundedCents + cents > payment.amountCents)
    throw refused(
      '00202009',
      `refund amount incorrect: ${formatCents(payment.amountCents - payment.refundedCents)} left to refund`,
    );
  if (refund.notify_url !== undefined && !isHttpUrl(refund.notify_url))
    throw invalidParameter('refund.notify_url must be an http(s) URL');
  const record: RefundRecord = {
    id: newId('REFUND_'),
    paymentId: payment.id,
    amountCents: cents,
    currency: payment.currency,
    request: refund,
    notifyUrl: refund.notify_url as string | undefined,
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

function finishRefund(ctx: SandboxContext, refund: RefundRecord): void {
  if (refund.state !== 'REFUND_PROCESS') return;
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
