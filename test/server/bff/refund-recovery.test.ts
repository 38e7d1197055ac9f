// Refunds whose answer is lost (a reset after UMF refunded, a bad signature on its answer, a
// 5xx or a reset before UMF got it): the refund stays PENDING — no refund.failed webhook, no
// second refund at UMF — until UMF's word settles it: the query right after the failure, its
// notification (matched by our refund number when UMF's id was never learned), or the
// reconciler. FAILED only when UMF refused it, or has no such refund after the grace period.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { NotificationFaults } from '../../../server/sandbox/types.ts';
import { eventually } from './harness.ts';
import {
  paidByCard,
  refund,
  refundById,
  umfCalls,
  umfRefunds,
  useClockedBff,
  webhookTypes,
} from './recovery.ts';

const bff = useClockedBff({}, { sandbox: { executeDelayMs: 300 } });
afterEach(() => bff.control.faults({}));

/** Lets the reconciler's next check come due (its first one is 5 s after the refund). */
function passBackoff() {
  bff.clock.advance(11_000);
}

/**
 * A refund whose answer is lost after UMF took it, and the query right after fails too: it is
 * PENDING with UMF's refund id not learned. `notifications` is the sandbox's fault for them.
 */
async function lostRefund(checkoutId: string, amount: string, notifications: NotificationFaults) {
  await bff.control.faults({
    rules: [
      { endpoint: 'refund', reset: 'after', times: 1 },
      { endpoint: 'getRefund', errorRate: 1, times: 3 },
    ],
    notifications,
  });
  const answer = await refund(bff, checkoutId, amount);
  assert.equal(answer.status, 'PENDING');
  assert.equal(answer.umfRefundId, null, "the query right after failed too: UMF's id not learned");
  return String(answer.id);
}

/** The stored refund once it is no longer PENDING. */
function settled(refundId: string) {
  return eventually(
    () => bff.server.store.getRefund({ refundId }),
    (r) => r?.status !== 'PENDING',
  );
}

test('a refund whose connection is cut after UMF refunded stays PENDING, then SUCCEEDED; a retry refunds nothing twice', async () => {
  const { id, paymentId } = await paidByCard(bff, '3.00');
  await bff.control.faults({ rules: [{ endpoint: 'refund', reset: 'after', times: 1 }] });
  const first = await refund(bff, id, '3.00');
  assert.equal(first.__typename, 'Refund', JSON.stringify(first));
  // PENDING while UMF processes it (SUCCEEDED if UMF was done when it was asked), never FAILED.
  assert.ok(['PENDING', 'SUCCEEDED'].includes(String(first.status)), first.status);
  assert.match(String(first.umfRefundId), /^REFUND_/, "UMF's id learned by the query");
  const retry = await refund(bff, id, '3.00');
  assert.equal(retry.code, 'REFUND_AMOUNT_INVALID', 'the pending refund reserves its amount');
  const done = await eventually(
    () => refundById(bff, String(first.id)),
    (r) => r.status !== 'PENDING',
  );
  assert.equal(done.status, 'SUCCEEDED');
  const atUmf = await umfRefunds(bff, paymentId);
  assert.deepEqual(
    atUmf.map((r) => [r.amount, r.state]),
    [['3.00', 'REFUND_SUCCESS']],
  );
  assert.equal(await umfCalls(bff, 'refund', paymentId), 1, 'the refund was sent once');
  const types = await webhookTypes(bff, String(first.id));
  assert.deepEqual(types, ['refund.succeeded']);
});

test('a refund answered with a bad signature is not FAILED: UMF is asked and it ends SUCCEEDED', async () => {
  const { id, paymentId } = await paidByCard(bff, '5.00');
  await bff.control.faults({ rules: [{ endpoint: 'refund', badSignature: true, times: 1 }] });
  const answer = await refund(bff, id, '2.00');
  assert.equal(answer.__typename, 'Refund', JSON.stringify(answer));
  assert.ok(['PENDING', 'SUCCEEDED'].includes(String(answer.status)), answer.status);
  const done = await eventually(
    () => refundById(bff, String(answer.id)),
    (r) => r.status !== 'PENDING',
  );
  assert.equal(done.status, 'SUCCEEDED');
  assert.deepEqual(
    (await umfRefunds(bff, paymentId)).map((r) => r.amount),
    ['2.00'],
  );
  assert.ok(!(await webhookTypes(bff, String(answer.id))).includes('refund.failed'));
});

test('a refund lost with its notification too is settled by the reconciler, without anyone looking', async () => {
  const { id, paymentId } = await paidByCard(bff, '4.00');
  const refundId = await lostRefund(id, '4.00', { drop: 8 });
  // The sandbox settles the refund 300 ms later; its notification never arrives.
  await eventually(
    () => umfRefunds(bff, paymentId),
    (refunds) => refunds[0]?.state === 'REFUND_SUCCESS',
  );
  assert.equal((await refundById(bff, refundId)).status, 'PENDING');
  passBackoff();
  const done = await settled(refundId);
  assert.equal(done?.status, 'SUCCEEDED');
  assert.match(String(done?.umfRefundId), /^REFUND_/, 'found by our refund number');
  assert.deepEqual(await webhookTypes(bff, refundId), ['refund.succeeded']);
});

test('a late notification settles a refund whose answer and query were both lost (matched by our refund number)', async () => {
  const { id, paymentId } = await paidByCard(bff, '6.00');
  const done = await settled(await lostRefund(id, '1.50', { delayMs: 300 }));
  assert.equal(done?.status, 'SUCCEEDED');
  const [atUmf] = await umfRefunds(bff, paymentId);
  assert.equal(done?.umfRefundId, atUmf.id, "UMF's id recorded from the notification");
  assert.equal(await umfCalls(bff, 'refund', paymentId), 1);
});

test('a refund UMF never received (HTTP 500, reset before) stays PENDING, then FAILED after the grace period; refunding again works once', async () => {
  for (const rule of [
    { endpoint: 'refund' as const, errorRate: 1, times: 1 },
    { endpoint: 'refund' as const, reset: 'before' as const, times: 1 },
  ]) {
    const { id, paymentId } = await paidByCard(bff, '3.00');
    await bff.control.faults({ rules: [rule] });
    const lost = await refund(bff, id, '3.00');
    assert.equal(lost.__typename, 'Refund', JSON.stringify(lost));
    assert.equal(lost.status, 'PENDING');
    passBackoff();
    await eventually(
      () => bff.server.store.getRefund({ refundId: String(lost.id) }),
      (r) => (r?.checkCount ?? 0) >= 1,
    );
    assert.equal(
      (await refundById(bff, String(lost.id))).status,
      'PENDING',
      'not within the grace',
    );
    assert.deepEqual(await webhookTypes(bff, String(lost.id)), []);
    bff.clock.advance(130_000);
    const failed = await settled(String(lost.id));
    assert.equal(failed?.status, 'FAILED');
    assert.deepEqual(await webhookTypes(bff, String(lost.id)), ['refund.failed']);
    assert.deepEqual(await umfRefunds(bff, paymentId), []);
    const again = await refund(bff, id, '3.00');
    assert.equal(again.__typename, 'Refund');
    await eventually(
      () => refundById(bff, String(again.id)),
      (r) => r.status === 'SUCCEEDED',
    );
    assert.deepEqual(
      (await umfRefunds(bff, paymentId)).map((r) => r.amount),
      ['3.00'],
    );
  }
});

test('a refund UMF refuses is FAILED at once, with its typed error and refund.failed', async () => {
  const { id, paymentId } = await paidByCard(bff, '3.00');
  // Someone refunded at UMF behind the BFF's back: UMF refuses a second full refund.
  await bff.server.umf.payments.refund(paymentId, {
    merchantRefundNo: 'elsewhere',
    amount: { total: '3.00', currency: 'USD' },
    orgAmount: { total: '3.00', currency: 'USD' },
    merDate: '20261201',
  });
  const refused = await refund(bff, id, '3.00');
  assert.equal(refused.__typename, 'CheckoutError', JSON.stringify(refused));
  assert.equal(refused.umfCode, '00202009');
  const [row] = await bff.server.store.listRefunds(id);
  assert.equal(row.status, 'FAILED');
  assert.equal(row.nextCheckAt, null, 'nothing left to ask UMF');
  assert.deepEqual(await webhookTypes(bff, row.id), ['refund.failed']);
});
