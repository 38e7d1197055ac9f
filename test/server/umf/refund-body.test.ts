// The refund request in each of the three shapes real clients send, exactly as it leaves the
// client: our merchant refund number as the refund order's mer_reference_id, the same number on
// every retry, and a request without a usable number refused before anything is sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UmfError } from '../../../server/umf/errors.ts';
import type { UmfProtocol } from '../../../server/umf/protocol.ts';
import { merDate, paidPayment, refundRequest, useUmf } from './helpers.ts';

let paidId: string;
const PAID = { total: '100.00', currency: 'USD' };
const umf = useUmf(
  { executeDelayMs: 0 },
  {
    async setUp(started) {
      paidId = (await paidPayment(started, started.client)).id;
    },
  },
);

/** Refunds 1.00 in `shape` and returns the body the client sent. */
async function sentBody(shape: UmfProtocol['refundShape'], refundNo: string) {
  const shaped = umf.clientWith({ protocol: { refundShape: shape } });
  const request = refundRequest(PAID, '1.00', {
    merchantRefundNo: refundNo,
    notifyUrl: 'http://127.0.0.1:9/umf/notify',
    summary: 'returned goods',
  });
  await shaped.payments.refund(paidId, request);
  const sent = umf.sent.filter((s) => s.url.endsWith(`/payments/payment/${paidId}/refund`));
  return JSON.parse(sent.at(-1)?.body ?? '{}');
}

const refundOrder = (refundNo: string) => ({
  mer_reference_id: refundNo,
  mer_date: merDate(),
  amount: { total: '1.00', currency: 'USD' },
});

test('reference (the default): top-level org_amount and orders[], as the reference example', async () => {
  assert.deepEqual(await sentBody('reference', 'rf_ref_1'), {
    org_amount: PAID,
    orders: [refundOrder('rf_ref_1')],
    notify_url: 'http://127.0.0.1:9/umf/notify',
  });
});

test("sdk: one order and notify_url, as the SDK's refund object", async () => {
  const { mer_date: _date, ...order } = refundOrder('rf_sdk_1');
  assert.deepEqual(await sentBody('sdk', 'rf_sdk_1'), {
    order,
    notify_url: 'http://127.0.0.1:9/umf/notify',
  });
});

test("demo: refund_info, notify_url and parent_payment, as UMF's merchant demo", async () => {
  assert.deepEqual(await sentBody('demo', 'rf_demo_1'), {
    refund_info: { ...refundOrder('rf_demo_1'), refund_summary: 'returned goods' },
    notify_url: 'http://127.0.0.1:9/umf/notify',
    parent_payment: paidId,
  });
});

test('a retry sends the same refund number, and UMF answers with the same refund', async () => {
  const request = refundRequest(PAID, '2.00');
  const first = await umf.client.payments.refund(paidId, request);
  const second = await umf.client.payments.refund(paidId, request);
  assert.equal(second.refund.id, first.refund.id);
  const bodies = umf.sent
    .filter((s) => s.url.endsWith('/refund'))
    .slice(-2)
    .map((s) => s.body);
  assert.equal(bodies[0], bodies[1], 'byte for byte the same request');
});

test('a refund without a usable merchant refund number is refused before sending', async () => {
  const before = umf.sent.length;
  for (const merchantRefundNo of ['', 'has space', 'x'.repeat(65)]) {
    await assert.rejects(
      umf.client.payments.refund(paidId, refundRequest(PAID, '1.00', { merchantRefundNo })),
      (error: unknown) =>
        error instanceof UmfError &&
        error.code === 'INVALID_REQUEST' &&
        /merchantRefundNo/.test(error.message),
    );
  }
  assert.equal(umf.sent.length, before, 'nothing sent');
});
