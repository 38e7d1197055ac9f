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

export function sweepExpired(ctx: SandboxContext): void {
  for (const payment of ctx.state.payments.values()) closeIfExpired(ctx, payment);
}
