// Card payments: sendSmsCode creates (or reuses) the attempt's UMF payment and asks UMF to send
// the code; confirmPayment executes it at most once per attempt.
import { normalizePhone, validatePhone, validateSmsCode } from '../../common/validate.ts';
import {
  askUmf,
  CheckoutError,
  checkoutErrorForCode,
  checkoutErrorFromUmf,
  validationError,
} from '../domain/errors.ts';
import { maskPhone } from '../domain/ids.ts';
import { isCheckoutOpen } from '../domain/state.ts';
import type { Attempt, Checkout, Refused } from '../domain/types.ts';
import { isCiphertextFor } from '../umf/crypto.ts';
import { UmfError } from '../umf/errors.ts';
import type { BankCard, CardType, ExecuteRequest, Payment, PaymentState } from '../umf/types.ts';
import type { ServiceCore } from './core.ts';
import { refusalError, smsAttempt } from './payment-steps.ts';

/** Card fields as the widget sends them: each RSA-encrypted with the checkout's key, base64. */
export type EncryptedCard = {
  number: string;
  holderName: string;
  idNumber: string;
  /** Credit cards only: MMYY. */
  expiry?: string | null;
  /** Credit cards only. */
  cvv2?: string | null;
};

export type SendSmsCodeInput = {
  clientSecret: string;
  method: string;
  bankCode: string;
  phone: string;
  card: EncryptedCard;
  clientIp: string;
  /** The customer ticked "remember this card" (honoured when the checkout's saveCard is ASK). */
  saveCard?: boolean | null;
};

export type ConfirmPaymentInput = {
  clientSecret: string;
  attemptId: string;
  phone: string;
  card: EncryptedCard;
  smsCode: string;
};

const SMS_INTERVAL_MS = 60_000;
const WRONG_SMS_CODE = '00200005';
const SMS_TOO_SOON = new Set(['00080706', '00200086']);

export function createCardPayments(core: ServiceCore) {
  return {
    async sendSmsCode(input: SendSmsCodeInput) {
      const checkout = await core.bySecret(input.clientSecret);
      // Before anything costs a UMF call or the customer's SMS allowance.
      if (!isCheckoutOpen(checkout.status))
        throw new CheckoutError('CHECKOUT_CLOSED', { checkout });
      const method = cardMethod(input.method);
      const phone = checkPhone(input.phone);
      checkCard(core, input.card, method);
      await checkBank(core, method, input.bankCode);
      takeSmsAllowance(core, checkout, input.clientIp);
      const save = savesCard(checkout, input.saveCard);
      const attempt = await attemptFor(core, checkout, method, input.bankCode, phone, save);
      const card = bankCard(input.card, phone, method, save ? checkout.customerId : null);
      try {
        await core.umf.payments.verify(attempt.umfPaymentId!, {
          payer: { payer_info: { phone, bank_card: card } },
        });
      } catch (error) {
        throw await verifyFailure(core, attempt, error);
      }
      const nextSmsAllowedAt = new Date(core.now().getTime() + SMS_INTERVAL_MS);
      const sent = await core.store.recordSmsSent(attempt.id, { nextSmsAllowedAt });
      if (!sent.ok) throw refusalError(sent);
      core.publish(sent.checkout, sent.changed);
      return {
        checkout: core.known(sent.checkout, sent.attempt),
        attempt: sent.attempt,
        retryAt: nextSmsAllowedAt,
      };
    },

    async confirmPayment(input: ConfirmPaymentInput) {
      const checkout = await core.bySecret(input.clientSecret);
      if (validateSmsCode(input.smsCode) !== null) throw validationError('smsCode');
      const phone = checkPhone(input.phone);
      const attempt = await core.store.getAttempt({ attemptId: input.attemptId });
      if (!attempt || attempt.checkoutId !== checkout.id || !attempt.umfPaymentId) {
        throw new CheckoutError('ATTEMPT_NOT_CURRENT', { checkout });
      }
      checkCard(core, input.card, cardMethod(attempt.method));
      const claim = await core.store.claimExecute(attempt.id);
      if (!claim.ok) return answerRefusedClaim(core, claim, attempt);
      if (!claim.claimed) return answerRetry(claim.checkout, claim.attempt);
      core.publish(core.known(claim.checkout, claim.attempt), claim.changed);
      return execute(core, claim.attempt, input, phone, checkout.customerId);
    },
  };
}

/**
 * Whether this payment asks UMF for a payer agreement: the checkout names its customer and
 * either always saves or the customer ticked "remember this card" (docs/umf-protocol.md §17).
 */
function savesCard(checkout: Checkout, ticked: boolean | null | undefined): boolean {
  if (!checkout.customerId) return false;
  return checkout.saveCard === 'ALWAYS' || (checkout.saveCard === 'ASK' && ticked === true);
}

async function execute(
  core: ServiceCore,
  attempt: Attempt,
  input: ConfirmPaymentInput,
  phone: string,
  customerId: string | null,
): Promise<Checkout> {
  const merCustId = attempt.saveCard ? customerId : null;
  return executeAttempt(core, attempt, {
    payer: {
      payer_info: {
        phone,
        bank_card: bankCard(input.card, phone, cardMethod(attempt.method), merCustId),
        // Sent where protocol.verifyCode says: by default inside the card.
        verify_code: input.smsCode.trim(),
      },
    },
  });
}

/**
 * Sends an attempt's execute (claimed already) once and turns its answer into the checkout:
 * final, PROCESSING, or unknown until a query, the notification or the reconciler settles it.
 */
export async function executeAttempt(
  core: ServiceCore,
  attempt: Attempt,
  request: ExecuteRequest,
): Promise<Checkout> {
  try {
    const result = await core.umf.payments.execute(attempt.umfPaymentId!, request);
    if (result.payment.state !== 'WAIT_BUYER_PAY') {
      return await core.applyPayment(attempt, result.payment);
    }
    // UMF accepted the execute and is processing it — unless execute's own answer was lost
    // and UMF still waits: then it may or may not have run it (unknown since the claim).
    if (result.recovered) {
      logUnknown(core, attempt, result.recoveryReason);
      return current(core, attempt);
    }
    return (await core.store.markExecuteAnswered(attempt.id)) ?? current(core, attempt);
  } catch (error) {
    throw await executeFailure(core, attempt, error);
  }
}

/** Turns a failed execute into the customer's answer, recording what UMF decided. */
async function executeFailure(core: ServiceCore, attempt: Attempt, error: unknown) {
  if (!(error instanceof UmfError) || error.code !== 'UMF_REFUSED') {
    // Unknown outcome: the attempt stays PROCESSING; a query, the notification or the
    // reconciler ends it (or gives it back once UMF provably never ran it).
    logUnknown(core, attempt, codeOf(error));
    return new CheckoutError('PAYMENT_IN_PROCESS', { checkout: await current(core, attempt) });
  }
  if (error.retCode === WRONG_SMS_CODE) {
    const released = await core.store.releaseExecute(attempt.id, WRONG_SMS_CODE);
    const checkout = released.ok ? released.checkout : await current(core, attempt);
    if (released.ok)
      core.publish(core.known(released.checkout, released.attempt), released.changed);
    return checkoutErrorFromUmf(error, { checkout });
  }
  const state = paymentStateIn(error.response) ?? (await queriedState(core, attempt));
  let checkout = await current(core, attempt);
  if (state && state !== 'WAIT_BUYER_PAY') {
    checkout = await core.applyPayment(
      attempt,
      { id: attempt.umfPaymentId!, state },
      error.retCode!,
    );
  } else {
    // Refused, yet the payment still waits (or could not be read): not final, so the
    // reconciler finds out — and gives the attempt back if UMF keeps waiting.
    logUnknown(core, attempt, error.retCode);
  }
  return checkoutErrorFromUmf(error, { checkout });
}

function logUnknown(core: ServiceCore, attempt: Attempt, reason: unknown): void {
  core.logger.warn({ attemptId: attempt.id, reason }, 'execute outcome unknown');
}

async function queriedState(core: ServiceCore, attempt: Attempt): Promise<PaymentState | null> {
  try {
    return (await core.umf.payments.get(attempt.umfPaymentId!)).payment.state;
  } catch {
    return null;
  }
}

function paymentStateIn(response: unknown): PaymentState | null {
  const payment = (response as { payment?: Partial<Payment> } | undefined)?.payment;
  return typeof payment?.state === 'string' ? payment.state : null;
}

export async function current(core: ServiceCore, attempt: Attempt): Promise<Checkout> {
  const checkout = await core.store.getCheckout(attempt.checkoutId);
  if (!checkout) throw new Error('checkout vanished');
  return checkout;
}

/** Same method, bank and phone, not yet executed: ask for another code on the same payment. */
function attemptFor(
  core: ServiceCore,
  checkout: Checkout,
  method: CardType,
  bankCode: string,
  phone: string,
  saveCard: boolean,
): Promise<Attempt> {
  const sameCard = (live: Attempt) =>
    live.method === method &&
    live.bankCode === bankCode &&
    live.phoneMasked === maskPhone(phone) &&
    live.saveCard === saveCard &&
    live.savedCardId === null;
  return smsAttempt(
    core,
    checkout,
    sameCard,
    { method, bankCode, phone, saveCard },
    { phone, bankCode },
  );
}

export async function verifyFailure(core: ServiceCore, attempt: Attempt, error: unknown) {
  const checkout = await current(core, attempt);
  if (error instanceof UmfError && error.retCode && SMS_TOO_SOON.has(error.retCode)) {
    return checkoutErrorFromUmf(error, { retryAt: await smsRetryAt(core, attempt), checkout });
  }
  if (error instanceof UmfError && error.retCode) {
    await core.store.recordAttemptError(attempt.id, error.retCode);
  }
  return checkoutErrorFromUmf(error, { checkout, method: attempt.method });
}

/**
 * A retry or a second tab whose execute ran already: the first request's answer. A decline is
 * the same typed error again, not a PaymentConfirmed with a reopened checkout; an execute still
 * in flight or paid answers with the checkout as it stands.
 */
export function answerRetry(checkout: Checkout, attempt: Attempt): Checkout {
  if (attempt.status !== 'FAILED' && attempt.status !== 'CLOSED') return checkout;
  if (!attempt.resultCode) throw new CheckoutError('PAYMENT_FAILED', { checkout });
  throw checkoutErrorForCode(attempt.resultCode, { checkout });
}

/**
 * UMF refused a code as too soon: the time of the next allowed one. Never a time already past
 * (the attempt read before the request may be stale: a concurrent request just got a code, or
 * UMF's clock runs behind ours), so the widget's countdown tells the truth.
 */
async function smsRetryAt(core: ServiceCore, attempt: Attempt): Promise<Date> {
  const fresh = await core.store.getAttempt({ attemptId: attempt.id });
  const stored = fresh?.nextSmsAllowedAt ?? attempt.nextSmsAllowedAt;
  const now = core.now().getTime();
  return stored && stored.getTime() > now ? stored : new Date(now + SMS_INTERVAL_MS);
}

export async function answerRefusedClaim(core: ServiceCore, claim: Refused, attempt: Attempt) {
  const checkout = claim.checkout ?? (await current(core, attempt));
  // A retry after the payment ended gets the result it had, not an error.
  if (checkout.paidAttemptId === attempt.id) return checkout;
  throw refusalError({ ...claim, checkout });
}

function cardMethod(method: string): CardType {
  if (method !== 'CREDIT_CARD' && method !== 'DEBIT_CARD') throw validationError('paymentMethod');
  return method;
}

function checkPhone(phone: string): string {
  if (validatePhone(phone) !== null) throw validationError('phone');
  return normalizePhone(phone);
}

function checkCard(core: ServiceCore, card: EncryptedCard, method: CardType): void {
  const key = core.keys.umfPublicKey;
  const fields = [
    ['cardNumber', card.number],
    ['holderName', card.holderName],
    ['idNumber', card.idNumber],
    ...(method === 'CREDIT_CARD'
      ? ([
          ['expiry', card.expiry],
          ['cvv2', card.cvv2],
        ] as const)
      : []),
  ] as const;
  for (const [field, value] of fields) {
    if (typeof value !== 'string' || !isCiphertextFor(value, key)) throw validationError(field);
  }
}

async function checkBank(core: ServiceCore, method: CardType, bankCode: string): Promise<void> {
  const { banks } = await askUmf(() => core.umf.banks.list(method));
  if (!banks.some((bank) => bank.code === bankCode)) {
    throw new CheckoutError('BANK_NOT_SUPPORTED', { field: 'bank' });
  }
}

export function takeSmsAllowance(core: ServiceCore, checkout: Checkout, clientIp: string): void {
  if (!core.smsLimits) return;
  for (const [limiter, key] of [
    [core.smsLimits.perCheckout, checkout.id],
    [core.smsLimits.perIp, clientIp],
  ] as const) {
    const taken = limiter.take(key);
    if (!taken.ok) throw new CheckoutError('RATE_LIMITED', { retryAt: taken.retryAt, checkout });
  }
}

/**
 * A debit card sends valid_date and cvv2 empty, as UMF's SDK does; a credit card, encrypted.
 * `mer_cust_id` (the checkout's customer) asks UMF for a payer agreement (§17).
 */
function bankCard(
  card: EncryptedCard,
  phone: string,
  method: CardType,
  merCustId: string | null,
): BankCard {
  const credit = method === 'CREDIT_CARD';
  return {
    ...(merCustId ? { mer_cust_id: merCustId } : {}),
    number: card.number,
    payer_name: card.holderName,
    citizen_id_type: '1',
    citizen_id_number: card.idNumber,
    phone,
    valid_date: credit ? (card.expiry ?? '') : '',
    cvv2: credit ? (card.cvv2 ?? '') : '',
  };
}

function codeOf(error: unknown): string {
  return error instanceof UmfError ? error.code : 'UNEXPECTED';
}
