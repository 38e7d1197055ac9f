// UMF's notifications through the whole BFF (docs/umf-protocol.md §6): whichever of execute's answer and
// the notification comes first, duplicated or out of order, the checkout ends in one state,
// changed once; a notification UMF did not sign changes nothing.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, afterEach, before, test } from 'node:test';
import { signEnvelope } from '../../../server/umf/crypto.ts';
import { CARDS } from '../../support/fixtures.ts';
import { type Bff, createCheckout, customer, eventually, startBff } from './harness.ts';

/** Execute answers WAIT_BUYER_PAY; the notification 100 ms later carries the result. */
let delayed: Bff;
/** Execute answers the final state itself; the notification follows. */
let immediate: Bff;

before(async () => {
  [delayed, immediate] = await Promise.all([
    startBff({}, { sandbox: { executeDelayMs: 100 } }),
    startBff({}, { sandbox: { executeDelayMs: 0 } }),
  ]);
});
afterEach(() => delayed.control.faults({}));
after(() => Promise.all([delayed.close(), immediate.close()]));

/** A checkout taken up to confirmPayment: the answer, and the UMF payment behind it. */
async function payByCard(bff: Bff) {
  const shopper = customer(bff);
  const { clientSecret, id } = await createCheckout(bff.endpoint);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  const attemptId = sent.attempt!.id;
  const attempt = await bff.server.store.getAttempt({ attemptId });
  const paymentId = String(attempt?.umfPaymentId);
  const updates = shopper.watch(clientSecret);
  const confirmed = await shopper.confirm(
    clientSecret,
    attemptId,
    CARDS.debit,
    await shopper.latestCode(),
  );
  assert.equal(confirmed.__typename, 'PaymentConfirmed', JSON.stringify(confirmed));
  return { id, paymentId, confirmed: confirmed.checkout!, updates };
}

/** The sandbox's deliveries of notifications about one payment, once `count` were answered. */
async function deliveries(bff: Bff, paymentId: string, count: number) {
  const ledger = await eventually(
    () => bff.control.ledger(),
    (l) =>
      l.notifications.filter((n) => n.objectId === paymentId && n.status !== null).length >= count,
  );
  return ledger.notifications.filter((n) => n.objectId === paymentId);
}

async function checkoutById(bff: Bff, id: string) {
  const checkout = await bff.server.store.getCheckout(id);
  assert.ok(checkout);
  return checkout;
}

async function succeededEvents(bff: Bff, checkoutId: string): Promise<number> {
  const events = await bff.server.store.listPendingWebhooks(10_000);
  return events.filter(
    (event) =>
      event.type === 'checkout.succeeded' &&
      (event.payload as { data: { checkout: { id: string } } }).data.checkout.id === checkoutId,
  ).length;
}

test('a notification that arrives before anyone asks finishes a PROCESSING checkout', async () => {
  const { paymentId, confirmed, updates } = await payByCard(delayed);
  assert.equal(confirmed.status, 'PROCESSING');
  assert.deepEqual((await updates).slice(-2), ['PROCESSING', 'SUCCEEDED']);
  const [delivery] = await deliveries(delayed, paymentId, 1);
  assert.equal(delivery.acknowledged, true);
  const queries = (await delayed.control.requests()).filter(
    (r) => r.endpoint === 'getPayment' && r.path.includes(paymentId),
  );
  assert.equal(queries.length, 0, 'the result came by notification, not by a query');
});

test("execute's own answer finishes the checkout; the later notification changes nothing", async () => {
  const { id, paymentId, confirmed } = await payByCard(immediate);
  assert.equal(confirmed.status, 'SUCCEEDED');
  const [delivery] = await deliveries(immediate, paymentId, 1);
  assert.equal(delivery.acknowledged, true);
  const after = await checkoutById(immediate, id);
  assert.equal(after.status, 'SUCCEEDED');
  assert.equal(after.version, confirmed.version);
  assert.equal(await succeededEvents(immediate, id), 1);
});

test('a notification delivered three times succeeds the checkout once, with one version bump', async () => {
  await delayed.control.faults({ notifications: { duplicate: 2 } });
  const { id, paymentId, confirmed, updates } = await payByCard(delayed);
  assert.equal((await updates).at(-1), 'SUCCEEDED');
  const sent = await deliveries(delayed, paymentId, 3);
  assert.equal(sent.length, 3);
  assert.ok(sent.every((n) => n.acknowledged));
  const after = await checkoutById(delayed, id);
  assert.equal(after.status, 'SUCCEEDED');
  assert.equal(after.version, confirmed.version + 1);
  assert.equal(await succeededEvents(delayed, id), 1);
});

test('a stale WAIT_BUYER_PAY copy arriving after the final notification leaves it SUCCEEDED', async () => {
  await delayed.control.faults({ notifications: { outOfOrder: true } });
  const { id, paymentId, confirmed, updates } = await payByCard(delayed);
  assert.equal((await updates).at(-1), 'SUCCEEDED');
  const sent = await deliveries(delayed, paymentId, 2);
  assert.ok(sent.every((n) => n.acknowledged));
  const after = await checkoutById(delayed, id);
  assert.equal(after.status, 'SUCCEEDED');
  assert.equal(after.version, confirmed.version + 1);
  const attempt = await delayed.server.store.getAttempt({ umfPaymentId: paymentId });
  assert.equal(attempt?.status, 'SUCCEEDED');
});

test('a notification not signed by UMF is refused with HTTP 400 and changes nothing', async () => {
  const shopper = customer(delayed);
  const { clientSecret, id } = await createCheckout(delayed.endpoint);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  const attempt = await delayed.server.store.getAttempt({ attemptId: sent.attempt!.id });
  const { payment } = await delayed.server.umf.payments.get(String(attempt?.umfPaymentId));
  const before = await checkoutById(delayed, id);
  const forgedAsPaid = { payment: { ...payment, state: 'TRADE_SUCCESS' } };
  const { privateKey: notUmfsKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const bodies = [
    JSON.stringify(signEnvelope(forgedAsPaid, notUmfsKey)),
    JSON.stringify({ meta: { ret_code: '0000', sign: 'AAAA' }, ...forgedAsPaid }),
    JSON.stringify(forgedAsPaid),
  ];
  for (const body of bodies) {
    const response = await fetch(`${delayed.url}/umf/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    assert.equal(response.status, 400);
    const answer = (await response.json()) as { meta: { ret_code: string } };
    assert.notEqual(answer.meta.ret_code, '0000', 'never acknowledged');
  }
  const after = await checkoutById(delayed, id);
  assert.equal(after.status, 'SMS_SENT');
  assert.equal(after.version, before.version);
  assert.equal(
    (await delayed.server.store.getAttempt({ attemptId: sent.attempt!.id }))?.status,
    'SMS_SENT',
  );
});
