// Idempotency keys on the merchant mutations, through the whole BFF over real HTTP: a repeated
// key answers the first result byte for byte (the same client secret included), other input is
// IDEMPOTENCY_KEY_REUSED, and concurrent or retried refunds refund once at UMF.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, test } from 'node:test';
import { CARDS, checkoutInput } from '../../support/fixtures.ts';
import { createCheckout, customer, MERCHANT_KEY, useBff, widget } from './harness.ts';

const bff = useBff({}, { sandbox: { executeDelayMs: 0 } });
afterEach(() => bff.control.faults({}));

const ERROR = '... on CheckoutError { code field message umfCode }';
const CREATE = `mutation Create($input: CreateCheckoutInput!) {
  createCheckout(input: $input) {
    __typename
    ... on CheckoutCreated { clientSecret checkout { id status createdAt amount { amount currency } } }
    ${ERROR}
  }
}`;
const REFUND = `mutation Refund($input: RefundPaymentInput!) {
  refundPayment(input: $input) {
    __typename
    ... on Refund { id status umfRefundId createdAt amount { amount currency } }
    ${ERROR}
  }
}`;
const CANCEL = `mutation Cancel($id: ID!, $key: String) {
  cancelCheckout(id: $id, idempotencyKey: $key) { __typename ... on Checkout { id status version } ${ERROR} }
}`;

/** A merchant call, answering the raw body text (to compare answers byte for byte). */
async function send(
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; data: Record<string, Record<string, unknown>> }> {
  const response = await fetch(bff.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-umf-client': 'merchant-test',
      'accept-language': 'en',
      authorization: `Bearer ${MERCHANT_KEY}`,
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const parsed = JSON.parse(text) as { data: Record<string, Record<string, unknown>> };
  return { status: response.status, text, data: parsed.data };
}

let orders = 0;
function newOrder(amount = '10.00') {
  orders += 1;
  return checkoutInput(`I${process.pid}x${Date.now().toString(36)}x${orders}`, amount);
}

async function paidCheckout(amount = '10.00') {
  const { clientSecret, id } = await createCheckout(bff.endpoint, amount);
  const shopper = customer(bff);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  const confirmed = await shopper.confirm(
    clientSecret,
    sent.attempt!.id,
    CARDS.debit,
    await shopper.latestCode(),
  );
  assert.equal(confirmed.checkout?.status, 'SUCCEEDED', JSON.stringify(confirmed));
  const attempt = await bff.server.store.getAttempt({ attemptId: sent.attempt!.id });
  return { id, paymentId: String(attempt?.umfPaymentId) };
}

async function refundsAtUmf(paymentId: string) {
  return (await bff.control.ledger()).refunds.filter((r) => r.paymentId === paymentId);
}

describe('refundPayment', () => {
  test('two identical concurrent refunds with one key refund once at UMF and answer alike', async () => {
    const { id, paymentId } = await paidCheckout('10.00');
    const input = { checkoutId: id, amount: '3.00', idempotencyKey: randomUUID() };
    // UMF is slow to answer: both requests are in the BFF at the same time.
    await bff.control.faults({ rules: [{ endpoint: 'refund', latencyMs: 200 }] });
    const [a, b] = await Promise.all([send(REFUND, { input }), send(REFUND, { input })]);
    assert.equal(a.data.refundPayment.__typename, 'Refund', a.text);
    assert.equal(a.text, b.text);
    assert.equal((await refundsAtUmf(paymentId)).length, 1);
    assert.equal((await bff.server.store.listRefunds(id)).length, 1);
    // A later retry gets the same answer too, and still nothing more is refunded.
    assert.equal((await send(REFUND, { input })).text, a.text);
    assert.equal((await refundsAtUmf(paymentId)).length, 1);
  });

  test('a retry after a lost answer does not refund twice', async () => {
    const { id, paymentId } = await paidCheckout('10.00');
    const input = { checkoutId: id, amount: '3.00', idempotencyKey: randomUUID() };
    // UMF refunds, then the connection drops before its answer reaches the BFF.
    await bff.control.faults({ rules: [{ endpoint: 'refund', reset: 'after', times: 5 }] });
    const first = await send(REFUND, { input });
    await bff.control.faults({});
    const retried = await send(REFUND, { input });
    assert.equal(retried.text, first.text);
    assert.equal((await refundsAtUmf(paymentId)).length, 1, 'UMF refunded once');
  });

  test('the same key with another amount is IDEMPOTENCY_KEY_REUSED, naming the key', async () => {
    const { id, paymentId } = await paidCheckout('10.00');
    const idempotencyKey = randomUUID();
    await send(REFUND, { input: { checkoutId: id, amount: '1.00', idempotencyKey } });
    const reused = await send(REFUND, {
      input: { checkoutId: id, amount: '2.00', idempotencyKey },
    });
    assert.deepEqual(reused.data.refundPayment, {
      __typename: 'CheckoutError',
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
      message:
        'This idempotency key was already used with different input. Use a new key for a new request.',
      umfCode: null,
    });
    assert.equal((await refundsAtUmf(paymentId)).length, 1);
  });

  test('without a key, two refunds are two refunds (as before)', async () => {
    const { id, paymentId } = await paidCheckout('10.00');
    const input = { checkoutId: id, amount: '1.00' };
    await send(REFUND, { input });
    await send(REFUND, { input });
    assert.equal((await refundsAtUmf(paymentId)).length, 2);
  });
});

describe('createCheckout', () => {
  test('a repeated key answers the first payload byte for byte, the same client secret included', async () => {
    const input = { ...newOrder(), idempotencyKey: randomUUID() };
    const first = await send(CREATE, { input });
    const created = first.data.createCheckout as { clientSecret: string; checkout: { id: string } };
    assert.equal(first.data.createCheckout.__typename, 'CheckoutCreated', first.text);
    const again = await send(CREATE, { input });
    assert.equal(again.text, first.text);
    // The replayed secret is the live one: the widget opens the checkout with it.
    const data = await widget(bff.endpoint, 'Checkout', { clientSecret: created.clientSecret });
    assert.equal((data.checkout as { id: string }).id, created.checkout.id);
  });

  test('the Idempotency-Key header works alike, and a differing input key is refused', async () => {
    const key = randomUUID();
    const input = newOrder();
    const first = await send(CREATE, { input }, { 'idempotency-key': key });
    assert.equal(first.data.createCheckout.__typename, 'CheckoutCreated', first.text);
    const same = await send(
      CREATE,
      { input: { ...input, idempotencyKey: key } },
      { 'idempotency-key': key },
    );
    assert.equal(same.text, first.text);
    const differing = await send(
      CREATE,
      { input: { ...input, idempotencyKey: randomUUID() } },
      { 'idempotency-key': key },
    );
    assert.equal(differing.data.createCheckout.code, 'VALIDATION');
    assert.equal(differing.data.createCheckout.field, 'idempotencyKey');
    assert.match(
      String(differing.data.createCheckout.message),
      /Idempotency-Key header and the input/,
    );
  });

  test('a malformed key is VALIDATION on idempotencyKey and creates nothing', async () => {
    const input = { ...newOrder(), idempotencyKey: 'too-short' };
    const answer = await send(CREATE, { input });
    assert.equal(answer.data.createCheckout.code, 'VALIDATION');
    assert.equal(answer.data.createCheckout.field, 'idempotencyKey');
    assert.match(String(answer.data.createCheckout.message), /16–255/);
    const valid = await send(CREATE, { input: { ...input, idempotencyKey: randomUUID() } });
    assert.equal(
      valid.data.createCheckout.__typename,
      'CheckoutCreated',
      'the order id is still free',
    );
  });

  test('UMF unreachable for the exchange rate creates nothing and frees the key for a retry', async () => {
    const idempotencyKey = randomUUID();
    const input = { ...newOrder(), currency: 'GBP', idempotencyKey };
    await bff.control.faults({ rules: [{ endpoint: 'exchangeRate', errorRate: 1 }] });
    const lost = await send(CREATE, { input });
    assert.equal(lost.data.createCheckout.code, 'UPSTREAM_UNAVAILABLE', lost.text);
    await bff.control.faults({});
    const retried = await send(CREATE, { input });
    assert.equal(retried.data.createCheckout.__typename, 'CheckoutCreated', retried.text);
    const again = await send(CREATE, { input });
    assert.equal(again.text, retried.text, 'from then on the key answers the created checkout');
  });

  test('an invalid order is not bound to the key: corrected, it goes through', async () => {
    const idempotencyKey = randomUUID();
    const order = newOrder();
    const bad = await send(CREATE, { input: { ...order, amount: '9.99', idempotencyKey } });
    assert.equal(bad.data.createCheckout.code, 'SUB_ORDER_SUM_MISMATCH');
    const good = await send(CREATE, { input: { ...order, idempotencyKey } });
    assert.equal(good.data.createCheckout.__typename, 'CheckoutCreated', good.text);
  });
});

describe('cancelCheckout', () => {
  test('a repeated key answers the first cancel', async () => {
    const { id } = await createCheckout(bff.endpoint);
    const key = randomUUID();
    const first = await send(CANCEL, { id, key });
    assert.equal(first.data.cancelCheckout.status, 'CANCELED', first.text);
    assert.equal((await send(CANCEL, { id, key })).text, first.text);
    const other = await createCheckout(bff.endpoint);
    assert.equal(
      (await send(CANCEL, { id: other.id, key })).data.cancelCheckout.code,
      'IDEMPOTENCY_KEY_REUSED',
    );
  });
});
