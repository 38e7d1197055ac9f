import assert from 'node:assert/strict';
import { FIRST_CHECK_DELAY_MS } from '../../../../server/store/reconcile-ops.ts';
import type { CheckoutStore } from '../../../../server/store/store.ts';
import type { Backend } from '../backends.ts';
import { cardAttemptWithSms, newCheckout, ok, qrAttempt, refusalOf } from '../helpers.ts';
import { storeTests } from './checkout-suite.ts';

// The reconciler's side of the store: which rows are due, their schedule, an execute that
// never reached UMF given back, and one round at a time across instances.
export function reconcileSuite(backend: Backend): void {
  const { it, withCheckout } = storeTests(backend);

  it('makes an executing attempt, a shown QR code and a pending refund due 5 s later, and final ones not', async ({
    store,
    clock,
  }) => {
    const card = await newCheckout(store, clock.now);
    const sms = await cardAttemptWithSms(store, card.checkout.id);
    assert.equal(sms.attempt.nextCheckAt, null, 'nothing to learn before execute');
    const claimed = ok(await store.claimExecute(sms.attempt.id));
    const qr = await qrAttempt(store, (await newCheckout(store, clock.now)).checkout.id);
    const due = clock.now.getTime() + FIRST_CHECK_DELAY_MS;
    assert.equal(claimed.attempt.nextCheckAt?.getTime(), due);
    assert.equal(qr.attempt.nextCheckAt?.getTime(), due);
    assert.deepEqual(await store.dueChecks(), { attempts: [], refunds: [] });
    clock.advance(FIRST_CHECK_DELAY_MS);
    const ids = (await store.dueChecks()).attempts.map((a) => a.id).sort();
    assert.deepEqual(ids, [claimed.attempt.id, qr.attempt.id].sort());
    const paid = ok(
      await store.applyPaymentResult({ attemptId: claimed.attempt.id }, { state: 'TRADE_SUCCESS' }),
    );
    assert.equal(paid.attempt.nextCheckAt, null);
    const { refund } = ok(await store.createRefund(card.checkout.id, { amount: '1.00' }));
    assert.equal(refund.nextCheckAt?.getTime(), clock.now.getTime() + FIRST_CHECK_DELAY_MS);
    clock.advance(FIRST_CHECK_DELAY_MS);
    const now = await store.dueChecks();
    assert.deepEqual(
      now.attempts.map((a) => a.id),
      [qr.attempt.id],
    );
    assert.deepEqual(
      now.refunds.map((r) => r.id),
      [refund.id],
    );
    const done = ok(
      await store.applyRefundResult({ refundId: refund.id }, { state: 'REFUND_SUCCESS' }),
    );
    assert.equal(done.refund.nextCheckAt, null);
  });

  withCheckout(
    'moves a check on and counts it, but never revives one a result cleared',
    async ({ store, clock, checkout }) => {
      const qr = await qrAttempt(store, checkout.id);
      const later = new Date(clock.now.getTime() + 60_000);
      await store.scheduleCheck({ attemptId: qr.attempt.id }, later);
      let attempt = await store.getAttempt({ attemptId: qr.attempt.id });
      assert.equal(attempt?.nextCheckAt?.getTime(), later.getTime());
      assert.equal(attempt?.checkCount, 1);
      ok(await store.applyPaymentResult({ attemptId: qr.attempt.id }, { state: 'TRADE_CLOSED' }));
      await store.scheduleCheck({ attemptId: qr.attempt.id }, later);
      attempt = await store.getAttempt({ attemptId: qr.attempt.id });
      assert.equal(attempt?.nextCheckAt, null);
    },
  );

  withCheckout(
    'gives back an execute whose outcome is unknown only after the grace period, and keeps watching it',
    async ({ store, clock, checkout }) => {
      const sms = await cardAttemptWithSms(store, checkout.id);
      // Claimed, and no answer ever recorded: the BFF may have stopped before or after sending it.
      const claimed = ok(await store.claimExecute(sms.attempt.id));
      assert.equal(claimed.attempt.executeUnknownAt?.getTime(), clock.now.getTime());
      clock.advance(59_000);
      assert.equal(
        refusalOf(await store.lapseExecute(sms.attempt.id, 60_000)),
        'INVALID_TRANSITION',
      );
      assert.equal(refusalOf(await store.cancelCheckout(checkout.id)), 'PROCESSING');
      clock.advance(1_000);
      const lapsed = ok(await store.lapseExecute(sms.attempt.id, 60_000));
      assert.equal(lapsed.checkout.status, 'SMS_SENT');
      assert.equal(lapsed.attempt.status, 'SMS_SENT');
      assert.equal(lapsed.attempt.executeClaimedAt, null);
      assert.notEqual(lapsed.attempt.nextCheckAt, null, 'a late result of the first execute lands');
      const again = ok(await store.claimExecute(sms.attempt.id));
      assert.equal(again.claimed, true);
      assert.equal(again.attempt.executeCount, 2);
      assert.equal(again.checkout.status, 'PROCESSING');
    },
  );

  withCheckout(
    'never gives back an execute UMF answered (it is processing it)',
    async ({ store, clock, checkout }) => {
      const sms = await cardAttemptWithSms(store, checkout.id);
      ok(await store.claimExecute(sms.attempt.id));
      const answered = await store.markExecuteAnswered(sms.attempt.id);
      assert.equal(answered?.id, checkout.id, "answers the attempt's checkout");
      assert.equal(answered?.status, 'PROCESSING');
      const attempt = await store.getAttempt({ attemptId: sms.attempt.id });
      assert.equal(attempt?.executeUnknownAt, null);
      clock.advance(3_600_000);
      assert.equal(
        refusalOf(await store.lapseExecute(sms.attempt.id, 60_000)),
        'INVALID_TRANSITION',
      );
      assert.equal((await store.getCheckout(checkout.id))?.status, 'PROCESSING');
    },
  );

  withCheckout(
    'lets the merchant cancel once a lost execute was given back; a late success still lands, as a duplicate',
    async ({ store, checkout }) => {
      const sms = await cardAttemptWithSms(store, checkout.id);
      ok(await store.claimExecute(sms.attempt.id));
      ok(await store.lapseExecute(sms.attempt.id, 0));
      const canceled = ok(await store.cancelCheckout(checkout.id));
      assert.equal(canceled.checkout.status, 'CANCELED');
      const late = ok(
        await store.applyPaymentResult({ attemptId: sms.attempt.id }, { state: 'TRADE_SUCCESS' }),
      );
      assert.equal(late.attempt.status, 'DUPLICATE_PAID', 'money taken after cancel is refunded');
      assert.equal(late.checkout.status, 'CANCELED');
    },
  );

  it('runs one reconciler round at a time, even across store instances', async ({ db, store }) => {
    const other = backend.name === 'postgres' ? await db.open() : store;
    const first = await roundHeldBy(store);
    assert.deepEqual(await other.withReconcileLock(async () => 'second'), { ran: false });
    first.release();
    assert.deepEqual(await first.done, { ran: true, value: 'held' });
    assert.deepEqual(await other.withReconcileLock(async () => 'third'), {
      ran: true,
      value: 'third',
    });
  });

  if (backend.name === 'postgres') {
    it('a round in another schema of the same database does not hold this one', async ({
      store,
    }) => {
      const neighbour = await backend.create();
      try {
        const theirs = await roundHeldBy(await neighbour.open());
        const ours = await store.withReconcileLock(async () => 'ours').finally(theirs.release);
        await theirs.done;
        assert.deepEqual(ours, { ran: true, value: 'ours' });
      } finally {
        await neighbour.dispose();
      }
    });
  }
}

/**
 * Starts a reconciler round on `store` that holds its lock until `release()`; resolves once the
 * round is inside the lock, so what the test tries next meets a held lock, not a guess.
 */
async function roundHeldBy(store: CheckoutStore) {
  let release = () => {};
  const held = new Promise<string>((resolve) => {
    release = () => resolve('held');
  });
  let entered = () => {};
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const done = store.withReconcileLock(() => {
    entered();
    return held;
  });
  await inside;
  return { release, done };
}
