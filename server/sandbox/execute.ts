// Execute (docs/umf-protocol.md §5.5): the same card plus the SMS code. Accepted executes answer the
// payment still WAIT_BUYER_PAY (processing) and turn final after executeDelayMs; with no delay
// the final state comes in the answer. A payment is executed at most once.

import { readAgreement, resolveAgreement } from './agreements.ts';
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

function answer(ctx: SandboxContext, payment: PaymentRecord): ApiResult {
  const view = paymentView(ctx, payment);
  if (payment.state === 'TRADE_FAIL')
    throw refused(payment.failCode ?? '00060750', 'payment failed', {
      payment: view,
      links: view.links,
    });
  return json({ payment: view, links: view.links });
}

/** The card or the agreement of an execute, checked against what verify saw; its SMS code. */
function executedWith(ctx: SandboxContext, payment: PaymentRecord, body: Record<string, unknown>) {
  const agreement = readAgreement(body, ctx);
  if (agreement) {
    if (!payment.card || !payment.smsCode)
      throw refused('00200005', 'no SMS code was sent for this payment: call verify first');
    const pay = resolveAgreement(ctx, payment, agreement);
    if (pay.id !== payment.agreementId)
      throw invalidParameter('the agreement differs from the one verified for this payment');
    return agreement.verifyCode;
  }
  const card = readCard(body, ctx.keys.umfPrivateKey, ctx.settings.strict);
  if (!payment.card || !payment.smsCode)
    throw refused('00200005', 'no SMS code was sent for this payment: call verify first');
  if (cardFingerprint(ctx, card.number) !== payment.card.fingerprint)
    throw invalidParameter('the card differs from the card verified for this payment');
  if (card.merCustId !== undefined) {
    if (payment.merCustId !== undefined && payment.merCustId !== card.merCustId)
      throw invalidParameter('bank_card.mer_cust_id differs from the one sent at verify');
    payment.merCustId = card.merCustId;
  }
  return card.verifyCode;
}

export function executePayment(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const payment = openCardPayment(ctx, request.params[0]);
  const verifyCode = executedWith(ctx, payment, request.body);
  if (typeof verifyCode !== 'string' || !/^\d{6}$/.test(verifyCode))
    throw invalidParameter('verify_code must be the 6-digit SMS code');
  if (verifyCode !== payment.smsCode) throw refused('00200005', 'SMS code not found');
  const declined = runExecution(ctx, payment);
  if (declined) {
    const view = paymentView(ctx, payment);
    throw refused(declined.retCode, declined.outcome, { payment: view, links: view.links });
  }
  return answer(ctx, payment);
}

/**
 * The card payment executed with its SMS code (by the API or the hosted page): a test card that
 * declines at execute fails it now and is returned; any other turns final (success, or the
 * card's final failure) after executeDelayMs, the payment processing meanwhile.
 */
export function runExecution(ctx: SandboxContext, payment: PaymentRecord) {
  payment.executions += 1;
  payment.smsCode = undefined;
  const outcome = cardOutcome(payment.card?.lastFour ?? '', payment.cnyCents);
  if (outcome?.step === 'execute') {
    finalizePayment(ctx, payment, 'TRADE_FAIL', outcome.retCode);
    return outcome;
  }
  if (ctx.settings.executeDelayMs <= 0) settlePayment(ctx, payment);
  else {
    payment.processing = true;
    payment.settleAt = ctx.clock.now() + ctx.settings.executeDelayMs;
    ctx.scheduler.after(ctx.settings.executeDelayMs, () => settlePayment(ctx, payment));
  }
  return undefined;
}

/** An accepted execution turns final: success, or the card's final failure. */
export function settlePayment(ctx: SandboxContext, payment: PaymentRecord): void {
  const outcome = cardOutcome(payment.card?.lastFour ?? '', payment.cnyCents);
  const failCode = outcome?.step === 'final' ? outcome.retCode : undefined;
  payment.settleAt = undefined;
  finalizePayment(ctx, payment, failCode ? 'TRADE_FAIL' : 'TRADE_SUCCESS', failCode);
}
