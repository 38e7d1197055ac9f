// One checkout of a chaos run, played as its customer and its merchant would: the merchant
// creates it, the customer pays by card or QR (declines, refreshed codes, both wallets, a card
// after a QR code, a scan after the merchant canceled), the merchant refunds in parts —
// retrying what got no answer with the same idempotency key, and what failed with a new one —
// or cancels what was not paid. What each side intended is kept for the reconciliation.
import type { SandboxControl } from '../../server/sandbox/types.ts';
import type { Answer, Merchant, MerchantCheckout, Widget } from './actors.ts';
import { CARDS, cents, type Plan } from './plan.ts';

export const FINAL = new Set(['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED']);

export type Outcome = {
  plan: Plan;
  checkoutId?: string;
  /** createCheckout answered nothing usable, even after retries. */
  createLost: boolean;
  /** The refund parts (cents) the merchant asked for, each to be refunded at most once. */
  askedParts: number[];
  notes: string[];
  /** Watching customers: the last status the widget's live stream showed. */
  streamed?: Promise<string | undefined>;
};

export type Timing = {
  /** How long the customer keeps trying to pay. */
  customerMs: number;
  /** How long the merchant waits for a result (paid, canceled, refund final). */
  merchantMs: number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Actors = {
  merchant: Merchant;
  widget: (clientSecret: string) => Widget;
  control: SandboxControl;
  timing: Timing;
  /** Ends the customers' live streams (after the reconciler's window). */
  stopWatching: AbortSignal;
};

function qrPaymentId(answer: Answer | undefined): string | undefined {
  if (answer?.__typename !== 'QrPayment') return undefined;
  return /qr\/([^/?]+)/.exec(answer.qrContent ?? '')?.[1];
}

async function scan(control: SandboxControl, paymentId: string | undefined, fail = false) {
  if (!paymentId) return;
  // 409 when the payment is no longer payable (closed, expired): the phone shows an error.
  await control.scan(paymentId, fail ? 'fail' : 'success').catch(() => undefined);
}

async function latestCode(control: SandboxControl, phone: string, notBefore: number) {
  for (let n = 0; n < 20; n += 1) {
    const [sms] = await control.sms(phone);
    if (sms && Date.parse(sms.sentAt) >= notBefore - 1000) return sms.code;
    await sleep(100);
  }
  return (await control.sms(phone))[0]?.code ?? '000000';
}

/** The widget's card flow, until the checkout is final or the customer gives up or leaves. */
async function payByCard(plan: Plan, widget: Widget, actors: Actors, deadline: number) {
  const cards = plan.kind === 'card-decline' ? [plan.declineCard, good(plan)] : [good(plan)];
  let card = 0;
  let confirmed = false;
  let smsAt = 0;
  const next = () => {
    if (card < cards.length - 1) card += 1;
  };
  while (Date.now() < deadline) {
    const view = await widget.load();
    if (!view) {
      await sleep(300);
      continue;
    }
    if (FINAL.has(view.status)) return view.status;
    const credit = cards[card] === CARDS.credit;
    const qrShown = view.status === 'AWAITING_CUSTOMER' && !view.attempt?.method.endsWith('_CARD');
    if (view.status === 'OPEN' || qrShown) {
      if (view.attempt?.status === 'FAILED') next();
      smsAt = Date.now();
      const sent = await widget.sendSms(view.encryptionKey, plan.phone, cards[card], credit);
      await afterError(sent, next);
    } else if (view.status === 'SMS_SENT' && view.attempt) {
      const code = await latestCode(actors.control, plan.phone, smsAt);
      const answer = await widget.confirm(
        view.encryptionKey,
        view.attempt.id,
        plan.phone,
        cards[card],
        credit,
        code,
      );
      confirmed = true;
      await afterError(answer, next);
    } else {
      if (confirmed && !plan.watches) return 'left';
      await sleep(300);
    }
  }
  return 'gave up';
}

const good = (plan: Plan) => (plan.credit ? CARDS.credit : CARDS.debit);

async function afterError(answer: Answer | undefined, nextCard: () => void) {
  if (answer?.__typename !== 'CheckoutError') return;
  const waitUntil = answer.errorRetryAt ? Date.parse(answer.errorRetryAt) : 0;
  if (waitUntil > Date.now()) await sleep(Math.min(3000, waitUntil - Date.now()));
  else if (
    !['INVALID_SMS_CODE', 'PAYMENT_IN_PROCESS', 'UPSTREAM_UNAVAILABLE'].includes(answer.code ?? '')
  )
    nextCard();
  else await sleep(200);
}

async function startQr(widget: Widget, method: Plan['qrMethod'], refresh: boolean) {
  for (let n = 0; n < 5; n += 1) {
    const id = qrPaymentId(await widget.startQr(method, refresh));
    if (id) return id;
    await sleep(300);
  }
  return undefined;
}

const other = (method: Plan['qrMethod']) =>
  method === 'WECHAT_SCAN' ? 'ALIPAY_SCAN' : 'WECHAT_SCAN';

async function customer(plan: Plan, widget: Widget, actors: Actors, checkoutId: string) {
  const { control } = actors;
  const deadline = Date.now() + actors.timing.customerMs;
  switch (plan.kind) {
    case 'card':
    case 'card-decline':
      return void (await payByCard(plan, widget, actors, deadline));
    case 'qr':
      return scan(control, await startQr(widget, plan.qrMethod, false));
    case 'qr-fail':
      await scan(control, await startQr(widget, plan.qrMethod, false), true);
      await sleep(500);
      return scan(control, await startQr(widget, plan.qrMethod, true));
    case 'qr-refresh': {
      const old = await startQr(widget, plan.qrMethod, false);
      await scan(control, await startQr(widget, plan.qrMethod, true));
      return scan(control, old);
    }
    case 'qr-both': {
      const first = await startQr(widget, plan.qrMethod, false);
      const second = await startQr(widget, other(plan.qrMethod), false);
      await scan(control, first);
      return scan(control, second);
    }
    case 'qr-then-card': {
      const qr = await startQr(widget, plan.qrMethod, false);
      await payByCard({ ...plan, watches: true }, widget, actors, deadline);
      return scan(control, qr);
    }
    case 'cancel':
    case 'cancel-then-scan': {
      const qr = await startQr(widget, plan.qrMethod, false);
      await cancel(actors, checkoutId, plan, Date.now() + actors.timing.merchantMs);
      if (plan.kind === 'cancel-then-scan') await scan(control, qr);
    }
  }
}

async function cancel(actors: Actors, checkoutId: string, plan: Plan, deadline: number) {
  let round = 0;
  while (Date.now() < deadline) {
    const answer = await actors.merchant.cancelCheckout(checkoutId, keyOf(plan, `cancel-${round}`));
    if (answer?.__typename === 'Checkout' && FINAL.has(String(answer.status))) return;
    const now = await actors.merchant.checkoutById(checkoutId);
    if (now && FINAL.has(now.status)) return;
    round += 1;
    await sleep(1000);
  }
}

async function settled(
  merchant: Merchant,
  checkoutId: string,
  done: (checkout: MerchantCheckout) => boolean,
  deadline: number,
): Promise<MerchantCheckout | undefined> {
  let last: MerchantCheckout | undefined;
  while (Date.now() < deadline) {
    last = (await merchant.checkoutById(checkoutId)) ?? last;
    if (last && done(last)) return last;
    await sleep(500);
  }
  return last;
}

/**
 * The same call with the same key until it is answered (a merchant's retry of an error), and
 * again when the key is still in use by a concurrent or cut-off request.
 */
async function answered<T extends Answer>(
  call: () => Promise<T | undefined>,
  tries = 4,
): Promise<T | undefined> {
  let answer: T | undefined;
  for (let n = 0; n < tries; n += 1) {
    answer = await call();
    const inUse = answer?.code === 'IDEMPOTENCY_KEY_IN_USE';
    if (answer !== undefined && !inUse) return answer;
    const retryAt = inUse && answer?.errorRetryAt ? Date.parse(answer.errorRetryAt) : 0;
    await sleep(Math.min(5000, Math.max(300 * (n + 1), retryAt - Date.now())));
  }
  return answer?.code === 'IDEMPOTENCY_KEY_IN_USE' ? undefined : answer;
}

/** An idempotency key of this checkout's (16+ characters, as the API asks). */
const keyOf = (plan: Plan, what: string) => `chaos-${plan.orderId}-${what}`;

/** One part: the same key again after no answer; a new key after the refund failed. */
async function refundPart(actors: Actors, outcome: Outcome, part: number, partIndex: number) {
  const { merchant } = actors;
  const { plan } = outcome;
  const checkoutId = outcome.checkoutId!;
  for (let round = 0; round < 3; round += 1) {
    const key = keyOf(plan, `refund-${partIndex}-${round}`);
    const send = () => answered(() => merchant.refundPayment(checkoutId, cents(part), key));
    const answers = await Promise.all(plan.doubleSubmit ? [send(), send()] : [send()]);
    const refund = answers.find((a) => a?.__typename === 'Refund');
    if (!refund) {
      const error = answers.find((a) => a?.__typename === 'CheckoutError');
      if (!error) return outcome.notes.push(`refund ${partIndex}: no answer`);
      if (['REFUND_NOT_ALLOWED', 'REFUND_AMOUNT_INVALID'].includes(error.code ?? '')) {
        return outcome.notes.push(`refund ${partIndex}: ${error.code}`);
      }
      continue;
    }
    if (refund.status === 'SUCCEEDED') return;
    const final = await settled(
      merchant,
      checkoutId,
      (c) => c.refunds.some((r) => r.id === refund.id && r.status !== 'PENDING'),
      Date.now() + actors.timing.merchantMs,
    );
    const status = final?.refunds.find((r) => r.id === refund.id)?.status ?? 'PENDING';
    if (status !== 'FAILED') return;
  }
}

async function merchantAfter(actors: Actors, outcome: Outcome) {
  const { plan } = outcome;
  const checkoutId = outcome.checkoutId!;
  const deadline = Date.now() + actors.timing.merchantMs;
  const now = await settled(actors.merchant, checkoutId, (c) => FINAL.has(c.status), deadline);
  if (now?.status === 'SUCCEEDED') {
    for (const [i, part] of plan.refunds.entries()) {
      outcome.askedParts.push(part);
      await refundPart(actors, outcome, part, i);
    }
  } else if (!now || !FINAL.has(now.status)) {
    await cancel(actors, checkoutId, plan, Date.now() + actors.timing.merchantMs);
  }
}

export function checkoutInput(plan: Plan) {
  const amount = cents(plan.amountCents);
  return {
    orderId: plan.orderId,
    amount,
    currency: 'USD',
    description: 'Chaos tea',
    subOrders: [
      {
        id: 'S1',
        amount,
        description: 'Tea',
        transCode: '01122030',
        items: [{ id: 'I1', type: 'FOOD', name: 'Green tea', quantity: 1, amount }],
      },
    ],
    riskInfo: { transType: '02', goodsType: '0' },
    methods: ['DEBIT_CARD', 'CREDIT_CARD', 'WECHAT_SCAN', 'ALIPAY_SCAN'],
  };
}

export async function playCheckout(plan: Plan, actors: Actors): Promise<Outcome> {
  const outcome: Outcome = {
    plan,
    createLost: false,
    askedParts: [],
    notes: [],
  };
  const created = await answered(() =>
    actors.merchant.createCheckout(checkoutInput(plan), keyOf(plan, 'create')),
  );
  if (created?.__typename !== 'CheckoutCreated' || !created.clientSecret || !created.checkout) {
    outcome.createLost = true;
    outcome.notes.push(
      `createCheckout: ${created?.__typename ?? 'no answer'} ${created?.code ?? ''}`,
    );
    return outcome;
  }
  outcome.checkoutId = created.checkout.id;
  const widget = actors.widget(created.clientSecret);
  if (plan.watches) outcome.streamed = widget.watch(actors.stopWatching, FINAL);
  await customer(plan, widget, actors, outcome.checkoutId);
  await merchantAfter(actors, outcome);
  return outcome;
}
