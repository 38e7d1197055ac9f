import assert from 'node:assert/strict';
import type { CheckoutStore } from '../../../../server/store/store.ts';
import type { Backend } from '../backends.ts';
import { cardAttemptWithSms, newCheckout, ok, refusalOf } from '../helpers.ts';
import { storeTests } from './checkout-suite.ts';

async function paidCheckout(store: CheckoutStore, now: Date, amount = '100.02') {
  const { checkout } = await newCheckout(store, now, { amount });
  const sms = await cardAttemptWithSms(store, checkout.id);
  ok(await store.claimExecute(sms.attempt.id));
  return ok(
    await store.applyPaymentResult({ attemptId: sms.attempt.id }, { state: 'TRADE_SUCCESS' }),
  ).checkout;
}

export function refundOutboxSuite(backend: Backend): void {
  const { it, withCheckout } = storeTests(backend);

  it('refunds up to the paid amount, then refuses', async ({ store, clock }) => {
    const checkout = await paidCheckout(store, clock.now);
    const first = ok(await store.createRefund(checkout.id, { amount: '60.01' }));
    assert.equal(first.refund.status, 'PENDING');
    assert.equal(first.balance.refundable, '40.01');
    assert.equal(
      refusalOf(await store.createRefund(checkout.id, { amount: '40.02' })),
      'REFUND_EXCEEDS_PAID',
    );
    const second = ok(await store.createRefund(checkout.id, { amount: '40.01' }));
    assert.equal(second.balance.refundable, '0.00');
    assert.equal(
      refusalOf(await store.createRefund(checkout.id, { amount: '0.01' })),
      'REFUND_EXCEEDS_PAID',
    );
  });

  it('never lets concurrent refunds exceed the paid amount', async ({ store, clock }) => {
    const checkout = await paidCheckout(store, clock.now, '10.00');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.createRefund(checkout.id, { amount: '3.00' })),
    );
    assert.equal(results.filter((r) => r.ok).length, 3);
    assert.equal((await store.refundBalance(checkout.id))?.refundable, '1.00');
  });

  it('frees the amount of a failed refund and ignores late refund states', async ({
    store,
    clock,
  }) => {
    const checkout = await paidCheckout(store, clock.now);
    const { refund } = ok(await store.createRefund(checkout.id, { amount: '100.02' }));
    await store.attachUmfRefund(refund.id, 'REFUND_1');
    const failed = ok(
      await store.applyRefundResult({ umfRefundId: 'REFUND_1' }, { state: 'REFUND_FAIL' }),
    );
    assert.equal(failed.refund.status, 'FAILED');
    const late = ok(
      await store.applyRefundResult({ refundId: refund.id }, { state: 'REFUND_SUCCESS' }),
    );
    assert.equal(late.changed, false);
    assert.equal(late.refund.status, 'FAILED');
    clock.advance(1000);
    const retry = ok(await store.createRefund(checkout.id, { amount: '100.02' }));
    const done = ok(
      await store.applyRefundResult({ refundId: retry.refund.id }, { state: 'REFUND_SUCCESS' }),
    );
    assert.equal(done.refund.status, 'SUCCEEDED');
    assert.deepEqual(
      (await store.listRefunds(checkout.id)).map((r) => r.status),
      ['FAILED', 'SUCCEEDED'],
    );
  });

  withCheckout('refuses a refund of an unpaid checkout', async ({ store, checkout }) => {
    assert.equal(refusalOf(await store.createRefund(checkout.id, { amount: '1.00' })), 'NOT_PAID');
  });

  it('records a notification as processed once', async ({ store }) => {
    assert.equal(await store.markNotificationProcessed('payment:PAY_1:TRADE_SUCCESS'), true);
    assert.equal(await store.markNotificationProcessed('payment:PAY_1:TRADE_SUCCESS'), false);
    assert.equal(await store.isNotificationProcessed('payment:PAY_1:TRADE_SUCCESS'), true);
    assert.equal(await store.markNotificationProcessed('payment:PAY_2:TRADE_SUCCESS'), true);
  });

  it('queues a merchant webhook with the change that caused it', async ({ store, clock }) => {
    const checkout = await paidCheckout(store, clock.now);
    const [event] = await store.claimWebhooks();
    assert.equal(event?.type, 'checkout.succeeded');
    assert.equal(event?.attempts, 1);
    const payload = event?.payload as { data: { checkout: { id: string; version: number } } };
    assert.equal(payload.data.checkout.id, checkout.id);
    assert.equal(payload.data.checkout.version, checkout.version);
    assert.deepEqual(await store.claimWebhooks(), []);
    await store.markWebhookFailed(event?.id ?? '', {
      error: 'HTTP 500',
      retryAt: new Date(clock.now.getTime() + 1000),
    });
    clock.advance(1000);
    const [retry] = await store.claimWebhooks();
    assert.equal(retry?.attempts, 2);
    assert.equal(retry?.lastError, 'HTTP 500');
    await store.markWebhookDelivered(retry?.id ?? '');
    clock.advance(60_000);
    assert.deepEqual(await store.claimWebhooks(), []);
  });

  it('gives concurrent outbox claimers disjoint rows', async ({ store }) => {
    for (let n = 0; n < 30; n += 1) await store.enqueueWebhook('test.event', { n });
    const claims = await Promise.all(
      Array.from({ length: 4 }, () => store.claimWebhooks({ limit: 10 })),
    );
    const ids = claims.flat().map((e) => e.id);
    assert.equal(ids.length, 30);
    assert.equal(new Set(ids).size, 30);
  });

  it('keeps one shared UMF token', async ({ store, clock }) => {
    assert.equal(await store.getUmfToken(), undefined);
    const expiresAt = new Date(clock.now.getTime() + 3600_000);
    await store.setUmfToken({ token: 'tok-1', expiresAt });
    await store.setUmfToken({ token: 'tok-2', expiresAt });
    assert.deepEqual(await store.getUmfToken(), { token: 'tok-2', expiresAt });
  });

  it('serves the token as a TokenStore for the UMF client', async ({ store }) => {
    assert.equal(await store.tokenStore.get(), null);
    await store.tokenStore.set({ accessToken: 'tok-3', expiresAt: 1_800_000_000_000 });
    assert.deepEqual(await store.tokenStore.get(), {
      accessToken: 'tok-3',
      expiresAt: 1_800_000_000_000,
    });
    assert.equal(await store.tokenStore.exclusive(async () => 'refreshed'), 'refreshed');
  });

  it('runs token refreshes one at a time', async ({ store }) => {
    let inside = 0;
    let most = 0;
    const refresh = () =>
      store.withTokenLock(async () => {
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inside -= 1;
      });
    await Promise.all([refresh(), refresh(), refresh()]);
    assert.equal(most, 1);
  });
}
