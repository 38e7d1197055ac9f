import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UmfError } from '../../../server/umf/errors.ts';
import { findLink } from '../../../server/umf/parse.ts';
import type { CardType, PaymentResult } from '../../../server/umf/types.ts';
import {
  CARDS,
  executeWith,
  newOrderId,
  paidPayment,
  paymentRequest,
  refundRequest,
  smsCode,
  useUmf,
  verifiedPayment,
  verifyRequest,
  waitFor,
} from './helpers.ts';

const umf = useUmf();

const refusedWith = (retCode: string) => (error: unknown) =>
  error instanceof UmfError && error.code === 'UMF_REFUSED' && error.retCode === retCode;

function pay(number: string, type: CardType = 'DEBIT_CARD', orderId?: string) {
  return paidPayment(umf, umf.client, { number, type }, paymentRequest({ method: type, orderId }));
}

function final(id: string): Promise<PaymentResult> {
  return waitFor(async () => {
    const found = await umf.client.payments.get(id);
    return found.payment.state === 'WAIT_BUYER_PAY' ? undefined : found;
  });
}

test('the whole card flow: token, banks, create, verify, SMS, execute, query, refund', async () => {
  const banks = await umf.client.banks.list('DEBIT_CARD');
  assert.ok(banks.banks.some((bank) => bank.code === 'ICBC'));
  const created = await umf.client.payments.create(paymentRequest());
  const id = created.payment.id;
  assert.equal(created.payment.state, 'WAIT_BUYER_PAY');
  assert.match(id, /^PAY_/);
  assert.ok(findLink(created.links, 'sms_verify'));
  const verified = await umf.client.payments.verify(id, verifyRequest(CARDS.debit, umf.keys));
  assert.ok(findLink(verified.links, 'confirm'));
  const code = await smsCode(umf.control, id);
  assert.match(code, /^\d{6}$/);
  const executed = await umf.client.payments.execute(id, executeWith(umf, {}, code));
  assert.equal(executed.recovered, false);
  assert.equal((await final(id)).payment.state, 'TRADE_SUCCESS');
  const refund = await umf.client.payments.refund(id, refundOf(created, '10.00'));
  assert.match(refund.refund.id, /^REFUND_/);
  const found = await umf.client.refunds.get(refund.refund.id);
  assert.equal(found.refunds[0]?.id, refund.refund.id);
});

test('a credit card (expiry and CVV2) pays', async () => {
  const { id } = await pay(CARDS.credit, 'CREDIT_CARD');
  assert.equal((await final(id)).payment.state, 'TRADE_SUCCESS');
});

test('card 0002 is declined at execute with 00060730', async () => {
  const card = { number: CARDS.insufficient };
  const { id, code } = await verifiedPayment(umf, umf.client, card);
  await assert.rejects(
    umf.client.payments.execute(id, executeWith(umf, card, code)),
    (error: unknown) => {
      assert.ok(refusedWith('00060730')(error));
      assert.equal((error as UmfError).httpStatus, 402);
      return true;
    },
  );
  assert.equal((await umf.client.payments.get(id)).payment.state, 'TRADE_FAIL');
});

for (const [name, number, retCode] of [
  ['0025 (card information incorrect)', CARDS.incorrect, '00200025'],
  ['0026 (card expired)', CARDS.expired, '00200026'],
  ['0027 (bank not enabled)', CARDS.notEnabled, '00200027'],
] as const) {
  test(`card ${name} is refused at verify with ${retCode}`, async () => {
    const created = await umf.client.payments.create(paymentRequest());
    await assert.rejects(
      umf.client.payments.verify(created.payment.id, verifyRequest(number, umf.keys)),
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
  const { id } = await verifiedPayment(umf, umf.client);
  await assert.rejects(
    umf.client.payments.verify(id, verifyRequest(CARDS.debit, umf.keys)),
    refusedWith('00080706'),
  );
});

test('a sixth SMS for one order is refused with 00080707', async () => {
  const { id } = (await umf.client.payments.create(paymentRequest())).payment;
  for (let i = 0; i < 5; i++) {
    await umf.client.payments.verify(id, verifyRequest(CARDS.debit, umf.keys));
    await umf.control.advanceClock(61);
  }
  await assert.rejects(
    umf.client.payments.verify(id, verifyRequest(CARDS.debit, umf.keys)),
    refusedWith('00080707'),
  );
});

test('a wrong SMS code is refused with 00200005, then the right one pays', async () => {
  const { id, code } = await verifiedPayment(umf, umf.client);
  const wrong = code === '000000' ? '111111' : '000000';
  await assert.rejects(
    umf.client.payments.execute(id, executeWith(umf, {}, wrong)),
    refusedWith('00200005'),
  );
  await umf.client.payments.execute(id, executeWith(umf, {}, code));
  assert.equal((await final(id)).payment.state, 'TRADE_SUCCESS');
});

test('a payment past its expire_time is closed and refuses verify', async () => {
  const created = await umf.client.payments.create(paymentRequest({ expireMinutes: '1' }));
  await umf.control.advanceClock(61);
  await assert.rejects(
    umf.client.payments.verify(created.payment.id, verifyRequest(CARDS.debit, umf.keys)),
    (error: unknown) => error instanceof UmfError && error.code === 'UMF_REFUSED',
  );
  assert.equal((await umf.client.payments.get(created.payment.id)).payment.state, 'TRADE_CLOSED');
});

function refundOf(paid: PaymentResult, total: string) {
  const amount = paid.payment.order?.amount ?? { total: '0', currency: 'USD' };
  return refundRequest(amount, total, { notifyUrl: 'http://127.0.0.1:9/umf/notify' });
}

test('two partial refunds pass and a third over the paid amount is refused', async () => {
  const { id, created } = await pay(CARDS.debit);
  await final(id);
  const first = await umf.client.payments.refund(id, refundOf(created, '40.00'));
  const second = await umf.client.payments.refund(id, refundOf(created, '40.00'));
  assert.notEqual(first.refund.id, second.refund.id);
  const over = await umf.client.payments
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
    umf.client.payments.create(paymentRequest({ orderId })),
    (error: unknown) =>
      error instanceof UmfError && error.code === 'UMF_REFUSED' && error.httpStatus === 409,
  );
});
