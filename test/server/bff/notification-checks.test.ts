// A notification signed with UMF's own key is still checked against what we asked UMF for: a
// payment's order reference, amount and currency must be the attempt's, a refund's amount,
// currency and references the refund's. Anything else is refused (not acknowledged, so not
// applied), logged at error, and changes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCheckout, customer } from './harness.ts';
import {
  CARD,
  paidByCard,
  postSignedNotification,
  refund,
  useClockedBff,
  webhookTypes,
} from './recovery.ts';

const bff = useClockedBff({}, { sandbox: { executeDelayMs: 100 } });

/** A checkout waiting for its SMS code, and UMF's payment object behind it. */
async function waitingPayment() {
  const shopper = customer(bff);
  const { clientSecret, id } = await createCheckout(bff.endpoint, '12.34');
  const sent = await shopper.sendSms(clientSecret, CARD);
  const attempt = await bff.server.store.getAttempt({ attemptId: sent.attempt!.id });
  const { payment } = await bff.server.umf.payments.get(String(attempt?.umfPaymentId));
  return { id, payment };
}

test('a signed payment notification for another amount, currency or order is refused and changes nothing', async () => {
  const { id, payment } = await waitingPayment();
  const order = payment.order!;
  const forgeries = [
    { ...order, amount: { ...order.amount, total: '0.01' } },
    { ...order, amount: { ...order.amount, currency: 'JPY' } },
    { ...order, mer_reference_id: 'someone-elses-order-1' },
  ];
  const before = await bff.server.store.getCheckout(id);
  for (const forged of forgeries) {
    const answer = await postSignedNotification(bff, {
      payment: { ...payment, state: 'TRADE_SUCCESS', order: forged },
    });
    assert.equal(answer.status, 400, answer.text);
    assert.doesNotMatch(answer.text, /ret_code=0000|"ret_code":"0000"/);
  }
  const after = await bff.server.store.getCheckout(id);
  assert.equal(after?.status, 'SMS_SENT');
  assert.equal(after?.version, before?.version);
  assert.deepEqual(await webhookTypes(bff, id), []);
});

test('the same payment notification with what we asked for is applied', async () => {
  const { id, payment } = await waitingPayment();
  const answer = await postSignedNotification(bff, {
    payment: { ...payment, state: 'TRADE_SUCCESS' },
  });
  assert.equal(answer.status, 200, answer.text);
  assert.equal((await bff.server.store.getCheckout(id))?.status, 'SUCCEEDED');
});

test('a signed refund notification for another amount or currency is refused; the true one applies', async () => {
  const { id, paymentId } = await paidByCard(bff, '10.00');
  // UMF's own notification of this refund is lost, and the reconciler's first check is ten
  // minutes away on the BFF's clock: the notifications the test posts decide.
  await bff.control.faults({ notifications: { drop: 8 } });
  bff.clock.advance(-600_000);
  const asked = await refund(bff, id, '4.00');
  const row = await bff.server.store.getRefund({ refundId: String(asked.id) });
  assert.equal(row?.status, 'PENDING');
  assert.ok(row);
  const base = {
    id: String(row.umfRefundId),
    state: 'REFUND_SUCCESS',
    parent_payment: paymentId,
    orders: [{ mer_reference_id: row.id, amount: { total: '4.00', currency: 'USD' } }],
  };
  const forgeries = [
    { ...base, amount: { total: '10.00', currency: 'USD' }, orders: undefined },
    { ...base, orders: [{ mer_reference_id: row.id, amount: { total: '4.00', currency: 'EUR' } }] },
    { ...base, parent_payment: 'PAY_someone_else' },
    {
      ...base,
      orders: [{ mer_reference_id: 'rf_other', amount: { total: '4.00', currency: 'USD' } }],
    },
  ];
  for (const forged of forgeries) {
    const answer = await postSignedNotification(bff, {
      refund: { ...forged, state: 'REFUND_FAIL' },
    });
    assert.equal(answer.status, 400, `${JSON.stringify(forged)} → ${answer.text}`);
  }
  assert.equal((await bff.server.store.getRefund({ refundId: row.id }))?.status, 'PENDING');
  assert.deepEqual(await webhookTypes(bff, row.id), []);
  const good = await postSignedNotification(bff, { refund: base });
  assert.equal(good.status, 200, good.text);
  assert.equal((await bff.server.store.getRefund({ refundId: row.id }))?.status, 'SUCCEEDED');
  assert.deepEqual(await webhookTypes(bff, row.id), ['refund.succeeded']);
  await bff.control.faults({});
});
