import assert from 'node:assert/strict';
import { test } from 'node:test';
import { qrPath } from '../../../common/qr.ts';
import type { EncryptionKey } from '../../../widget/api/encrypt.ts';
import { CARDS } from '../../support/fixtures.ts';
import {
  createCheckout,
  encryptCard,
  MERCHANT_KEY,
  merchant,
  openCheckoutStream,
  PHONE,
  useBff,
  widget,
} from './harness.ts';

type Checkout = {
  id: string;
  status: string;
  amount: { amount: string; currency: string };
  encryptionKey: EncryptionKey;
  attempt: { id: string } | null;
};
const bff = useBff();

async function load(clientSecret: string): Promise<Checkout> {
  const data = await widget(bff.endpoint, 'Checkout', { clientSecret });
  return data.checkout as Checkout;
}

async function sendSms(clientSecret: string, card: string, locale = 'zh-CN') {
  const checkout = await load(clientSecret);
  const data = await widget(
    bff.endpoint,
    'SendSmsCode',
    {
      input: {
        clientSecret,
        method: 'DEBIT_CARD',
        bankCode: 'ICBC',
        phone: PHONE,
        card: encryptCard(checkout.encryptionKey, card),
      },
    },
    locale,
  );
  return { result: data.sendSmsCode as Record<string, unknown>, key: checkout.encryptionKey };
}

async function confirm(
  clientSecret: string,
  attemptId: string,
  card: string,
  key: EncryptionKey,
  smsCode: string,
  locale = 'zh-CN',
) {
  const data = await widget(
    bff.endpoint,
    'ConfirmPayment',
    {
      input: { clientSecret, attemptId, phone: PHONE, card: encryptCard(key, card), smsCode },
    },
    locale,
  );
  return data.confirmPayment as Record<string, unknown> & {
    checkout?: Checkout;
    errorCheckout?: Checkout;
  };
}

async function latestCode(): Promise<string> {
  const [sms] = await bff.control.sms(PHONE);
  return sms.code;
}

/** Reads checkoutUpdated over SSE (fetch streaming) until the checkout is final. */
async function watch(clientSecret: string): Promise<string[]> {
  const { response, events } = await openCheckoutStream(bff.endpoint, clientSecret, 20_000);
  assert.equal(response.headers.get('x-accel-buffering'), 'no');
  const statuses: string[] = [];
  for await (const { status } of events) if (statuses.at(-1) !== status) statuses.push(status);
  return statuses;
}

test('a card payment goes from createCheckout to SUCCEEDED, seen through checkoutUpdated', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint, '88.80');
  const checkout = await load(clientSecret);
  assert.equal(checkout.status, 'OPEN');
  assert.deepEqual(checkout.amount, { amount: '88.80', currency: 'USD' });
  const updates = watch(clientSecret);
  const { result, key } = await sendSms(clientSecret, CARDS.debit);
  assert.equal(result.__typename, 'SmsCodeSent');
  const attemptId = (result.attempt as { id: string }).id;
  const confirmed = await confirm(clientSecret, attemptId, CARDS.debit, key, await latestCode());
  assert.equal(confirmed.__typename, 'PaymentConfirmed');
  const statuses = await updates;
  assert.equal(statuses.at(-1), 'SUCCEEDED');
  assert.ok(statuses.includes('SMS_SENT'), statuses.join());
  assert.equal((await load(clientSecret)).status, 'SUCCEEDED');
});

test('double confirmPayment, concurrent and then again, executes once', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const { result, key } = await sendSms(clientSecret, CARDS.debit);
  const attemptId = (result.attempt as { id: string }).id;
  const code = await latestCode();
  const answers = await Promise.all(
    [1, 2, 3].map(() => confirm(clientSecret, attemptId, CARDS.debit, key, code)),
  );
  for (const answer of answers) assert.equal(answer.__typename, 'PaymentConfirmed');
  const again = await confirm(clientSecret, attemptId, CARDS.debit, key, code);
  assert.equal(again.__typename, 'PaymentConfirmed');
  const attempt = await bff.server.store.getAttempt({ attemptId });
  const paymentId = attempt?.umfPaymentId;
  assert.ok(paymentId);
  const ledger = await bff.control.ledger();
  assert.equal(ledger.payments.find((p) => p.id === paymentId)?.executions, 1);
  const executes = (await bff.control.requests()).filter(
    (r) => r.endpoint === 'execute' && r.path.includes(paymentId),
  );
  assert.equal(executes.length, 1);
});

test('an insufficient-balance card is a typed error in zh-CN and en, and another card then pays', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const { result, key } = await sendSms(clientSecret, CARDS.insufficient);
  const attemptId = (result.attempt as { id: string }).id;
  const code = await latestCode();
  const declined = await confirm(clientSecret, attemptId, CARDS.insufficient, key, code, 'en');
  assert.equal(declined.__typename, 'CheckoutError');
  assert.equal(declined.code, 'INSUFFICIENT_FUNDS');
  assert.equal(declined.umfCode, '00060730');
  assert.match(String(declined.message), /balance|funds/i);
  assert.equal(declined.errorCheckout?.status, 'OPEN');

  const zh = await sendSms(clientSecret, CARDS.debit);
  assert.equal(zh.result.__typename, 'SmsCodeSent');
  const next = (zh.result.attempt as { id: string }).id;
  assert.notEqual(next, attemptId);
  const paid = await confirm(clientSecret, next, CARDS.debit, key, await latestCode());
  assert.equal(paid.__typename, 'PaymentConfirmed');
});

test('a card the verify step refuses names the card number field, with a Chinese message', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const { result } = await sendSms(clientSecret, CARDS.incorrect);
  assert.equal(result.__typename, 'CheckoutError');
  assert.equal(result.umfCode, '00200025');
  assert.match(String(result.message), /[\u4e00-\u9fff]/);
});

test('a wrong SMS code leaves the attempt open for the right one', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const { result, key } = await sendSms(clientSecret, CARDS.debit);
  const attemptId = (result.attempt as { id: string }).id;
  const code = await latestCode();
  const wrong = code === '000000' ? '111111' : '000000';
  const refused = await confirm(clientSecret, attemptId, CARDS.debit, key, wrong, 'en');
  assert.equal(refused.code, 'INVALID_SMS_CODE');
  assert.equal(refused.field, 'smsCode');
  const paid = await confirm(clientSecret, attemptId, CARDS.debit, key, code);
  assert.equal(paid.__typename, 'PaymentConfirmed');
});

test('a client secret reaches only its own checkout; a wrong one is CHECKOUT_NOT_FOUND', async () => {
  const a = await createCheckout(bff.endpoint);
  const b = await createCheckout(bff.endpoint);
  assert.equal((await load(a.clientSecret)).id, a.id);
  assert.equal((await load(b.clientSecret)).id, b.id);
  const data = await widget(bff.endpoint, 'Checkout', { clientSecret: `${a.clientSecret}x` });
  assert.equal((data.checkout as { code: string }).code, 'CHECKOUT_NOT_FOUND');
});

test('no operation lets the browser set an amount: createCheckout needs the merchant key', async () => {
  const response = await fetch(bff.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-umf-client': 'widget' },
    body: JSON.stringify({
      query: 'mutation { createCheckout(input: {orderId: "x", amount: "1.00"}) { __typename } }',
    }),
  });
  const json = (await response.json()) as { data?: unknown; errors?: unknown[] };
  assert.ok(json.errors?.length);
  assert.equal(json.data ?? null, null);
  const withWrongKey = await fetch(bff.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-umf-client': 'x',
      authorization: `Bearer ${MERCHANT_KEY.replace('0', '1')}`,
    },
    body: JSON.stringify({ query: '{ checkoutById(id: "co_x") { id } }' }),
  });
  assert.ok(((await withWrongKey.json()) as { errors?: unknown[] }).errors?.length);
});

test('a QR payment is finished by the sandbox scan', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint, '20.00', ['WECHAT_SCAN']);
  const data = await widget(bff.endpoint, 'StartQrPayment', {
    input: { clientSecret, method: 'WECHAT_SCAN' },
  });
  const qr = data.startQrPayment as {
    __typename: string;
    qrContent: string;
    qrCode: { size: number; path: string };
  };
  assert.equal(qr.__typename, 'QrPayment');
  const paymentId = /qr\/([^/?]+)/.exec(qr.qrContent)?.[1];
  assert.ok(paymentId, qr.qrContent);
  // The code comes drawn: the content encoded, as one SVG path.
  const { size, d } = qrPath(qr.qrContent);
  assert.deepEqual(qr.qrCode, { size, path: d });
  const updates = watch(clientSecret);
  await bff.control.scan(paymentId);
  assert.equal((await updates).at(-1), 'SUCCEEDED');
});

test('the merchant refunds part of a paid checkout twice, then over the limit is refused', async () => {
  const { clientSecret, id } = await createCheckout(bff.endpoint, '30.00', ['ALIPAY_SCAN']);
  const data = await widget(bff.endpoint, 'StartQrPayment', {
    input: { clientSecret, method: 'ALIPAY_SCAN' },
  });
  const paymentId = /qr\/([^/?]+)/.exec(
    (data.startQrPayment as { qrContent: string }).qrContent,
  )![1];
  const updates = watch(clientSecret);
  await bff.control.scan(paymentId);
  await updates;
  const refund = (amount: string) =>
    merchant(
      bff.endpoint,
      `mutation R($input: RefundPaymentInput!) { refundPayment(input: $input) {
        __typename ... on Refund { id status amount { amount } } ... on CheckoutError { code } } }`,
      { input: { checkoutId: id, amount } },
    );
  assert.equal(
    ((await refund('10.00')).data?.refundPayment as { __typename: string } | undefined)?.__typename,
    'Refund',
  );
  assert.equal(
    ((await refund('15.00')).data?.refundPayment as { __typename: string } | undefined)?.__typename,
    'Refund',
  );
  const over = (await refund('5.01')).data?.refundPayment as { code: string };
  assert.equal(over.code, 'REFUND_AMOUNT_INVALID');
});
