import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import {
  GAVE_UP_AT,
  signWebhookPayload,
  startWebhookDelivery,
  verifyWebhookSignature,
  type WebhookDeliveryOptions,
} from '../../../server/notify/webhooks.ts';
import type { CheckoutStore } from '../../../server/store/store.ts';
import { planBackends, sqliteBackend, type TestDatabase } from '../checkout/backends.ts';
import { recordingLogger, startReceiver, storedBody, waitFor } from './helpers.ts';

const SECRET = 'whsec_test_0123456789abcdef0123456789';
const logger = recordingLogger();

let database: TestDatabase;
let store: CheckoutStore;
beforeEach(async () => {
  database = await sqliteBackend.create();
  store = await database.open();
});
afterEach(() => database.dispose());

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Drives deliveries by hand (deliverDue); the loop itself would wait a minute. */
function delivery(receiver: Receiver, options: Partial<WebhookDeliveryOptions> = {}) {
  return startWebhookDelivery({
    store,
    url: receiver.url,
    secret: SECRET,
    logger,
    intervalMs: 60_000,
    backoff: () => 0,
    render: storedBody,
    ...options,
  });
}

async function withReceiver(
  options: Parameters<typeof startReceiver>[1],
  run: (receiver: Receiver) => Promise<void>,
) {
  const receiver = await startReceiver(SECRET, options);
  try {
    await run(receiver);
  } finally {
    await receiver.close();
  }
}

let seq = 0;
function enqueue(target: CheckoutStore = store) {
  seq += 1;
  return target.enqueueWebhook('checkout.succeeded', { checkout: { id: `co_${seq}`, version: 2 } });
}

test('delivers an event the receiver verifies, with its id and Stripe-style signature', async () => {
  await withReceiver({}, async (receiver) => {
    const id = await enqueue();
    const loop = delivery(receiver);
    assert.equal(await loop.deliverDue(), 1);
    await loop.stop();
    const [received] = receiver.deliveries;
    assert.equal(received?.verified, true);
    assert.equal(received?.eventId, id);
    assert.match(received?.signature ?? '', /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.deepEqual(Object.keys(received?.body ?? {}), ['id', 'type', 'created', 'data']);
    assert.equal(received?.body.type, 'checkout.succeeded');
    assert.ok(Math.abs(Date.parse(received?.body.created ?? '') - Date.now()) < 60_000);
    assert.ok((await store.getWebhookEvent(id))?.deliveredAt);
  });
});

test('a receiver failing twice then succeeding gets the event on the third attempt', async () => {
  await withReceiver({ statuses: [500, 503] }, async (receiver) => {
    const id = await enqueue();
    const loop = delivery(receiver);
    assert.deepEqual(
      [await loop.deliverDue(), await loop.deliverDue(), await loop.deliverDue()],
      [0, 0, 1],
    );
    await loop.stop();
    const event = await store.getWebhookEvent(id);
    assert.equal(event?.attempts, 3);
    assert.ok(event?.deliveredAt);
    assert.deepEqual(
      receiver.deliveries.map((d) => [d.eventId, d.verified]),
      [
        [id, true],
        [id, true],
        [id, true],
      ],
    );
  });
});

test('a failed delivery waits for its backoff before the next try', async () => {
  await withReceiver({ statuses: [500] }, async (receiver) => {
    const id = await enqueue();
    const loop = delivery(receiver, { backoff: (attempt) => attempt * 60_000 });
    await loop.deliverDue();
    assert.equal(await loop.deliverDue(), 0);
    await loop.stop();
    assert.equal(receiver.deliveries.length, 1);
    const event = await store.getWebhookEvent(id);
    assert.equal(event?.lastError, 'HTTP 500');
    const waitMs = (event?.nextAttemptAt.getTime() ?? 0) - Date.now();
    assert.ok(waitMs > 55_000 && waitMs <= 60_000, `next try in ${waitMs} ms`);
  });
});

test('after maxAttempts failures the event is given up and recorded', async () => {
  await withReceiver({ statuses: [500, 500, 500] }, async (receiver) => {
    const id = await enqueue();
    const loop = delivery(receiver, { maxAttempts: 2 });
    await loop.deliverDue();
    await loop.deliverDue();
    assert.equal(await loop.deliverDue(), 0);
    await loop.stop();
    assert.equal(receiver.deliveries.length, 2);
    const event = await store.getWebhookEvent(id);
    assert.equal(event?.deliveredAt, null);
    assert.equal(event?.attempts, 2);
    assert.equal(event?.lastError, 'gave up after 2 attempts: HTTP 500');
    assert.deepEqual(event?.nextAttemptAt, GAVE_UP_AT);
  });
});

test('a receiver that does not answer in time is a failed attempt', async () => {
  await withReceiver({ delayMs: () => 500 }, async (receiver) => {
    const id = await enqueue();
    const loop = delivery(receiver, { timeoutMs: 50, backoff: () => 60_000 });
    assert.equal(await loop.deliverDue(), 0);
    await loop.stop();
    assert.match((await store.getWebhookEvent(id))?.lastError ?? '', /TimeoutError/);
  });
});

test('the loop delivers by itself and stops', async () => {
  await withReceiver({}, async (receiver) => {
    const id = await enqueue();
    const loop = delivery(receiver, { intervalMs: 10 });
    await waitFor(async () => (await store.getWebhookEvent(id))?.deliveredAt ?? undefined);
    await loop.stop();
    const seen = receiver.deliveries.length;
    await enqueue();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(receiver.deliveries.length, seen);
  });
});

test('without a webhook URL nothing is sent and events stay in the outbox', async () => {
  const id = await enqueue();
  const loop = startWebhookDelivery({ store, url: null, logger, render: storedBody });
  assert.equal(await loop.deliverDue(), 0);
  await loop.stop();
  const event = await store.getWebhookEvent(id);
  assert.equal(event?.attempts, 0);
  assert.equal(event?.deliveredAt, null);
  assert.ok((await store.listPendingWebhooks(1000)).some((e) => e.id === id));
});

test('a captured delivery replayed later fails verification', async () => {
  await withReceiver({}, async (receiver) => {
    await enqueue();
    const loop = delivery(receiver);
    await loop.deliverDue();
    await loop.stop();
    const received = receiver.deliveries.at(-1);
    assert.ok(received);
    const later = () => Date.now() + 301_000;
    assert.equal(verifyWebhookSignature(received.raw, received.signature, SECRET), true);
    assert.equal(
      verifyWebhookSignature(received.raw, received.signature, SECRET, { now: later }),
      false,
    );
  });
});

test('a wrong secret, a changed body, a future time or a bad header fails verification', () => {
  const body = '{"id":"ev_1","type":"checkout.succeeded","created":1,"data":{}}';
  const t = Math.floor(Date.now() / 1000);
  const header = signWebhookPayload(body, SECRET, t);
  assert.equal(verifyWebhookSignature(body, header, SECRET), true);
  assert.equal(verifyWebhookSignature(Buffer.from(body), header, SECRET), true);
  assert.equal(verifyWebhookSignature(body, header, `${SECRET}x`), false);
  assert.equal(verifyWebhookSignature(body.replace('ev_1', 'ev_2'), header, SECRET), false);
  assert.equal(
    verifyWebhookSignature(body, signWebhookPayload(body, SECRET, t + 301), SECRET),
    false,
  );
  assert.equal(
    verifyWebhookSignature(body, signWebhookPayload(body, SECRET, t - 301), SECRET),
    false,
  );
  assert.equal(verifyWebhookSignature(body, header.replace(/^t=\d+/, `t=${t + 1}`), SECRET), false);
  for (const bad of [null, '', 'v1=00', `t=${t}`, `t=${t},v1=${'0'.repeat(64)}`, 'garbage'])
    assert.equal(verifyWebhookSignature(body, bad, SECRET), false, String(bad));
  const rotated = `${header},v1=${'a'.repeat(64)}`;
  assert.equal(verifyWebhookSignature(body, rotated, SECRET), true);
});

const plan = planBackends();
if (plan.notice) console.log(plan.notice);

for (const backend of plan.backends) {
  test(`two delivery loops never deliver one event twice (${backend.name})`, async () => {
    if (plan.missing) assert.fail(plan.missing);
    const db = await backend.create();
    try {
      // SQLite allows one store per file (one process); PostgreSQL, one store per instance.
      const first = await db.open();
      const second = backend.name === 'postgres' ? await db.open() : first;
      const ids = new Set<string>();
      for (let i = 0; i < 40; i++) ids.add(await enqueue(first));
      await withReceiver({ delayMs: () => Math.random() * 5 }, async (receiver) => {
        const loops = [first, second].map((s) => delivery(receiver, { store: s, batchSize: 4 }));
        const drain = async (loop: (typeof loops)[number]) => {
          let total = 0;
          for (let n = await loop.deliverDue(); n > 0; n = await loop.deliverDue()) total += n;
          return total;
        };
        const counts = await Promise.all(loops.map(drain));
        await Promise.all(loops.map((loop) => loop.stop()));
        assert.ok(
          counts.every((n) => n > 0),
          `both loops delivered: ${counts}`,
        );
        assert.equal(counts[0]! + counts[1]!, 40);
        const delivered = receiver.deliveries.map((d) => d.eventId);
        assert.equal(delivered.length, 40);
        assert.deepEqual(new Set(delivered), ids);
        assert.ok(receiver.deliveries.every((d) => d.verified));
      });
    } finally {
      await db.dispose();
    }
  });
}
