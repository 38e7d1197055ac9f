import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { CheckoutStore } from '../../../../server/store/store.ts';
import type { Backend, Clock, TestDatabase } from '../backends.ts';
import { testClock } from '../backends.ts';
import { cardAttemptWithSms, newCheckout, ORDER, ok, qrAttempt, refusalOf } from '../helpers.ts';

export type Ctx = { db: TestDatabase; store: CheckoutStore; clock: Clock };

/** Runs `fn` on a fresh database and store, and always cleans up. */
export function withStore(backend: Backend, fn: (ctx: Ctx) => Promise<void>) {
  return async () => {
    const db = await backend.create();
    try {
      const clock = testClock();
      const store = await db.open({ now: () => clock.now, maxAttempts: 3 });
      await fn({ db, store, clock });
    } finally {
      await db.dispose();
    }
  };
}

export type CheckoutCtx = Ctx & { checkout: Awaited<ReturnType<typeof newCheckout>>['checkout'] };

/**
 * The suites' tests on `backend`: `it` runs on a fresh store, `withCheckout` on a fresh store
 * holding one new open checkout (helpers' newCheckout, at the clock's start).
 */
export function storeTests(backend: Backend) {
  return {
    it: (name: string, fn: (ctx: Ctx) => Promise<void>) => test(name, withStore(backend, fn)),
    withCheckout: (name: string, fn: (ctx: CheckoutCtx) => Promise<void>) =>
      test(
        name,
        withStore(backend, async (ctx) => {
          const { checkout } = await newCheckout(ctx.store, ctx.clock.now);
          await fn({ ...ctx, checkout });
        }),
      ),
  };
}

export function checkoutSuite(backend: Backend): void {
  const { it, withCheckout } = storeTests(backend);

  withCheckout(
    'creates a checkout and finds it by id with its order intact',
    async ({ store, checkout }) => {
      assert.equal(checkout.status, 'OPEN');
      assert.equal(checkout.version, 1);
      assert.match(checkout.id, /^co_/);
      const found = await store.getCheckout(checkout.id);
      assert.deepEqual(found, checkout);
      assert.deepEqual(found?.order, ORDER);
      assert.equal(found?.amount, '100.02');
    },
  );

  it('finds a checkout by its client secret and stores only its hash', async ({
    db,
    store,
    clock,
  }) => {
    const { checkout, clientSecret } = await newCheckout(store, clock.now);
    assert.match(clientSecret, /^cs_[\w-]{32,}$/);
    assert.equal((await store.findCheckoutByClientSecret(clientSecret))?.id, checkout.id);
    assert.equal(await store.findCheckoutByClientSecret(`${clientSecret}x`), undefined);
    await store.close();
    const rows = await db.raw('select * from checkouts where id = ?', [checkout.id]);
    assert.equal(rows.length, 1);
    const hash = createHash('sha256').update(clientSecret).digest('hex');
    assert.equal(rows[0]?.client_secret_hash, hash);
    assert.ok(!JSON.stringify(rows).includes(clientSecret.slice(3)));
  });

  it('refuses a second checkout for the same merchant order id', async ({ store, clock }) => {
    const input = {
      merchantOrderId: 'order-dup',
      amount: '10.00',
      currency: 'USD',
      order: ORDER,
      methods: ['DEBIT_CARD'] as const,
      expiresAt: new Date(clock.now.getTime() + 60_000),
    };
    ok(await store.createCheckout({ ...input, methods: [...input.methods] }));
    const again = await store.createCheckout({ ...input, methods: [...input.methods] });
    assert.equal(refusalOf(again), 'DUPLICATE_ORDER');
  });

  it('refuses float-like, negative or over-long amounts', async ({ store, clock }) => {
    for (const amount of ['10.001', '-1.00', '0', '1e3', '12345678.90']) {
      const result = await store.createCheckout({
        merchantOrderId: `bad-${amount}`,
        amount,
        currency: 'USD',
        order: ORDER,
        methods: ['DEBIT_CARD'],
        expiresAt: new Date(clock.now.getTime() + 60_000),
      });
      assert.equal(refusalOf(result), 'INVALID_INPUT', amount);
    }
  });

  withCheckout('bumps the version with every status change', async ({ store, checkout }) => {
    const sms = await cardAttemptWithSms(store, checkout.id);
    assert.equal(sms.checkout.status, 'SMS_SENT');
    const claim = ok(await store.claimExecute(sms.attempt.id));
    assert.equal(claim.checkout.status, 'PROCESSING');
    const paid = ok(
      await store.applyPaymentResult({ attemptId: sms.attempt.id }, { state: 'TRADE_SUCCESS' }),
    );
    const versions = [
      checkout.version,
      sms.checkout.version,
      claim.checkout.version,
      paid.checkout.version,
    ];
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
    assert.equal(new Set(versions).size, versions.length);
  });

  withCheckout(
    'a new attempt supersedes an unexecuted one; none starts while one executes',
    async ({ store, checkout }) => {
      const first = await cardAttemptWithSms(store, checkout.id);
      const second = ok(
        await store.startAttempt(checkout.id, { method: 'CREDIT_CARD', bankCode: 'CMB' }),
      );
      assert.equal(second.superseded?.id, first.attempt.id);
      assert.equal(second.superseded?.status, 'SUPERSEDED');
      assert.equal(second.checkout.status, 'OPEN');
      assert.equal(second.checkout.currentAttemptId, second.attempt.id);
      assert.equal(second.attempt.seq, 2);
      assert.equal(refusalOf(await store.claimExecute(first.attempt.id)), 'ATTEMPT_NOT_CURRENT');
      const sms = await store.recordSmsSent(first.attempt.id);
      assert.equal(refusalOf(sms), 'ATTEMPT_NOT_CURRENT');
      ok(await store.attachUmfPayment(second.attempt.id, { umfPaymentId: 'PAY_2' }));
      ok(await store.recordSmsSent(second.attempt.id));
      ok(await store.claimExecute(second.attempt.id));
      const third = await store.startAttempt(checkout.id, { method: 'DEBIT_CARD' });
      assert.equal(refusalOf(third), 'PROCESSING');
    },
  );

  withCheckout('keeps only the masked phone of an attempt', async ({ store, clock, checkout }) => {
    const sms = await cardAttemptWithSms(store, checkout.id);
    assert.equal(sms.attempt.phoneMasked, '138****5678');
    assert.equal(sms.attempt.smsCount, 1);
    assert.equal(sms.attempt.nextSmsAllowedAt?.getTime(), clock.now.getTime() + 60_000);
  });

  withCheckout('refuses methods the checkout does not enable', async ({ store, checkout }) => {
    const result = await store.startAttempt(checkout.id, { method: 'WECHAT_WEB' });
    assert.equal(refusalOf(result), 'METHOD_NOT_ENABLED');
  });

  it('expires a due checkout, abandons its attempt and refuses new steps', async ({
    store,
    clock,
  }) => {
    const { checkout } = await newCheckout(store, clock.now, { minutes: 10 });
    const qr = await qrAttempt(store, checkout.id);
    assert.deepEqual(await store.expireDueCheckouts(), []);
    clock.advance(10 * 60_000);
    const expired = await store.expireDueCheckouts();
    assert.deepEqual(
      expired.map((c) => [c.id, c.status]),
      [[checkout.id, 'EXPIRED']],
    );
    assert.equal((await store.getAttempt({ attemptId: qr.attempt.id }))?.status, 'ABANDONED');
    const again = await store.startAttempt(checkout.id, { method: 'DEBIT_CARD' });
    assert.equal(refusalOf(again), 'CHECKOUT_CLOSED');
    assert.deepEqual(await store.expireDueCheckouts(), []);
  });

  it('expires lazily when a customer step arrives after the deadline', async ({ store, clock }) => {
    const { checkout } = await newCheckout(store, clock.now, { minutes: 5 });
    const sms = await cardAttemptWithSms(store, checkout.id);
    clock.advance(5 * 60_000 + 1);
    const claim = await store.claimExecute(sms.attempt.id);
    assert.equal(refusalOf(claim), 'CHECKOUT_CLOSED');
    assert.equal(claim.ok ? undefined : claim.checkout?.status, 'EXPIRED');
  });

  it('does not expire a checkout whose execute is in flight', async ({ store, clock }) => {
    const { checkout } = await newCheckout(store, clock.now, { minutes: 5 });
    const sms = await cardAttemptWithSms(store, checkout.id);
    ok(await store.claimExecute(sms.attempt.id));
    clock.advance(6 * 60_000);
    assert.deepEqual(await store.expireDueCheckouts(), []);
    const closed = ok(
      await store.applyPaymentResult({ attemptId: sms.attempt.id }, { state: 'TRADE_CLOSED' }),
    );
    assert.equal(closed.checkout.status, 'EXPIRED');
  });

  it('cancels an open checkout once, and refuses while executing or after payment', async ({
    store,
    clock,
  }) => {
    const a = await newCheckout(store, clock.now);
    const canceled = ok(await store.cancelCheckout(a.checkout.id));
    assert.equal(canceled.checkout.status, 'CANCELED');
    assert.equal(ok(await store.cancelCheckout(a.checkout.id)).changed, false);
    assert.equal(
      refusalOf(await store.startAttempt(a.checkout.id, { method: 'DEBIT_CARD' })),
      'CHECKOUT_CLOSED',
    );
    const b = await newCheckout(store, clock.now);
    const sms = await cardAttemptWithSms(store, b.checkout.id);
    ok(await store.claimExecute(sms.attempt.id));
    assert.equal(refusalOf(await store.cancelCheckout(b.checkout.id)), 'PROCESSING');
    ok(await store.applyPaymentResult({ attemptId: sms.attempt.id }, { state: 'TRADE_SUCCESS' }));
    assert.equal(refusalOf(await store.cancelCheckout(b.checkout.id)), 'CHECKOUT_CLOSED');
  });

  it('answers unknown ids with NOT_FOUND or undefined', async ({ store }) => {
    assert.equal(await store.getCheckout('co_nope'), undefined);
    assert.equal(refusalOf(await store.cancelCheckout('co_nope')), 'NOT_FOUND');
    assert.equal(refusalOf(await store.claimExecute('at_nope')), 'NOT_FOUND');
    const result = await store.applyPaymentResult(
      { umfPaymentId: 'PAY_nope' },
      { state: 'TRADE_SUCCESS' },
    );
    assert.equal(refusalOf(result), 'NOT_FOUND');
  });
}
