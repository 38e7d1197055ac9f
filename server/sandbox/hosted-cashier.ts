// UMF's hosted payment page as the sandbox plays it, at /cashier/{payment id}: the customer
// picks card type and bank and types the card (step 1), gets an SMS code (in the sandbox's SMS
// log, as for API payments), confirms with it (step 2) and sees the result (step 3), which links
// back to the payment's ret_url. The same test cards decide the same outcomes as verify and
// execute, and the final state is notified like any payment's. Plain forms, post/redirect/get.
// Card data lives only in the request that carries it: never logged, stored or written back.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bankTakes, isCardType } from './banks.ts';
import type { SandboxContext } from './context.ts';
import { runExecution } from './execute.ts';
import { closeIfExpired } from './expiry.ts';
import { finalizePayment } from './finalize.ts';
import {
  cardView,
  type FieldErrors,
  type KeptInput,
  messageView,
  type PageContext,
  resultView,
  smsView,
} from './hosted-page.ts';
import { cashierPath, isHostedPayment } from './hosted-payment.ts';
import { CASHIER_TEXT, cashierLang, codeText } from './hosted-text.ts';
import { readBody, sendText } from './http.ts';
import type { PaymentRecord } from './state.ts';
import { cardOutcome } from './test-cards.ts';
import {
  expiryCurrent,
  luhnValid,
  mainlandPhoneValid,
  parseExpiry,
  residentIdValid,
} from './validate.ts';
import { cardFingerprint, sendSmsCode, smsThrottle } from './verify.ts';

const ROUTE = /^\/cashier\/([\w-]{1,64})(?:\/(card|resend|pay|change|cancel))?$/;
const HTML = 'text/html; charset=utf-8';

type Answer = { status: number; html: string } | { location: string };
type Action = (ctx: SandboxContext, p: PageContext, form: URLSearchParams) => Answer;

export async function handleCashier(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? '/', ctx.origin());
  const match = ROUTE.exec(url.pathname);
  const form = new URLSearchParams(req.method === 'POST' ? (await readBody(req)).toString() : '');
  const lang = cashierLang(
    form.get('lang') ?? url.searchParams.get('lang'),
    req.headers['accept-language'],
  );
  const t = CASHIER_TEXT[lang];
  const payment = match ? ctx.state.payments.get(match[1]) : undefined;
  const answer = ((): Answer => {
    if (!match || !payment) return { status: 404, html: messageView(lang, t, t.notFound) };
    if (!isHostedPayment(payment)) return { status: 409, html: messageView(lang, t, t.notHosted) };
    closeIfExpired(ctx, payment);
    const p: PageContext = { payment, lang, t, path: cashierPath(payment.id) };
    const action = match[2];
    if (req.method === 'GET' && !action) return { status: 200, html: currentView(ctx, p) };
    if (req.method !== 'POST' || !action) return { status: 405, html: currentView(ctx, p) };
    if (!payable(payment)) return again(p);
    return ACTIONS[action](ctx, p, form);
  })();
  ctx.settings.log(
    `cashier ${req.method} ${url.pathname} ${'location' in answer ? 303 : answer.status}`,
  );
  if ('location' in answer) {
    res.writeHead(303, { location: answer.location, 'cache-control': 'no-store' });
    res.end();
  } else sendText(res, answer.status, HTML, answer.html);
}

const payable = (payment: PaymentRecord) =>
  payment.state === 'WAIT_BUYER_PAY' && !payment.processing;

/** The step the payment is in: card form, SMS code, or the result. */
function currentView(ctx: SandboxContext, p: PageContext): string {
  if (!payable(p.payment)) return resultView(p);
  if (p.payment.card && p.payment.smsCode) return smsView(p, ctx.clock.now());
  return cardView(p);
}

const again = (p: PageContext): Answer => ({ location: `${p.path}?lang=${p.lang}` });

type CardForm = KeptInput & {
  number: string;
  expiry: string;
  cvv2: string;
  holderName: string;
  idNumber: string;
};

function readCardForm(form: URLSearchParams): CardForm {
  const get = (name: string) => (form.get(name) ?? '').trim();
  const cardType = get('cardType');
  return {
    cardType: isCardType(cardType) ? cardType : 'DEBIT_CARD',
    bank: get('bank'),
    number: get('cardNumber').replace(/[\s-]/g, ''),
    expiry: get('expiry'),
    cvv2: get('cvv2'),
    holderName: get('holderName'),
    idNumber: get('idNumber').toUpperCase(),
    phone: get('phone').replace(/\s/g, ''),
  };
}

/** MM/YY (or MMYY) as the customer types it; true while that month has not ended. */
function expiryOk(value: string, now: number): boolean {
  const expiry = parseExpiry(value, 'MMYY');
  return expiry !== undefined && expiryCurrent(expiry, now);
}

/** Field by field, as UMF's page would; the codes are those the API path answers with. */
function cardErrors(ctx: SandboxContext, p: PageContext, card: CardForm): FieldErrors {
  const { t } = p;
  const errors: FieldErrors = {};
  const code = (c: string) => codeText(t, c);
  if (!card.bank) errors.bank = t.fields.bank.required;
  else if (!bankTakes(card.bank, card.cardType)) errors.bank = code('00200027');
  if (!card.number) errors.cardNumber = t.fields.cardNumber.required;
  else if (!luhnValid(card.number)) errors.cardNumber = code('00060875');
  if (card.cardType === 'CREDIT_CARD') {
    if (!card.expiry) errors.expiry = t.fields.expiry.required;
    else if (!/^\d{2}\/?\d{2}$/.test(card.expiry)) errors.expiry = t.codes.EXPIRY;
    else if (!expiryOk(card.expiry, ctx.clock.now())) errors.expiry = code('00200026');
    if (!card.cvv2) errors.cvv2 = t.fields.cvv2.required;
    else if (!/^\d{3}$/.test(card.cvv2)) errors.cvv2 = t.codes.CVV2;
  }
  if (!card.holderName) errors.holderName = t.fields.holderName.required;
  if (!card.idNumber) errors.idNumber = t.fields.idNumber.required;
  else if (!residentIdValid(card.idNumber)) errors.idNumber = code('00060022');
  if (!card.phone) errors.phone = t.fields.phone.required;
  else if (!mainlandPhoneValid(card.phone)) errors.phone = code('00060720');
  if (Object.keys(errors).length > 0) return errors;
  const outcome = cardOutcome(card.number.slice(-4));
  if (outcome?.step !== 'verify') return {};
  if (outcome.retCode === '00200027') return { bank: code(outcome.retCode) };
  const field = outcome.retCode === '00200026' && card.cardType === 'CREDIT_CARD';
  return field ? { expiry: code(outcome.retCode) } : { cardNumber: code(outcome.retCode) };
}

/** The throttle verify applies: one code a minute, five per payment. */
const throttleCode = (ctx: SandboxContext, payment: PaymentRecord) =>
  smsThrottle(ctx, payment)?.retCode ?? null;

const submitCard: Action = (ctx, p, form) => {
  const card = readCardForm(form);
  const kept = { cardType: card.cardType, bank: card.bank, phone: card.phone };
  const errors = cardErrors(ctx, p, card);
  const throttled = throttleCode(ctx, p.payment);
  if (Object.keys(errors).length === 0 && throttled) errors.phone = codeText(p.t, throttled);
  if (Object.keys(errors).length > 0) return { status: 422, html: cardView(p, errors, kept) };
  p.payment.card = {
    fingerprint: cardFingerprint(ctx, card.number),
    lastFour: card.number.slice(-4),
    type: card.cardType,
    phone: card.phone,
  };
  p.payment.payer.bank_code = card.bank;
  sendSmsCode(ctx, p.payment, card.phone);
  return again(p);
};

const resend: Action = (ctx, p) => {
  if (!p.payment.card) return again(p);
  const throttled = throttleCode(ctx, p.payment);
  if (throttled)
    return { status: 429, html: smsView(p, ctx.clock.now(), codeText(p.t, throttled)) };
  sendSmsCode(ctx, p.payment, p.payment.card.phone);
  return again(p);
};

const changeCard: Action = (_ctx, p) => {
  p.payment.card = undefined;
  p.payment.smsCode = undefined;
  return again(p);
};

const cancel: Action = (ctx, p) => {
  finalizePayment(ctx, p.payment, 'TRADE_CANCEL');
  return p.payment.retUrl ? { location: p.payment.retUrl } : again(p);
};

/** Step 2 done: the same outcomes as execute for the card the customer typed. */
const pay: Action = (ctx, p, form) => {
  const { payment, t } = p;
  if (!payment.card || !payment.smsCode) return again(p);
  const code = (form.get('smsCode') ?? '').trim();
  const now = ctx.clock.now();
  if (!code) return { status: 422, html: smsView(p, now, t.fields.smsCode.required) };
  if (code !== payment.smsCode)
    return { status: 422, html: smsView(p, now, codeText(t, '00200005')) };
  runExecution(ctx, payment);
  return again(p);
};

const ACTIONS: Readonly<Record<string, Action>> = {
  card: submitCard,
  resend,
  pay,
  change: changeCard,
  cancel,
};
