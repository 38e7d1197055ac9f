// The rows of the reports (docs/umf-protocol.md §5.13–16), built from the ledger of payments and refunds.
import { chinaDate, formatChinaTime } from './clock.ts';
import type { SandboxContext } from './context.ts';
import { basisPoints, convertCents, formatCents } from './money.ts';
import type { PaymentRecord, RefundRecord } from './state.ts';

/** The sandbox's service fee: 1% of the foreign amount. */
export const SERVICE_FEE_BPS = 100n;

export type Row =
  | { type: 'P'; payment: PaymentRecord }
  | { type: 'T'; refund: RefundRecord; payment: PaymentRecord };

export function transactionRows(ctx: SandboxContext, merDate: string): Row[] {
  const rows: Row[] = [];
  for (const payment of ctx.state.payments.values())
    if (payment.merDate === merDate) rows.push({ type: 'P', payment });
  for (const refund of ctx.state.refunds.values()) {
    const payment = ctx.state.payments.get(refund.paymentId);
    if (payment && chinaDate(refund.createdAt) === merDate)
      rows.push({ type: 'T', refund, payment });
  }
  return rows;
}

export function settledRows(ctx: SandboxContext, settleDate: string): Row[] {
  const settled = (at: number | undefined) => at !== undefined && chinaDate(at) === settleDate;
  const rows: Row[] = [];
  for (const payment of ctx.state.payments.values())
    if (payment.state === 'TRADE_SUCCESS' && settled(payment.finishedAt))
      rows.push({ type: 'P', payment });
  for (const refund of ctx.state.refunds.values()) {
    const payment = ctx.state.payments.get(refund.paymentId);
    if (payment && refund.state === 'REFUND_SUCCESS' && settled(refund.finishedAt))
      rows.push({ type: 'T', refund, payment });
  }
  return rows;
}

export function rowCents(row: Row): { foreign: bigint; cny: bigint } {
  if (row.type === 'P') return { foreign: row.payment.amountCents, cny: row.payment.cnyCents };
  return {
    foreign: row.refund.amountCents,
    cny: convertCents(row.refund.amountCents, row.payment.rate),
  };
}

export function paymentSummary(payment: PaymentRecord): Record<string, unknown> {
  return {
    trade_no: payment.id,
    mer_reference_id: payment.orderId,
    mer_date: payment.merDate,
    payment_method: payment.method,
    amount: { total: formatCents(payment.amountCents), currency: payment.currency },
    total_cny: formatCents(payment.cnyCents),
    exchange_rate: { rate: payment.rate, currency: payment.currency },
    state: payment.state,
    create_time: formatChinaTime(payment.createdAt),
    ...(payment.state === 'TRADE_SUCCESS' && payment.finishedAt !== undefined
      ? { execute_success_time: formatChinaTime(payment.finishedAt) }
      : {}),
  };
}

export function refundSummary(
  refund: RefundRecord,
  payment: PaymentRecord,
): Record<string, unknown> {
  return {
    refund_no: refund.refundNo ?? refund.id,
    trade_no: payment.id,
    mer_reference_id: payment.orderId,
    amount: { total: formatCents(refund.amountCents), currency: refund.currency },
    total_cny: formatCents(convertCents(refund.amountCents, payment.rate)),
    state: refund.state,
    refund_time: formatChinaTime(refund.createdAt),
  };
}

export function reconciliationSummary(row: Row): Record<string, unknown> {
  const { foreign } = rowCents(row);
  const summary =
    row.type === 'P' ? paymentSummary(row.payment) : refundSummary(row.refund, row.payment);
  const settledAt = row.type === 'P' ? row.payment.finishedAt : row.refund.finishedAt;
  return {
    ...summary,
    type: row.type,
    settle_date: settledAt === undefined ? '' : chinaDate(settledAt),
    exchange_amount: formatCents(row.type === 'P' ? foreign : -foreign),
    service_fee: formatCents(row.type === 'P' ? basisPoints(foreign, SERVICE_FEE_BPS) : 0n),
  };
}
