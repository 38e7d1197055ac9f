import assert from 'node:assert/strict';
import type { Backend } from '../backends.ts';
import {
  cardAttemptWithSms,
  newCheckout,
  ok,
  qrAttempt,
  qrThenClaimedCard,
  refusalOf,
} from '../helpers.ts';
import { storeTests } from './checkout-suite.ts';

export function paymentSuite(backend: Backend): void {
  const { it, withCheckout } = storeTests(backend);

  withCheckout(
    'lets exactly one of 20 concurrent execute claims win',
    async ({ store, checkout }) => {
      const sms = await cardAttemptWithSms(store, checkout.id);
      const claims = await Promise.all(
        Array.from({ length: 20 }, () => store.claimExecute(sms.attempt.id)),
      );
      const winners = claims.filter((c) => c.ok && c.claimed);
      assert.equal(winners.length, 1);
      assert.ok(claims.every((c) => c.ok && c.attempt.id === sms.attempt.id));
      const attempt = await store.getAttempt({ attemptId: sms.attempt.id });
      assert.equal(attempt?.status, 'PROCESSING');
      assert.equal(attempt?.executeCount, 1);
    },
  );

  withCheckout(
    'answers a claim after the result with the finished attempt',
    async ({ store, checkout }) => {
      const sms = await cardAttemptWithSms(store, checkout.id);
      ok(await store.claimExecute(sms.attempt.id));
      ok(
        await store.applyPaymentResult(
          { attemptId: sms.attempt.id },
          { state: 'TRADE_SUCCESS', code: '0000' },
        ),
      );
      const retry = ok(await store.claimExecute(sms.attempt.id));
      assert.equal(retry.claimed, false);
      assert.equal(retry.attempt.status, 'SUCCEEDED');
      assert.equal(retry.checkout.status, 'SUCCEEDED');
    },
  );

  withCheckout(
    'applies a success once; a duplicate or a later failure changes nothing',
    async ({ store, checkout }) => {
      const sms = await cardAttemptWithSms(store, checkout.id);
      ok(await store.claimExecute(sms.attempt.id));
      const ref = { umfPaymentId: sms.attempt.umfPaymentId ?? '' };
      const paid = ok(await store.applyPaymentResult(ref, { state: 'TRADE_SUCCESS' }));
      assert.equal(paid.changed, true);
      assert.equal(paid.checkout.status, 'SUCCEEDED');
      assert.equal(paid.checkout.paidAttemptId, sms.attempt.id);
      for (const state of [
        'TRADE_SUCCESS',
        'TRADE_FAIL',
        'TRADE_CLOSED',
        'WAIT_BUYER_PAY',
      ] as const) {
        const late = ok(await store.applyPaymentResult(ref, { state }));
        assert.equal(late.changed, false, state);
        assert.equal(late.checkout.status, 'SUCCEEDED');
        assert.equal(late.checkout.version, paid.checkout.version);
        assert.equal(late.attempt.status, 'SUCCEEDED');
      }
    },
  );

  withCheckout(
    'keeps at most one successful attempt when two attempts succeed at once',
    async ({ store, checkout }) => {
      const { qr, card } = await qrThenClaimedCard(store, checkout.id);
      const results = (
        await Promise.all([
          store.applyPaymentResult({ attemptId: qr.attempt.id }, { state: 'TRADE_SUCCESS' }),
          store.applyPaymentResult({ attemptId: card.attempt.id }, { state: 'TRADE_SUCCESS' }),
        ])
      ).map(ok);
      const statuses = results.map((r) => r.attempt.status).sort();
      assert.deepEqual(statuses, ['DUPLICATE_PAID', 'SUCCEEDED']);
      const final = await store.getCheckout(checkout.id);
      assert.equal(final?.status, 'SUCCEEDED');
      const winner = results.find((r) => r.attempt.status === 'SUCCEEDED');
      assert.equal(final?.paidAttemptId, winner?.attempt.id);
      const events = await store.listPendingWebhooks();
      assert.deepEqual(events.map((e) => e.type).sort(), [
        'checkout.succeeded',
        'payment.duplicate',
      ]);
    },
  );

  withCheckout(
    'enforces one successful attempt per checkout in the schema itself',
    async ({ db, store, checkout }) => {
      const qr = await qrAttempt(store, checkout.id);
      const card = await cardAttemptWithSms(store, checkout.id);
      ok(await store.applyPaymentResult({ attemptId: qr.attempt.id }, { state: 'TRADE_SUCCESS' }));
      await store.close();
      await assert.rejects(
        db.raw(`update attempts set status = 'SUCCEEDED' where id = ?`, [card.attempt.id]),
        /unique|duplicate/i,
      );
    },
  );

  withCheckout(
    'returns a declined checkout to OPEN for another card, then FAILED at the attempt limit',
    async ({ store, checkout }) => {
      for (let n = 1; n <= 3; n += 1) {
        const sms = await cardAttemptWithSms(store, checkout.id, n);
        ok(await store.claimExecute(sms.attempt.id));
        const declined = ok(
          await store.applyPaymentResult(
            { attemptId: sms.attempt.id },
            { state: 'TRADE_FAIL', code: '00060730' },
          ),
        );
        assert.equal(declined.attempt.status, 'FAILED');
        assert.equal(declined.attempt.resultCode, '00060730');
        assert.equal(declined.checkout.status, n < 3 ? 'OPEN' : 'FAILED');
      }
      const more = await store.startAttempt(checkout.id, { method: 'DEBIT_CARD' });
      assert.equal(refusalOf(more), 'CHECKOUT_CLOSED');
    },
  );

  withCheckout(
    'gives the claim back when UMF rejects the SMS code',
    async ({ store, checkout }) => {
      const sms = await cardAttemptWithSms(store, checkout.id);
      ok(await store.claimExecute(sms.attempt.id));
      const released = ok(await store.releaseExecute(sms.attempt.id, '00200005'));
      assert.equal(released.checkout.status, 'SMS_SENT');
      assert.equal(released.attempt.status, 'SMS_SENT');
      assert.equal(released.attempt.lastErrorCode, '00200005');
      const again = ok(await store.claimExecute(sms.attempt.id));
      assert.equal(again.claimed, true);
      assert.equal(again.attempt.executeCount, 2);
    },
  );

  withCheckout(
    'moves a QR checkout from AWAITING_CUSTOMER to SUCCEEDED',
    async ({ store, checkout }) => {
      const qr = await qrAttempt(store, checkout.id);
      assert.equal(qr.checkout.status, 'AWAITING_CUSTOMER');
      assert.equal(qr.attempt.qrCodeUrl, 'weixin://wxpay/bizpayurl?pr=abc');
      const paid = ok(
        await store.applyPaymentResult({ attemptId: qr.attempt.id }, { state: 'TRADE_SUCCESS' }),
      );
      assert.equal(paid.checkout.status, 'SUCCEEDED');
    },
  );

  it('records a success that arrives after the checkout expired', async ({ store, clock }) => {
    const { checkout } = await newCheckout(store, clock.now, { minutes: 1 });
    const qr = await qrAttempt(store, checkout.id);
    clock.advance(2 * 60_000);
    await store.expireDueCheckouts();
    const paid = ok(
      await store.applyPaymentResult({ attemptId: qr.attempt.id }, { state: 'TRADE_SUCCESS' }),
    );
    assert.equal(paid.checkout.status, 'SUCCEEDED');
    assert.equal(paid.attempt.status, 'SUCCEEDED');
  });

  withCheckout('ignores a failure of a superseded attempt', async ({ store, checkout }) => {
    const old = await qrAttempt(store, checkout.id);
    const current = await cardAttemptWithSms(store, checkout.id);
    const failed = ok(
      await store.applyPaymentResult({ attemptId: old.attempt.id }, { state: 'TRADE_FAIL' }),
    );
    assert.equal(failed.attempt.status, 'FAILED');
    assert.equal(failed.checkout.status, 'SMS_SENT');
    assert.equal(failed.checkout.currentAttemptId, current.attempt.id);
  });
}
