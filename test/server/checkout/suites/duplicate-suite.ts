import assert from 'node:assert/strict';
import type { Backend } from '../backends.ts';
import {
  newCheckout,
  ok,
  paySucceeded,
  qrAttempt,
  qrThenClaimedCard,
  refusalOf,
} from '../helpers.ts';
import { storeTests } from './checkout-suite.ts';

// Duplicate payments in the store: what counts as the checkout's one payment, what is a
// duplicate, superseded attempts, and refunds of any paid attempt.
export function duplicateSuite(backend: Backend): void {
  const { it, withCheckout } = storeTests(backend);

  withCheckout(
    'keeps a refreshed QR code SUPERSEDED, and the flag after its late payment',
    async ({ store, clock, checkout }) => {
      const old = await qrAttempt(store, checkout.id);
      clock.advance(1000);
      const fresh = await qrAttempt(store, checkout.id);
      const replaced = await store.getAttempt({ attemptId: old.attempt.id });
      assert.equal(replaced?.status, 'SUPERSEDED');
      assert.deepEqual(replaced?.supersededAt, clock.now);
      await paySucceeded(store, fresh.attempt.id);
      const late = await paySucceeded(store, old.attempt.id);
      assert.equal(late.attempt.status, 'DUPLICATE_PAID');
      assert.deepEqual(late.attempt.supersededAt, clock.now, 'still says it was replaced');
      assert.equal(late.checkout.status, 'SUCCEEDED');
      assert.equal(late.checkout.paidAttemptId, fresh.attempt.id);
    },
  );

  withCheckout(
    'counts a superseded code paid first, and supersedes the live one it replaced',
    async ({ store, checkout }) => {
      const old = await qrAttempt(store, checkout.id);
      const fresh = await qrAttempt(store, checkout.id);
      const paid = await paySucceeded(store, old.attempt.id);
      assert.equal(paid.attempt.status, 'SUCCEEDED');
      assert.equal(paid.checkout.status, 'SUCCEEDED');
      assert.equal(paid.checkout.paidAttemptId, old.attempt.id);
      assert.equal(paid.checkout.currentAttemptId, old.attempt.id, 'the widget shows the payment');
      const left = await store.getAttempt({ attemptId: fresh.attempt.id });
      assert.equal(left?.status, 'SUPERSEDED');
      assert.ok(left?.supersededAt);
      const second = await paySucceeded(store, fresh.attempt.id);
      assert.equal(second.attempt.status, 'DUPLICATE_PAID');
      assert.equal(second.checkout.paidAttemptId, old.attempt.id);
      assert.equal(second.checkout.version, paid.checkout.version, 'the checkout did not move');
    },
  );

  withCheckout(
    'records a payment after the cancel as a duplicate: the checkout stays CANCELED',
    async ({ store, clock, checkout }) => {
      const qr = await qrAttempt(store, checkout.id);
      const canceled = ok(await store.cancelCheckout(checkout.id)).checkout;
      clock.advance(1000);
      const paid = await paySucceeded(store, qr.attempt.id);
      assert.equal(paid.attempt.status, 'DUPLICATE_PAID');
      assert.equal(paid.checkout.status, 'CANCELED');
      assert.equal(paid.checkout.paidAttemptId, null);
      assert.equal(paid.checkout.version, canceled.version);
      const types = (await store.listPendingWebhooks()).map((e) => e.type);
      assert.deepEqual(types, ['checkout.canceled', 'payment.duplicate']);
      assert.equal(
        refusalOf(await store.createRefund(checkout.id, { amount: '1.00' })),
        'NOT_PAID',
      );
      const refund = ok(
        await store.createRefund(checkout.id, { amount: '100.02', attemptId: qr.attempt.id }),
      );
      assert.equal(refund.refund.attemptId, qr.attempt.id);
      assert.equal(refund.balance.refundable, '0.00');
    },
  );

  withCheckout(
    'refunds each paid attempt up to its own amount, and no unpaid or foreign one',
    async ({ store, clock, checkout }) => {
      const { qr, card } = await qrThenClaimedCard(store, checkout.id);
      await paySucceeded(store, card.attempt.id);
      await paySucceeded(store, qr.attempt.id);
      const counted = ok(await store.createRefund(checkout.id, { amount: '60.00' }));
      assert.equal(counted.refund.attemptId, card.attempt.id);
      assert.equal(counted.balance.refundable, '40.02');
      const duplicate = ok(
        await store.createRefund(checkout.id, { amount: '100.02', attemptId: qr.attempt.id }),
      );
      assert.equal(duplicate.balance.refundable, '0.00');
      assert.equal(
        refusalOf(
          await store.createRefund(checkout.id, { amount: '0.01', attemptId: qr.attempt.id }),
        ),
        'REFUND_EXCEEDS_PAID',
      );
      assert.equal((await store.refundBalance(checkout.id))?.refundable, '40.02');
      assert.equal((await store.refundBalance(checkout.id, qr.attempt.id))?.refundable, '0.00');

      const other = await newCheckout(store, clock.now);
      const unpaid = await qrAttempt(store, other.checkout.id);
      assert.equal(
        refusalOf(
          await store.createRefund(checkout.id, { amount: '1.00', attemptId: unpaid.attempt.id }),
        ),
        'ATTEMPT_NOT_FOUND',
      );
      ok(await store.applyPaymentResult({ attemptId: unpaid.attempt.id }, { state: 'TRADE_FAIL' }));
      assert.equal(
        refusalOf(
          await store.createRefund(other.checkout.id, {
            amount: '1.00',
            attemptId: unpaid.attempt.id,
          }),
        ),
        'NOT_PAID',
      );
    },
  );

  it('never lets concurrent refunds of one duplicate exceed its amount', async ({
    store,
    clock,
  }) => {
    const { checkout } = await newCheckout(store, clock.now, { amount: '10.00' });
    const qr = await qrAttempt(store, checkout.id);
    ok(await store.cancelCheckout(checkout.id));
    await paySucceeded(store, qr.attempt.id);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        store.createRefund(checkout.id, { amount: '10.00', attemptId: qr.attempt.id }),
      ),
    );
    assert.equal(results.filter((r) => r.ok).length, 1);
  });

  withCheckout(
    'lists the duplicates still to refund: none pending or succeeded, few tries',
    async ({ store, checkout }) => {
      const first = await qrAttempt(store, checkout.id);
      const second = await qrAttempt(store, checkout.id);
      const third = await qrAttempt(store, checkout.id);
      for (const { attempt } of [third, first, second]) {
        await paySucceeded(store, attempt.id);
      }
      const ids = async () =>
        (await store.listDuplicatesToRefund({ maxTries: 2 })).map((a) => a.id);
      assert.deepEqual((await ids()).sort(), [first.attempt.id, second.attempt.id].sort());

      const refund = async (attemptId: string) =>
        ok(await store.createRefund(checkout.id, { amount: '100.02', attemptId })).refund;
      const pending = await refund(second.attempt.id);
      assert.deepEqual(await ids(), [first.attempt.id], 'a pending refund is not doubled');
      ok(await store.applyRefundResult({ refundId: pending.id }, { state: 'REFUND_SUCCESS' }));
      assert.deepEqual(await ids(), [first.attempt.id]);

      const refused = await refund(first.attempt.id);
      ok(await store.applyRefundResult({ refundId: refused.id }, { state: 'REFUND_FAIL' }));
      assert.deepEqual(await ids(), [first.attempt.id], 'a failed refund moved no money: again');
      const again = await refund(first.attempt.id);
      ok(await store.applyRefundResult({ refundId: again.id }, { state: 'REFUND_FAIL' }));
      assert.deepEqual(await ids(), [], 'after maxTries it is left to the merchant');
    },
  );
}
