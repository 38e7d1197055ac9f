// Execute (docs/umf-protocol.md §5.5): the same card plus the SMS code. Accepted executes answer the
// payment still WAIT_BUYER_PAY (processing) and turn final after executeDelayMs; with no delay
// the final state comes in the answer. A payment is executed at most once.

import { readCard } from './card-input.ts';
import type { SandboxContext } from './context.ts';
import { invalidParameter, refused } from './errors.ts';
import { finalizePayment } from './finalize.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { openCardPayment } from './open-payment.ts';
import { paymentView } from './payment-view.ts';
import type { PaymentRecord } from './state.ts';
import { cardOutcome } from './test-cards.ts';
import { cardFingerprint } from './verify.ts';

function finalOutcome(payment: PaymentRecord) {
  const outcome = cardOutcome(payment.card?.lastFour ?? '');
  return outcome?.step === 'final'
    ? ({ state: 'TRADE_FAIL', retCode: outcome.retCode, message: outcome.outcome } as const)
    : ({ state: 'TRADE_SUCCESS' } as const);
}

function answer(ctx: SandboxContext, payment: PaymentRecord): ApiResult {
  const view = paymentView(ctx, payment);
  if (payment.state === 'TRADE_FAIL')
    throw refused(payment.failCode ?? '00060750', 'payment failed', {
      payment: view,
      links: view.links,
    });
  return json({ payment: view, links: view.links });
}

export function executePayment(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const payment = openCardPayment(ctx, request.params[0]);
  const card = readCard(request.body, ctx.keys.umfPrivateKey, ctx.settings.strict);
  if (!payment.card || !payment.smsCode)
    throw refused('00200005', 'no SMS code was sent for this payment: call verify first');
  if (cardFingerprint(card.number) !== payment.card.fingerprint)
    throw invalidParameter('the card differs from the card verified for this payment');
  if (typeof card.verifyCode !== 'string' || !/^\d{6}$/.test(card.verifyCode))
    throw invalidParameter('verify_code must be the 6-digit SMS code');
  if (card.verifyCode !== payment.smsCode) throw refused('00200005', 'SMS code not found');
  payment.executions += 1;
  payment.smsCode = undefined;
  const declined = cardOutcome(payment.card.lastFour);
  if (declined?.step === 'execute') {
    finalizePayment(ctx, payment, 'TRADE_FAIL', declined.retCode);
    const view = paymentView(ctx, payment);
    throw refused(declined.retCode, declined.outcome, { payment: view, links: view.links });
  }
  const outcome = finalOutcome(payment);
  const settle = () =>
    finalizePayment(
      ctx,
      payment,
      outcome.state,
      outcome.state === 'TRADE_FAIL' ? outcome.retCode : undefined,
    );
  if (ctx.settings.executeDelayMs <= 0) {
    settle();
    return answer(ctx, payment);
  }
  payment.processing = true;
  ctx.scheduler.after(ctx.settings.executeDelayMs, settle);
  return answer(ctx, payment);
}
