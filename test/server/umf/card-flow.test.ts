import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UmfClient } from '../../../server/umf/client.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import { findLink } from '../../../server/umf/parse.ts';
import type { CardType, PaymentResult } from '../../../server/umf/types.ts';
import {
  CARDS,
  eventually,
  executeRequest,
  newOrderId,
  paymentRequest,
  refundRequest,
  smsCode,
  startUmf,
  verifyRequest,
} from './helpers.ts';

let umf: Awaited<ReturnType<typeof startUmf>>;
let client: UmfClient;
before(async () => {
  umf = await startUmf();
  client = umf.client();
});
after(() => umf.close());

const refusedWith = (retCode: string) => (error: unknown) =>
  error instanceof UmfError && error.code === 'UMF_REFUSED' && error.retCode === retCode;

async function open(number: string, type: CardType = 'DEBIT_CARD', orderId?: string) {
  const created = await client.payments.create(paymentRequest({ method: type, orderId }));
  return { id: created.payment.id, number, type, created };
}

async function sendCode(payment: { id: string; number: string; type: CardType }) {
  await client.payments.verify(payment.id, verifyRequest(payment.number, umf.keys, payment.type));
  return smsCode(umf.control, payment.id);
}

async function pay(number: string, type: CardType = 'DEBIT_CARD', orderId?: string) {
  const payment = await open(number, type, orderId);
  const code = await sendCode(payment);
  const executed = await client.payments.execute(
    payment.id,
    executeRequest(number, code, umf.keys, type),
  );
  return { ...payment, executed };
}

function final(id: string): Promise<PaymentResult> {
  return eventually(async () => {
    const found = await client.payments.get(id);
    return found.payment.state === 'WAIT_BUYER_PAY' ? undefined : found;
  });
}

test('the whole card flow: token, banks, create, verify, SMS, execute, query, refund', async () => {
  const banks = await client.banks.list('DEBIT_CARD');
  assert.ok(banks.banks.some((bank) => bank.code === 'ICBC'));
  const payment = await open(CARDS.debit);
  assert.equal(payment.created.payment.state, 'WAIT_BUYER_PAY');
  assert.match(payment.created.payment.id, /^PAY_/);
  assert.ok(findLink(payment.created.links, 'sms_verify'));
  const verified = await client.payments.verify(payment.id, verifyRequest(CARDS.debit, umf.keys));
  assert.ok(findLink(verified.links, 'confirm'));
  const code = await smsCode(umf.control, payment.id);
  assert.match(code, /^\d{6}$/);
  const executed = await client.payments.execute(
    payment.id,
    executeRequest(CARDS.debit, code, umf.keys),
  );
  assert.equal(executed.recovered, false);
  assert.equal((await final(payment.id)).payment.state, 'TRADE_SUCCESS');
  const refund = await client.payments.refund(payment.id, refundOf(payment.created, '10.00'));
  assert.match(refund.refund.id, /^REFUND_/);
  const found = await client.refunds.get(refund.refund.id);
  assert.equal(found.refunds[0]?.id, refund.refund.id);
});

test('a credit card (expiry and CVV2) pays', async () => {
  const { id } = await pay(CARDS.credit, 'CREDIT_CARD');
  assert.equal((await final(id)).payment.state, 'TRADE_SUCCESS');
});

test('card 0002 is declined at execute with 00060730', async () => {
  const payment = await open(CARDS.insufficient);
  const code = await sendCode(payment);
  await assert.rejects(
    client.payments.execute(payment.id, executeRequest(payment.number, code, umf.keys)),
    (error: unknown) => {
      assert.ok(refusedWith('00060730')(error));
      assert.equal((error as UmfError).httpStatus, 402);
      return true;
    },
  );
  assert.equal((await client.payments.get(payment.id)).payment.state, 'TRADE_FAIL');
});

for (const [name, number, retCode] of [
  ['0025 (card information incorrect)', CARDS.incorrect, '00200025'],
  ['0026 (card expired)', CARDS.expired, '00200026'],
  ['0027 (bank not enabled)', CARDS.notEnabled, '00200027'],
] as const) {
  test(`card ${name} is refused at verify with ${retCode}`, async () => {
    const payment = await open(number);
    await assert.rejects(
      client.payments.verify(payment.id, verifyRequest(number, umf.keys)),
      refusedWith(retCode),
    );
  });
}

test('card 0065 is accepted at execute and ends TRADE_FAIL', async () => {
  const { id, executed } = await pay(CARDS.tradeFail);
  assert.equal(executed.recovered, false);
  assert.equal((await final(id)).payment.state, 'TRADE_FAIL');
});

test('a second SMS within a minute is refused with 00080706', async () => {
  const payment = await open(CARDS.debit);
  await sendCode(payment);
  await assert.rejects(
    client.payments.verify(payment.id, verifyRequest(payment.number, umf.keys)),
    refusedWith('00080706'),
  );
});

test('a sixth SMS for one order is refused with 00080707', async () => {
  const payment = await open(CARDS.debit);
  for (let i = 0; i < 5; i++) {
    await client.payments.verify(payment.id, verifyRequest(payment.number, umf.keys));
    await umf.control.advanceClock(61);
  }
  await assert.rejects(
    client.payments.verify(payment.id, verifyRequest(payment.number, umf.keys)),
    refusedWith('00080707'),
  );
});

test('a wrong SMS code is refused with 00200005, then the right one pays', async () => {
  const payment = await open(CARDS.debit);
  const code = await sendCode(payment);
  const wrong = code === '000000' ? '111111' : '000000';
  await assert.rejects(
    client.payments.execute(payment.id, executeRequest(payment.number, wrong, umf.keys)),
    refusedWith('00200005'),
  );
  await client.payments.execute(payment.id, executeRequest(payment.number, code, umf.keys));
  assert.equal((await final(payment.id)).payment.state, 'TRADE_SUCCESS');
});

test('a payment past its expire_time is closed and refuses verify', async () => {
  const created = await client.payments.create(paymentRequest({ expireMinutes: '1' }));
  await umf.control.advanceClock(61);
  await assert.rejects(
    client.payments.verify(created.payment.id, verifyRequest(CARDS.debit, umf.keys)),
    (error: unknown) => error instanceof UmfError && error.code === 'UMF_REFUSED',
  );
  assert.equal((await client.payments.get(created.payment.id)).payment.state, 'TRADE_CLOSED');
});

function refundOf(paid: PaymentResult, total: string) {
  const amount = paid.payment.order?.amount ?? { total: '0', currency: 'USD' };
  return refundRequest(amount, total, { notifyUrl: 'http://127.0.0.1:9/umf/notify' });
}

test('two partial refunds pass and a third over the paid amount is refused', async () => {
  const { id, created } = await pay(CARDS.debit);
  await final(id);
  const first = await client.payments.refund(id, refundOf(created, '40.00'));
  const second = await client.payments.refund(id, refundOf(created, '40.00'));
  assert.notEqual(first.refund.id, second.refund.id);
  const over = await client.payments
    .refund(id, refundOf(created, '20.01'))
    .catch((e: unknown) => e);
  assert.ok(
    over instanceof UmfError && over.code === 'UMF_REFUSED',
    'the over-limit refund was accepted',
  );
  const ledger = await umf.control.ledger();
  assert.equal(ledger.payments.find((p) => p.id === id)?.refundedAmount, '80.00');
});

test('an order id pays at most once', async () => {
  const orderId = newOrderId();
  const { id } = await pay(CARDS.debit, 'DEBIT_CARD', orderId);
  await final(id);
  await assert.rejects(
    client.payments.create(paymentRequest({ orderId })),
    (error: unknown) =>
      error instanceof UmfError && error.code === 'UMF_REFUSED' && error.httpStatus === 409,
  );
});
