// GET /__sandbox/ledger: every payment and refund with its state, and every notification try.
import { formatChinaTime } from './clock.ts';
import type { SandboxContext } from './context.ts';
import { formatCents } from './money.ts';
import type { Ledger } from './types.ts';

export function buildLedger(ctx: SandboxContext): Ledger {
  const payments = [...ctx.state.payments.values()].map((p) => ({
    id: p.id,
    orderId: p.orderId,
    merDate: p.merDate,
    state: p.state,
    paymentMethod: p.method,
    amount: formatCents(p.amountCents),
    currency: p.currency,
    amountCny: formatCents(p.cnyCents),
    refundedAmount: formatCents(p.refundedCents),
    executions: p.executions,
    smsSent: p.smsSentAt.length,
    createdAt: formatChinaTime(p.createdAt),
    expiresAt: formatChinaTime(p.expiresAt),
  }));
  const refunds = [...ctx.state.refunds.values()].map((r) => ({
    id: r.id,
    paymentId: r.paymentId,
    amount: formatCents(r.amountCents),
    currency: r.currency,
    state: r.state,
    createdAt: formatChinaTime(r.createdAt),
  }));
  return { payments, refunds, notifications: [...ctx.state.notifications] };
}
