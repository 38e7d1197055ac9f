// The customer's side of a chaos checkout, as the widget and the phone do it: card payments
// (a declined card, then a good one; SMS codes read from the sandbox's phone), QR codes shown,
// refreshed, scanned in both wallets, scanned after the card paid or after the merchant canceled.
import type { SandboxControl } from '../../server/sandbox/types.ts';
import type { Answer, Widget } from './actors.ts';
import { cancel } from './merchant-steps.ts';
import { CARDS, type Plan } from './plan.ts';
import { type Actors, FINAL, sleep } from './types.ts';

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

export async function customer(plan: Plan, widget: Widget, actors: Actors, checkoutId: string) {
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
