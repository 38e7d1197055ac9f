// The checkout event bridge on its own: the in-process pub/sub (always), and on PostgreSQL two
// bridges over two stores on one schema — own events once, others' events read back from the
// store, stale and malformed notifications ignored, big orders crossing, and the LISTEN
// connection coming back after PostgreSQL kills it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Logger } from '../../../common/logger.ts';
import type { Checkout } from '../../../server/domain/types.ts';
import {
  CHECKOUT_EVENTS_CHANNEL,
  type CheckoutEvents,
  startCheckoutEvents,
} from '../../../server/events/pg-events.ts';
import { createCheckoutPubSub } from '../../../server/events/pubsub.ts';
import { type CheckoutStore, openStore } from '../../../server/store/store.ts';
import { PHONE } from '../../support/fixtures.ts';
import { newCheckout, ORDER, ok } from '../checkout/helpers.ts';
import { freshSchema, postgresUrlFor, type TestSchema } from './postgres.ts';

const postgresUrl = postgresUrlFor('checkout event bridge on postgres');

const silent: Logger = { info() {}, warn() {}, error() {} };

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    info: (_obj, msg) => lines.push(`info ${msg}`),
    warn: (_obj, msg) => lines.push(`warn ${msg}`),
    error: (_obj, msg) => lines.push(`error ${msg}`),
  };
  return { lines, logger };
}

/** Collects what a subscription yields; `next(n)` waits until n values came (or times out). */
function collect(iterable: AsyncIterable<Checkout>) {
  const got: Checkout[] = [];
  let wake: () => void = () => undefined;
  void (async () => {
    for await (const checkout of iterable) {
      got.push(checkout);
      wake();
    }
  })();
  return {
    got,
    versions: () => got.map((c) => c.version),
    async next(count: number, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (got.length < count) {
        if (Date.now() > deadline) {
          assert.fail(
            `waited for ${count} events, got ${JSON.stringify(got.map((c) => c.version))}`,
          );
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 20);
        });
      }
      return got;
    },
  };
}

const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

function fakeCheckout(id: string, version: number): Checkout {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id,
    merchantOrderId: 'o',
    amount: '1.00',
    currency: 'USD',
    order: {},
    methods: ['DEBIT_CARD'],
    status: 'OPEN',
    version,
    currentAttemptId: null,
    customerId: null,
    saveCard: 'NEVER',
    attemptCount: 0,
    paidAttemptId: null,
    expiresAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

describe('in-process checkout pub/sub', () => {
  test('a subscriber gets each publish once, and never an older version than it had', async () => {
    const pubsub = createCheckoutPubSub();
    const subscription = pubsub.subscribe('checkout:updated', 'co_1');
    const seen = collect(subscription);
    await settle(10);
    for (const version of [2, 4, 3, 4, 5, 1]) {
      pubsub.publish('checkout:updated', 'co_1', fakeCheckout('co_1', version));
    }
    pubsub.publish('checkout:updated', 'co_2', fakeCheckout('co_2', 9));
    await seen.next(4);
    await settle(30);
    // 4 again is the same version (e.g. a refund changed): not backwards, so it passes.
    assert.deepEqual(seen.versions(), [2, 4, 4, 5]);
    await subscription.return();
  });

  test('it knows which checkouts are watched, and forgets them when the last one leaves', async () => {
    const pubsub = createCheckoutPubSub();
    assert.equal(pubsub.watchedVersion('co_1'), undefined);
    const first = pubsub.subscribe('checkout:updated', 'co_1');
    const second = pubsub.subscribe('checkout:updated', 'co_1');
    const seen = collect(first);
    collect(second);
    await settle(10);
    assert.equal(pubsub.watchedVersion('co_1'), 0);
    pubsub.publish('checkout:updated', 'co_1', fakeCheckout('co_1', 3));
    await seen.next(1);
    assert.equal(pubsub.watchedVersion('co_1'), 3);
    assert.deepEqual(pubsub.watched(), ['co_1']);
    await first.return();
    assert.equal(pubsub.watchedVersion('co_1'), 3);
    await second.return();
    await settle(10);
    assert.equal(pubsub.watchedVersion('co_1'), undefined);
    assert.deepEqual(pubsub.watched(), []);
  });

  test('on SQLite the events stay in-process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'umf-events-'));
    const store = await openStore({ dataDir: dir });
    try {
      const events = await startCheckoutEvents({ store, logger: silent });
      assert.equal(events.mode, 'in-process');
      assert.equal(events.listenerPid(), undefined);
      const created = await newCheckout(store, new Date());
      const seen = collect(events.pubsub.subscribe('checkout:updated', created.checkout.id));
      await settle(10);
      const canceled = ok(await store.cancelCheckout(created.checkout.id));
      events.pubsub.publish('checkout:updated', canceled.checkout.id, canceled.checkout);
      await seen.next(1);
      assert.equal(seen.got[0].status, 'CANCELED');
      await events.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Starts a debit-card attempt on checkout `id`: a change the other instance must see. */
async function startCardAttempt(store: CheckoutStore, id: string) {
  return ok(await store.startAttempt(id, { method: 'DEBIT_CARD', bankCode: 'ICBC', phone: PHONE }));
}

if (postgresUrl) {
  describe('checkout events over PostgreSQL LISTEN/NOTIFY', () => {
    let schema: TestSchema;
    let storeX: CheckoutStore;
    let storeY: CheckoutStore;
    let x: CheckoutEvents;
    let y: CheckoutEvents;
    const logY = recordingLogger();

    before(async () => {
      schema = await freshSchema(postgresUrl);
      storeX = await openStore({ databaseUrl: schema.url });
      storeY = await openStore({ databaseUrl: schema.url });
      x = await startCheckoutEvents({ store: storeX, databaseUrl: schema.url, logger: silent });
      y = await startCheckoutEvents({
        store: storeY,
        databaseUrl: schema.url,
        logger: logY.logger,
        reconnect: { baseMs: 300, maxMs: 1000 },
      });
    });

    after(async () => {
      await Promise.all([x?.close(), y?.close()]);
      await Promise.all([storeX?.close(), storeY?.close()]);
      await schema?.dispose();
    });

    /** Y watches checkout `id`; X cancels it and publishes; Y has seen the cancel. */
    async function cancelSeenOnY(id: string) {
      const onY = collect(y.pubsub.subscribe('checkout:updated', id));
      await settle(20);
      const canceled = ok(await storeX.cancelCheckout(id));
      x.pubsub.publish('checkout:updated', id, canceled.checkout);
      await onY.next(1);
      return { onY, canceled };
    }

    test('an event goes to both instances: at once on its own, read back on the other', async () => {
      assert.equal(x.mode, 'postgres');
      const created = await newCheckout(storeX, new Date());
      const id = created.checkout.id;
      const onX = collect(x.pubsub.subscribe('checkout:updated', id));
      const onY = collect(y.pubsub.subscribe('checkout:updated', id));
      await settle(20);
      const started = await startCardAttempt(storeX, id);
      x.pubsub.publish('checkout:updated', id, started.checkout);
      await onY.next(1);
      const canceled = ok(await storeX.cancelCheckout(id));
      x.pubsub.publish('checkout:updated', id, canceled.checkout);
      await onY.next(2);
      await settle();
      assert.deepEqual(onX.versions(), [started.checkout.version, canceled.checkout.version]);
      assert.deepEqual(onY.versions(), [started.checkout.version, canceled.checkout.version]);
      assert.equal(onY.got[1].status, 'CANCELED');
      // Y's copy is read from the store: a real Checkout, dates included.
      assert.ok(onY.got[1].expiresAt instanceof Date);
    });

    test('stale, duplicate, unknown and malformed notifications deliver nothing', async () => {
      const created = await newCheckout(storeX, new Date());
      const id = created.checkout.id;
      const { onY, canceled } = await cancelSeenOnY(id);
      const notify = (payload: string) =>
        schema.query('select pg_notify($1, $2)', [CHECKOUT_EVENTS_CHANNEL, payload]);
      const v = canceled.checkout.version;
      await notify(JSON.stringify({ o: 'other', id, v }));
      await notify(JSON.stringify({ o: 'other', id, v: v - 1 }));
      await notify(JSON.stringify({ o: 'other', id: 'co_nobody_watches', v: 7 }));
      await notify('not json');
      await notify(JSON.stringify({ o: 'other', id }));
      await settle();
      assert.deepEqual(onY.versions(), [v]);
      assert.ok(logY.lines.includes('warn ignored a malformed checkout event'), logY.lines.join());
    });

    test('a checkout bigger than a NOTIFY payload crosses: only its id and version travel', async () => {
      const items = Array.from({ length: 400 }, (_, i) => ({
        mer_item_id: `item-${i}`,
        type: 'CLOTHING',
        name: `T-shirt number ${i} in a long descriptive name`,
        item_quantity: 1,
      }));
      const order = { ...ORDER, sub_orders: [{ ...ORDER.sub_orders[0], items }] };
      assert.ok(JSON.stringify(order).length > 8000);
      const created = ok(
        await storeX.createCheckout({
          merchantOrderId: `big-${Date.now()}`,
          amount: '100.02',
          currency: 'USD',
          order,
          methods: ['DEBIT_CARD'],
          expiresAt: new Date(Date.now() + 600_000),
        }),
      );
      const id = created.checkout.id;
      const { onY } = await cancelSeenOnY(id);
      assert.deepEqual(onY.got[0].order, order);
    });

    test('the LISTEN connection comes back after PostgreSQL kills it, and catches up', async () => {
      const created = await newCheckout(storeX, new Date());
      const id = created.checkout.id;
      const onY = collect(y.pubsub.subscribe('checkout:updated', id));
      await settle(20);
      const pid = y.listenerPid();
      assert.ok(pid);
      await schema.query('select pg_terminate_backend($1)', [pid]);
      // Changed while Y is not listening: its NOTIFY is lost to Y, the catch-up read finds it.
      const started = await startCardAttempt(storeX, id);
      x.pubsub.publish('checkout:updated', id, started.checkout);
      await onY.next(1);
      await y.listening();
      assert.notEqual(y.listenerPid(), pid);
      assert.equal(onY.got[0].version, started.checkout.version);
      const canceled = ok(await storeX.cancelCheckout(id));
      x.pubsub.publish('checkout:updated', id, canceled.checkout);
      await onY.next(2);
      assert.deepEqual(onY.versions(), [started.checkout.version, canceled.checkout.version]);
      assert.ok(
        logY.lines.includes('warn checkout events: the LISTEN connection dropped; reconnecting'),
        logY.lines.join(),
      );
      assert.ok(logY.lines.includes('info checkout events: listening again'), logY.lines.join());
    });
  });
}
