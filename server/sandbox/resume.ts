// After a restart on a data folder: the work that was pending when the sandbox stopped goes on —
// an accepted execute turns final at its time, a refund in process finishes — each with its
// notification. (Notification retries that were pending are not resumed: the merchant's query or
// reconciliation learns those results.)
import type { SandboxContext } from './context.ts';
import { settlePayment } from './execute.ts';
import { finishRefund } from './refunds.ts';

export function resumePending(ctx: SandboxContext): void {
  const now = ctx.clock.now();
  for (const payment of ctx.state.payments.values()) {
    if (payment.state !== 'WAIT_BUYER_PAY' || !payment.processing) continue;
    const wait = Math.max(0, (payment.settleAt ?? now) - now);
    ctx.scheduler.after(wait, () => settlePayment(ctx, payment));
  }
  for (const refund of ctx.state.refunds.values()) {
    if (refund.state !== 'REFUND_PROCESS') continue;
    const wait = Math.max(0, refund.createdAt + ctx.settings.executeDelayMs - now);
    ctx.scheduler.after(wait, () => finishRefund(ctx, refund));
  }
}
