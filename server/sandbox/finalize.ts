// The one place a payment reaches its final state: only WAIT_BUYER_PAY moves, and every final
// state is announced by a signed notification to the payment's notify_url.
import { issueAgreement } from './agreements.ts';
import type { SandboxContext } from './context.ts';
import { paymentView } from './payment-view.ts';
import type { PaymentRecord } from './state.ts';

export type FinalPaymentState = 'TRADE_SUCCESS' | 'TRADE_FAIL' | 'TRADE_CANCEL';

/** Moves an open payment to its final state and notifies; false when it was not open. */
export function finalizePayment(
  ctx: SandboxContext,
  payment: PaymentRecord,
  state: FinalPaymentState,
  failCode?: string,
): boolean {
  if (payment.state !== 'WAIT_BUYER_PAY') return false;
  ctx.state.payments.touch(payment.id);
  const stale = paymentView(ctx, payment);
  if (state === 'TRADE_SUCCESS') issueAgreement(ctx, payment);
  payment.state = state;
  payment.processing = false;
  payment.failCode = failCode;
  payment.finishedAt = ctx.clock.now();
  ctx.notifier.notify({
    url: payment.notifyUrl,
    kind: 'payment',
    objectId: payment.id,
    object: paymentView(ctx, payment),
    stale,
  });
  return true;
}
