import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { readLimitedBody } from '../../../server/http/body-limit.ts';
import { createUmfNotifyHandler } from '../../../server/notify/umf-notify.ts';
import { startWebhookDelivery } from '../../../server/notify/webhooks.ts';
import { type CheckoutStore, openStore } from '../../../server/store/store.ts';
import type { UmfClient } from '../../../server/umf/client.ts';
import type { UmfNotification } from '../../../server/umf/notifications.ts';
import { newCheckout, ok } from '../checkout/helpers.ts';
import {
  CARDS,
  executeRequest,
  PHONE,
  paymentRequest,
  smsCode,
  startUmf,
  verifyRequest,
} from '../umf/helpers.ts';
import {
  recordingLogger,
  type Served,
  serveHandler,
  startReceiver,
  storedBody,
  waitFor,
} from './helpers.ts';

let umf: Awaited<ReturnType<typeof startUmf>>;
let client: UmfClient;
let store: CheckoutStore;
let dir: string;
let served: Served;
const logger = recordingLogger();
/** Raw bodies the handler was sent, newest last (to tamper with a genuine one). */
const bodies: string[] = [];
let applyImpl: (notification: UmfNotification) => Promise<void>;

/** What the lead's checkout service will do, for payments: apply the result to the store. */
async function applyToStore(notification: UmfNotification): Promise<void> {
  if (notification.kind !== 'payment') return;
  const { id, state } = notification.payment;
  const result = await store.applyPaymentResult({ umfPaymentId: id }, { state });
  if (!result.ok && result.refusal !== 'NOT_FOUND') throw new Error(result.refusal);
}

before(async () => {
  umf = await startUmf({ executeDelayMs: 20, notifyRetryBaseMs: 20 });
  client = umf.client();
  dir = mkdtempSync(join(tmpdir(), 'umf-notify-'));
  store = await openStore({ dataDir: dir });
  const handler = createUmfNotifyHandler({
    readBody: readLimitedBody,
    umf: client,
    apply: (notification) => applyImpl(notification),
    logger,
  });
  served = await serveHandler(async (request) => {
    bodies.push(await request.clone().text());
    return handler(request);
  });
});

after(async () => {
  await served.close();
  await umf.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  applyImpl = applyToStore;
  await umf.control.faults({});
});

/** A checkout whose current attempt is a fresh UMF card payment notifying our handler. */
async function openAttempt() {
  const { checkout } = await newCheckout(store, new Date());
  const created = await client.payments.create(paymentRequest({ notifyUrl: served.url }));
  const umfPaymentId = created.payment.id;
  const started = ok(
    await store.startAttempt(checkout.id, { method: 'DEBIT_CARD', bankCode: 'ICBC', phone: PHONE }),
  );
  const attached = ok(await store.attachUmfPayment(started.attempt.id, { umfPaymentId }));
  return { checkoutId: checkout.id, umfPaymentId, version: attached.checkout.version };
}

/** The customer pays at UMF: verify, SMS code, execute. UMF then notifies. */
async function payAtUmf(umfPaymentId: string, card: string = CARDS.debit) {
  await client.payments.verify(umfPaymentId, verifyRequest(card, umf.keys));
  const code = await smsCode(umf.control, umfPaymentId);
  await client.payments.execute(umfPaymentId, executeRequest(card, code, umf.keys));
}

/** UMF's deliveries of one object's notifications, once `acknowledged` of them were. */
async function deliveries(objectId: string, acknowledged = 1) {
  return waitFor(async () => {
    const list = (await umf.control.ledger()).notifications.filter((n) => n.objectId === objectId);
    return list.filter((n) => n.acknowledged).length >= acknowledged ? list : undefined;
  });
}

async function checkoutOf(id: string) {
  const checkout = await store.getCheckout(id);
  assert.ok(checkout, `checkout ${id} exists`);
  return checkout;
}

test('a signed notification is applied and acknowledged', async () => {
  const { checkoutId, umfPaymentId, version } = await openAttempt();
  await payAtUmf(umfPaymentId);
  const sent = await deliveries(umfPaymentId);
  assert.deepEqual(
    sent.map((d) => [d.attempt, d.status, d.acknowledged]),
    [[1, 200, true]],
  );
  const checkout = await checkoutOf(checkoutId);
  assert.equal(checkout.status, 'SUCCEEDED');
  assert.equal(checkout.version, version + 1);
  const attempt = await store.getAttempt({ umfPaymentId });
  assert.equal(attempt?.status, 'SUCCEEDED');
  const line = logger.lines.find((l) => l.fields.id === umfPaymentId);
  assert.deepEqual(line?.fields, { kind: 'payment', id: umfPaymentId, state: 'TRADE_SUCCESS' });
});

test('a tampered notification is refused with 400 and changes nothing', async () => {
  const paid = await openAttempt();
  await payAtUmf(paid.umfPaymentId);
  await deliveries(paid.umfPaymentId);
  const genuine = bodies.findLast((b) => b.includes(paid.umfPaymentId));
  assert.ok(genuine);
  // Replay UMF's genuine TRADE_SUCCESS for another, unpaid payment.
  const unpaid = await openAttempt();
  const tampered = genuine.replaceAll(paid.umfPaymentId, unpaid.umfPaymentId);
  const logged = logger.lines.length;
  const response = await fetch(served.url, { method: 'POST', body: tampered });
  assert.equal(response.status, 400);
  const answer = (await response.json()) as { meta: { ret_code: string } };
  assert.notEqual(answer.meta.ret_code, '0000');
  const checkout = await checkoutOf(unpaid.checkoutId);
  assert.equal(checkout.status, 'OPEN');
  assert.equal(checkout.version, unpaid.version);
  const newLines = JSON.stringify(logger.lines.slice(logged));
  assert.match(newLines, /SIGNATURE_INVALID/);
  assert.doesNotMatch(newLines, new RegExp(`${unpaid.umfPaymentId}|TRADE_SUCCESS`));
});

test('a body that is not a UMF notification is refused with 400', async () => {
  for (const body of ['not json', '{"meta":{"sign":"x"}}', '']) {
    const response = await fetch(served.url, { method: 'POST', body });
    assert.equal(response.status, 400, body);
    const answer = (await response.json()) as { meta: { ret_code: string } };
    assert.notEqual(answer.meta.ret_code, '0000');
  }
});

test('duplicated notifications change the checkout once', async () => {
  await umf.control.faults({ notifications: { duplicate: 2 } });
  const { checkoutId, umfPaymentId, version } = await openAttempt();
  let applied = 0;
  applyImpl = async (notification) => {
    applied += 1;
    await applyToStore(notification);
  };
  await payAtUmf(umfPaymentId);
  const sent = await deliveries(umfPaymentId, 3);
  assert.equal(sent.length, 3);
  assert.equal(applied, 3);
  const checkout = await checkoutOf(checkoutId);
  assert.equal(checkout.status, 'SUCCEEDED');
  assert.equal(checkout.version, version + 1);
});

test('a stale WAIT_BUYER_PAY after TRADE_SUCCESS leaves the checkout SUCCEEDED', async () => {
  await umf.control.faults({ notifications: { outOfOrder: true } });
  const { checkoutId, umfPaymentId, version } = await openAttempt();
  const states: string[] = [];
  applyImpl = async (notification) => {
    if (notification.kind === 'payment') states.push(notification.payment.state);
    await applyToStore(notification);
  };
  await payAtUmf(umfPaymentId);
  await deliveries(umfPaymentId, 2);
  assert.deepEqual(states, ['TRADE_SUCCESS', 'WAIT_BUYER_PAY']);
  const checkout = await checkoutOf(checkoutId);
  assert.equal(checkout.status, 'SUCCEEDED');
  assert.equal(checkout.version, version + 1);
});

test('an oversize body is refused with 413, declared or streamed', async () => {
  const handler = createUmfNotifyHandler({
    readBody: readLimitedBody,
    umf: client,
    apply: () => assert.fail('nothing to apply'),
    logger,
    maxBytes: 1024,
  });
  const big = `{"payment":{"id":"${'x'.repeat(2000)}"}}`;
  const declared = await fetch(served.url, { method: 'POST', body: 'x'.repeat(64 * 1024 + 1) });
  assert.equal(declared.status, 413);
  const chunks = [big.slice(0, 900), big.slice(900)];
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
  });
  const init = { method: 'POST', body: stream, duplex: 'half' } as RequestInit;
  const streamed = await handler(new Request('http://bff.test/umf/notify', init));
  assert.equal(streamed.status, 413);
});

test('a notification that could not be applied gets 500, and UMF retries it', async () => {
  const { checkoutId, umfPaymentId } = await openAttempt();
  let failures = 0;
  applyImpl = async (notification) => {
    if (failures < 2) {
      failures += 1;
      throw new Error('store unavailable');
    }
    await applyToStore(notification);
  };
  await payAtUmf(umfPaymentId);
  const sent = await deliveries(umfPaymentId);
  assert.deepEqual(
    sent.map((d) => [d.attempt, d.status, d.acknowledged]),
    [
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ],
  );
  assert.equal((await checkoutOf(checkoutId)).status, 'SUCCEEDED');
});

test('a declined payment is applied too: the checkout stays open for another card', async () => {
  const { checkoutId, umfPaymentId } = await openAttempt();
  await payAtUmf(umfPaymentId, CARDS.tradeFail);
  await deliveries(umfPaymentId);
  assert.equal((await store.getAttempt({ umfPaymentId }))?.status, 'FAILED');
  assert.equal((await checkoutOf(checkoutId)).status, 'OPEN');
});

test("the applied result reaches the merchant's webhook, signed", async () => {
  const secret = 'whsec_test_0123456789abcdef0123456789';
  const receiver = await startReceiver(secret);
  const { checkoutId, umfPaymentId } = await openAttempt();
  await payAtUmf(umfPaymentId);
  await deliveries(umfPaymentId);
  const delivery = startWebhookDelivery({
    store,
    url: receiver.url,
    secret,
    logger,
    render: storedBody,
    intervalMs: 20,
  });
  try {
    const event = await waitFor(async () =>
      receiver.deliveries.find((d) => JSON.stringify(d.body.data).includes(checkoutId)),
    );
    assert.equal(event.verified, true);
    assert.equal(event.body.type, 'checkout.succeeded');
  } finally {
    await delivery.stop();
    await receiver.close();
  }
});
