// Steps more than one payment part takes: creating an attempt's UMF payment, the attempt an SMS
// code is asked for, turning a store refusal into the caller's error, checking a return URL's
// origin. Over core.ts only.

import { CheckoutError, checkoutErrorFromUmf } from '../domain/errors.ts';
import type { Attempt, Checkout, Refused } from '../domain/types.ts';
import type { UmfError } from '../umf/errors.ts';
import type { Payment } from '../umf/types.ts';
import type { ServiceCore } from './core.ts';
import { createPaymentRequest } from './umf-requests.ts';

export async function createUmfPayment(
  core: ServiceCore,
  checkout: Checkout,
  attempt: Attempt,
  payer: { phone?: string; bankCode?: string; openId?: string },
): Promise<Attempt> {
  let payment: Payment;
  try {
    const request = createPaymentRequest(core, checkout, attempt, payer);
    payment = (await core.umf.payments.create(request)).payment;
  } catch (error) {
    await core.store.recordAttemptError(attempt.id, (error as UmfError).retCode ?? 'CREATE_FAILED');
    throw checkoutErrorFromUmf(error, { checkout });
  }
  const info = payment.payer?.payer_info;
  const attached = await core.store.attachUmfPayment(attempt.id, {
    umfPaymentId: payment.id,
    qrCodeUrl: info?.qr_code_scan?.qr_code_url,
    payInfo: info?.wechat_in_app_web?.pay_info ?? info?.wechat_in_app?.pay_info,
  });
  if (!attached.ok) throw refusalError(attached);
  core.publish(core.known(attached.checkout, attached.attempt), attached.changed);
  return attached.attempt;
}

type AttemptStart = Parameters<ServiceCore['store']['startAttempt']>[1];

/**
 * The attempt an SMS code is asked for: the checkout's live attempt when its UMF payment exists,
 * nothing was executed and `sameCard` says it is for the same card (another code on the same
 * payment; SMS_THROTTLED until the next code is allowed); else a new attempt and its payment.
 */
export async function smsAttempt(
  core: ServiceCore,
  checkout: Checkout,
  sameCard: (live: Attempt) => boolean,
  start: AttemptStart,
  payer: { phone?: string; bankCode: string },
): Promise<Attempt> {
  const live = checkout.currentAttemptId
    ? await core.store.getAttempt({ attemptId: checkout.currentAttemptId })
    : undefined;
  if (
    live?.umfPaymentId &&
    (live.status === 'SMS_SENT' || live.status === 'CREATED') &&
    sameCard(live)
  ) {
    if (live.nextSmsAllowedAt && live.nextSmsAllowedAt > core.now())
      throw new CheckoutError('SMS_THROTTLED', { retryAt: live.nextSmsAllowedAt, checkout });
    return live;
  }
  const started = await core.store.startAttempt(checkout.id, start);
  if (!started.ok) throw refusalError(started);
  core.publish(core.known(started.checkout, started.attempt), started.changed);
  return createUmfPayment(core, started.checkout, started.attempt, payer);
}

export function refusalError(refused: Refused): CheckoutError {
  const checkout = refused.checkout ?? null;
  switch (refused.refusal) {
    case 'NOT_FOUND':
      return new CheckoutError('CHECKOUT_NOT_FOUND', { checkout });
    case 'METHOD_NOT_ENABLED':
      return new CheckoutError('VALIDATION', { field: 'paymentMethod', checkout });
    case 'PROCESSING':
      return new CheckoutError('PAYMENT_IN_PROCESS', { checkout });
    case 'ATTEMPT_NOT_CURRENT':
    case 'INVALID_TRANSITION':
      return new CheckoutError('ATTEMPT_NOT_CURRENT', { checkout });
    case 'NOT_PAID':
      return new CheckoutError('PAYMENT_NOT_COMPLETED', { checkout });
    case 'ATTEMPT_NOT_FOUND':
      return new CheckoutError('VALIDATION', { field: 'attemptId', checkout });
    case 'REFUND_EXCEEDS_PAID':
      return new CheckoutError('REFUND_AMOUNT_INVALID', { field: 'amount', checkout });
    case 'DUPLICATE_ORDER':
      return new CheckoutError('ORDER_ID_IN_USE', {
        field: 'orderId',
        checkout,
        detail: 'a checkout for this order id exists already',
      });
    case 'INVALID_INPUT':
      return new CheckoutError('VALIDATION', { checkout });
    default:
      return new CheckoutError('CHECKOUT_CLOSED', { checkout });
  }
}

/** An http(s) URL on one of the merchant's allowed origins: where a customer may be sent back. */
export function originAllowed(url: string, allowed: readonly string[]): boolean {
  let origin: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
    origin = parsed.origin;
  } catch {
    return false;
  }
  return allowed.includes('*') || allowed.includes(origin);
}
