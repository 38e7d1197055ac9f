// Verify (docs/umf-protocol.md §5.4): UMF checks the card, then the bank sends an SMS code to the phone.
// Throttles: one code a minute and five per payment.
import { createHmac } from 'node:crypto';
import { readAgreement, resolveAgreement } from './agreements.ts';
import { bankTakes, type CardType } from './banks.ts';
import { type CardInput, readCard } from './card-input.ts';
import { formatChinaTime } from './clock.ts';
import { link, type SandboxContext } from './context.ts';
import { badRequest, invalidParameter, refused, tooMany } from './errors.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { openCardPayment } from './open-payment.ts';
import type { PaymentRecord } from './state.ts';
import { strictRefusal } from './strict.ts';
import { cardOutcome } from './test-cards.ts';
import {
  expiryCurrent,
  luhnValid,
  mainlandPhoneValid,
  parseExpiry,
  residentIdValid,
} from './validate.ts';

export const SMS_PER_PAYMENT = 5;
export const SMS_INTERVAL_MS = 60_000;

/** A keyed hash of the card number: tells the same card again, reveals nothing when stored. */
export function cardFingerprint(ctx: SandboxContext, number: string): string {
  return createHmac('sha256', ctx.fingerprintKey).update(number).digest('hex');
}

function checkCard(ctx: SandboxContext, payment: PaymentRecord, card: CardInput): string {
  const type = payment.method as CardType;
  if (!bankTakes(String(payment.payer.bank_code), type))
    throw refused('00200027', 'bank not enabled for this card type');
  if (!luhnValid(card.number)) throw refused('00060875', 'card BIN check failed');
  if (type === 'CREDIT_CARD') {
    if (!card.validDate || !card.cvv2)
      throw invalidParameter('a credit card needs valid_date and cvv2');
    if (!/^\d{3}$/.test(card.cvv2)) throw refused('00200025', 'card information incorrect');
    const format = ctx.settings.strict.cardExpiry;
    const expiry = parseExpiry(card.validDate, format);
    if (!expiry && format)
      throw strictRefusal('cardExpiry', format, `bank_card.valid_date must be ${format}`);
    if (!expiry) throw invalidParameter('bank_card.valid_date must be YYMM (or MMYY)');
    if (!expiryCurrent(expiry, ctx.clock.now())) throw refused('00200026', 'card expired');
  }
  if (!card.holderName) throw invalidParameter('bank_card.payer_name is required');
  if (!card.citizenId) throw invalidParameter('bank_card.citizen_id_number is required');
  if (!residentIdValid(card.citizenId)) throw badRequest('00060022', 'ID number not valid');
  const phone = card.phone ?? (payment.payer.payer_info as Record<string, unknown>).phone;
  if (!mainlandPhoneValid(phone)) throw badRequest('00060720', 'phone number incorrect');
  const outcome = cardOutcome(card.number.slice(-4));
  if (outcome?.step === 'verify') throw refused(outcome.retCode, outcome.outcome);
  return phone;
}

/** The throttle: one code a minute, five per payment. What refuses a new code now, if anything. */
export function smsThrottle(
  ctx: SandboxContext,
  payment: PaymentRecord,
): { retCode: '00080707' | '00080706'; waitMs: number } | null {
  if (payment.smsSentAt.length >= SMS_PER_PAYMENT) return { retCode: '00080707', waitMs: 0 };
  const last = payment.smsSentAt.at(-1);
  const waitMs = last === undefined ? 0 : last + SMS_INTERVAL_MS - ctx.clock.now();
  return waitMs > 0 ? { retCode: '00080706', waitMs } : null;
}

/** A new 6-digit code for the payment, sent (to the sandbox's SMS log) to `phone`. */
export function sendSmsCode(ctx: SandboxContext, payment: PaymentRecord, phone: string): void {
  const now = ctx.clock.now();
  const code = ctx.random.digits(6);
  payment.smsCode = code;
  payment.smsSentAt.push(now);
  ctx.state.sms.push({ phone, code, paymentId: payment.id, sentAt: formatChinaTime(now) });
}

function checkThrottle(ctx: SandboxContext, payment: PaymentRecord): void {
  const throttled = smsThrottle(ctx, payment);
  if (throttled?.retCode === '00080707')
    throw refused('00080707', 'too many codes requested for this order');
  if (throttled)
    throw tooMany(
      '00080706',
      'codes requested too often within one minute',
      Math.ceil(throttled.waitMs / 1000),
    );
}

export function verifyPayment(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const payment = openCardPayment(ctx, request.params[0]);
  const agreement = readAgreement(request.body, ctx);
  if (agreement) {
    // A saved card: UMF knows the card and its phone; the SMS goes to that phone.
    const pay = resolveAgreement(ctx, payment, agreement);
    checkThrottle(ctx, payment);
    payment.card = { ...pay.card };
    payment.agreementId = pay.id;
    sendSmsCode(ctx, payment, pay.card.phone);
  } else {
    const card = readCard(request.body, ctx.keys.umfPrivateKey, ctx.settings.strict);
    const phone = checkCard(ctx, payment, card);
    checkThrottle(ctx, payment);
    payment.card = {
      fingerprint: cardFingerprint(ctx, card.number),
      lastFour: card.number.slice(-4),
      type: payment.method as CardType,
      phone,
    };
    payment.agreementId = undefined;
    payment.merCustId = card.merCustId;
    sendSmsCode(ctx, payment, phone);
  }
  const base = `/payments/payment/${payment.id}`;
  return json({
    links: [link(ctx, 'self', 'GET', base), link(ctx, 'confirm', 'POST', `${base}/execute`)],
  });
}
