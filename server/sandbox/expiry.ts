// Payments expire expire_time minutes after creation (test clock): WAIT_BUYER_PAY becomes
// TRADE_CLOSED. Checked lazily before every request, so advancing the clock takes effect at once.
import type { SandboxContext } from './context.ts';
import type { PaymentRecord } from './state.ts';

export function closeIfExpired(ctx: SandboxContext, payment: PaymentRecord): void {
  const now = ctx.clock.now();
  if (payment.state !== 'WAIT_BUYER_PAY' || payment.processing || now < payment.expiresAt) return;
  ctx.state.payments.touch(payment.id);
  payment.state = 'TRADE_CLOSED';
  payment.failCode = '00060751';
  payment.finishedAt = now;
}

/**
 * Per payment map, the earliest expiry among its open payments at the last sweep (lowered by
 * each new payment): a sweep before then has nothing to close, and every request sweeps.
 */
const nextExpiry = new WeakMap<object, number>();

export function sweepExpired(ctx: SandboxContext): void {
  const payments = ctx.state.payments;
  if (ctx.clock.now() < (nextExpiry.get(payments) ?? Number.NEGATIVE_INFINITY)) return;
  let next = Number.POSITIVE_INFINITY;
  for (const payment of payments.values()) {
    closeIfExpired(ctx, payment);
    // Still open (a payment being processed past its expiry keeps the sweeps coming).
    if (payment.state === 'WAIT_BUYER_PAY') next = Math.min(next, payment.expiresAt);
  }
  nextExpiry.set(payments, next);
}

/** A new open payment: the sweeps resume by its expiry at the latest. */
export function watchExpiry(ctx: SandboxContext, payment: PaymentRecord): void {
  const payments = ctx.state.payments;
  const next = nextExpiry.get(payments);
  if (next !== undefined && payment.expiresAt < next) nextExpiry.set(payments, payment.expiresAt);
}
