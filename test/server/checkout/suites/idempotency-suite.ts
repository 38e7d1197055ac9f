import assert from 'node:assert/strict';
import { createIdempotency } from '../../../../server/checkout/idempotency.ts';
import { CheckoutError } from '../../../../server/domain/errors.ts';
import type { CheckoutStore } from '../../../../server/store/store.ts';
import type { Backend, Clock } from '../backends.ts';
import { type Ctx, storeTests } from './checkout-suite.ts';

const HOUR = 3_600_000;
const quiet = { info() {}, error() {} };
let keys = 0;
function newKey(): string {
  keys += 1;
  return `key-${process.pid}-${Date.now()}-${keys}-aaaaaaaa`;
}

function runner(store: CheckoutStore, clock: Clock, extra: { waitMs?: number } = {}) {
  return createIdempotency({
    store,
    now: () => clock.now,
    logger: quiet,
    sweepIntervalMs: 0,
    ...extra,
  });
}

type Runner = ReturnType<typeof runner>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CheckoutError) return `${error.code}:${error.field ?? ''}`;
    return `fault:${(error as Error).message}`;
  }
  return 'ok';
}

/** What `promise` rejects with, which must be a CheckoutError. */
async function checkoutErrorOf(promise: Promise<unknown>): Promise<CheckoutError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof CheckoutError, `a CheckoutError, not ${String(error)}`);
  return error;
}

export function idempotencySuite(backend: Backend): void {
  const { it } = storeTests(backend);
  /** A test on a fresh store with an idempotency runner over it (the suite's defaults). */
  const withRunner = (name: string, fn: (ctx: Ctx & { idem: Runner }) => Promise<void>) =>
    it(name, (ctx) => fn({ ...ctx, idem: runner(ctx.store, ctx.clock) }));

  withRunner(
    'runs a key once: concurrent and later repeats answer the first result, dates and all',
    async ({ idem }) => {
      let runs = 0;
      const request = { scope: 'refundPayment', key: newKey(), input: { amount: '1.00' } };
      const execute = async () => {
        runs += 1;
        await sleep(50);
        return {
          id: `rf_${runs}`,
          createdAt: new Date('2026-01-01T00:00:00.000Z'),
          umfRefundId: null,
        };
      };
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => idem.run(request, execute)),
      );
      const later = await idem.run(request, execute);
      assert.equal(runs, 1);
      for (const answer of [...answers, later]) assert.deepEqual(answer, answers[0]);
      assert.ok(later.createdAt instanceof Date);
      assert.equal(answers[0].id, 'rf_1');
    },
  );

  withRunner(
    'compares input by value: key order and absent versus null do not matter',
    async ({ idem }) => {
      const key = newKey();
      const first = await idem.run(
        { scope: 'createCheckout', key, input: { a: 1, b: { c: 2, d: null } } },
        async () => 'first',
      );
      const again = await idem.run(
        { scope: 'createCheckout', key, input: { b: { c: 2 }, a: 1 } },
        async () => 'second',
      );
      assert.equal(again, first);
    },
  );

  withRunner(
    'the same key with other input is IDEMPOTENCY_KEY_REUSED, and runs nothing',
    async ({ idem }) => {
      const key = newKey();
      await idem.run({ scope: 'refundPayment', key, input: { amount: '1.00' } }, async () => 'one');
      let ran = false;
      const code = await codeOf(
        idem.run({ scope: 'refundPayment', key, input: { amount: '2.00' } }, async () => {
          ran = true;
        }),
      );
      assert.equal(code, 'IDEMPOTENCY_KEY_REUSED:idempotencyKey');
      assert.equal(ran, false);
    },
  );

  withRunner('a key belongs to one operation', async ({ idem }) => {
    const key = newKey();
    assert.equal(
      await idem.run({ scope: 'cancelCheckout', key, input: { id: 'co_1' } }, async () => 'cancel'),
      'cancel',
    );
    assert.equal(
      await idem.run({ scope: 'refundPayment', key, input: { id: 'co_1' } }, async () => 'refund'),
      'refund',
    );
  });

  withRunner('refuses malformed keys, naming the field', async ({ idem }) => {
    for (const key of [
      'short',
      'x'.repeat(256),
      'has space in the key!',
      'ключ-ключ-ключ-ключ',
      '',
    ])
      assert.equal(
        await codeOf(idem.run({ scope: 'refundPayment', key, input: {} }, async () => 'ran')),
        'VALIDATION:idempotencyKey',
        JSON.stringify(key),
      );
    for (const key of ['0f8fad5b-d9cb-469f-a165-70867728950e', 'order:1001/refund=1+x~y_z.'])
      assert.equal(
        await idem.run({ scope: 'refundPayment', key, input: {} }, async () => 'ran'),
        'ran',
      );
  });

  withRunner(
    'replays a typed refusal and an unexpected fault; gives the key back after VALIDATION',
    async ({ idem }) => {
      const refused = { scope: 'refundPayment', key: newKey(), input: {} };
      const closed = new CheckoutError('CHECKOUT_CLOSED', {
        retryAt: new Date('2026-01-01T00:01:00Z'),
      });
      assert.equal(
        await codeOf(idem.run(refused, async () => Promise.reject(closed))),
        'CHECKOUT_CLOSED:',
      );
      const error = await checkoutErrorOf(idem.run(refused, async () => 'not run'));
      assert.deepEqual(error.retryAt, closed.retryAt);

      const fault = { scope: 'refundPayment', key: newKey(), input: {} };
      assert.equal(
        await codeOf(idem.run(fault, async () => Promise.reject(new Error('boom')))),
        'fault:boom',
      );
      assert.match(
        await codeOf(idem.run(fault, async () => 'not run')),
        /^fault:.*failed unexpectedly/,
      );

      const invalid = { scope: 'refundPayment', key: newKey(), input: {} };
      const validation = new CheckoutError('VALIDATION', { field: 'amount' });
      assert.equal(
        await codeOf(idem.run(invalid, async () => Promise.reject(validation))),
        'VALIDATION:amount',
      );
      assert.equal(await idem.run(invalid, async () => 'fixed'), 'fixed');
    },
  );

  it('a request that outwaits the first answers IDEMPOTENCY_KEY_IN_USE with a retry time', async ({
    store,
    clock,
  }) => {
    const idem = runner(store, clock, { waitMs: 100 });
    const request = { scope: 'refundPayment', key: newKey(), input: {} };
    const first = idem.run(request, async () => {
      await sleep(400);
      return 'first';
    });
    await sleep(20);
    const error = await checkoutErrorOf(idem.run(request, async () => 'second'));
    assert.equal(error.code, 'IDEMPOTENCY_KEY_IN_USE');
    assert.ok(error.retryAt && error.retryAt > clock.now);
    assert.equal(await first, 'first');
    assert.equal(await idem.run(request, async () => 'third'), 'first');
  });

  it('keeps keys for the TTL (at least 24 h), then sweeps them and runs a reused key afresh', async ({
    store,
    clock,
  }) => {
    const idem = createIdempotency({
      store,
      now: () => clock.now,
      logger: quiet,
      sweepIntervalMs: 0,
      ttlMs: HOUR,
    });
    const request = { scope: 'refundPayment', key: newKey(), input: {} };
    assert.equal(await idem.run(request, async () => 'first'), 'first');
    clock.advance(23 * HOUR);
    assert.equal(await idem.sweep(), 0, 'a TTL under 24 h is raised to 24 h');
    assert.equal(await idem.run(request, async () => 'second'), 'first');
    clock.advance(HOUR);
    assert.equal(await idem.run(request, async () => 'after expiry'), 'after expiry');
    clock.advance(24 * HOUR);
    assert.equal(await idem.sweep(), 1);
    assert.equal(await idem.sweep(), 0);
  });

  withRunner('stores neither the key nor the answer in clear', async ({ idem, store, db }) => {
    const key = newKey();
    const secret = 'cs_the-client-secret-of-this-checkout';
    await idem.run({ scope: 'createCheckout', key, input: {} }, async () => ({
      clientSecret: secret,
    }));
    if (backend.name === 'sqlite') await store.close();
    const rows = await db.raw('select * from idempotency_keys');
    assert.equal(rows.length, 1);
    const text = JSON.stringify(rows);
    assert.ok(!text.includes(key), 'the key');
    assert.ok(!text.includes(secret), 'the client secret');
    assert.ok(!text.includes('cs_'), 'the client secret');
    assert.match(String(rows[0].response), /^v1\./);
  });

  if (backend.name === 'postgres')
    it('two instances on one database run a key once', async ({ store, clock, db }) => {
      const other = await db.open({ now: () => clock.now });
      const [a, b] = [runner(store, clock), runner(other, clock)];
      let runs = 0;
      const request = { scope: 'refundPayment', key: newKey(), input: { amount: '3.00' } };
      const execute = async () => {
        runs += 1;
        await sleep(50);
        return `run ${runs}`;
      };
      const answers = await Promise.all([a, b, a, b].map((idem) => idem.run(request, execute)));
      assert.equal(runs, 1);
      assert.deepEqual(answers, ['run 1', 'run 1', 'run 1', 'run 1']);
    });
}
