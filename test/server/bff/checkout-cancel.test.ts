// The merchant cancels a checkout: it ends CANCELED, and its client secret can still read it
// but no longer drive it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARDS } from '../../support/fixtures.ts';
import { createCheckout, customer, merchant, useBff } from './harness.ts';

const bff = useBff();
const shopper = customer(bff);

type Canceled = { __typename: string; id?: string; status?: string; code?: string };

async function cancel(id: string): Promise<Canceled> {
  const result = await merchant(
    bff.endpoint,
    `mutation Cancel($id: ID!) {
      cancelCheckout(id: $id) {
        __typename
        ... on Checkout { id status }
        ... on CheckoutError { code }
      }
    }`,
    { id },
  );
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data?.cancelCheckout as Canceled;
}

test('the merchant cancels an open checkout: it is CANCELED for the merchant and the customer', async () => {
  const { clientSecret, id } = await createCheckout(bff.endpoint);
  const updates = shopper.watch(clientSecret);
  assert.deepEqual(await cancel(id), { __typename: 'Checkout', id, status: 'CANCELED' });
  const byId = await merchant(
    bff.endpoint,
    'query($id: ID!) { checkoutById(id: $id) { status } }',
    {
      id,
    },
  );
  assert.deepEqual(byId.data?.checkoutById, { status: 'CANCELED' });
  assert.equal((await shopper.load(clientSecret)).status, 'CANCELED');
  assert.equal((await updates).at(-1), 'CANCELED');
});

test('after a cancel the client secret still reads the checkout but sendSmsCode is CHECKOUT_CLOSED', async () => {
  const { clientSecret, id } = await createCheckout(bff.endpoint);
  await cancel(id);
  for (const locale of ['zh-CN', 'en']) {
    const answer = await shopper.sendSms(clientSecret, CARDS.debit, { locale });
    assert.equal(answer.__typename, 'CheckoutError');
    assert.equal(answer.code, 'CHECKOUT_CLOSED');
    assert.equal(answer.errorCheckout?.status, 'CANCELED');
    assert.ok(String(answer.message).length > 0);
  }
  assert.equal((await shopper.load(clientSecret)).attempt, null, 'no attempt was started');
});

test('a canceled checkout answers every sendSmsCode with CHECKOUT_CLOSED, never RATE_LIMITED', async () => {
  const { clientSecret, id } = await createCheckout(bff.endpoint);
  await cancel(id);
  const codes: (string | undefined)[] = [];
  for (let i = 0; i < 4; i++) codes.push((await shopper.sendSms(clientSecret, CARDS.debit)).code);
  assert.deepEqual(codes, Array(4).fill('CHECKOUT_CLOSED'));
});

test('a code sent before the cancel can no longer be confirmed, and UMF executes nothing', async () => {
  const { clientSecret, id } = await createCheckout(bff.endpoint);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  const code = await shopper.latestCode();
  await cancel(id);
  const answer = await shopper.confirm(clientSecret, sent.attempt!.id, CARDS.debit, code);
  assert.equal(answer.__typename, 'CheckoutError');
  assert.equal(answer.code, 'CHECKOUT_CLOSED');
  assert.equal(answer.errorCheckout?.status, 'CANCELED');
  const attempt = await bff.server.store.getAttempt({ attemptId: sent.attempt!.id });
  const ledger = await bff.control.ledger();
  assert.equal(ledger.payments.find((p) => p.id === attempt?.umfPaymentId)?.executions, 0);
});

test('a paid checkout cannot be canceled', async () => {
  const { clientSecret, id } = await createCheckout(bff.endpoint);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  const updates = shopper.watch(clientSecret);
  await shopper.confirm(clientSecret, sent.attempt!.id, CARDS.debit, await shopper.latestCode());
  assert.equal((await updates).at(-1), 'SUCCEEDED');
  const answer = await cancel(id);
  assert.equal(answer.__typename, 'CheckoutError');
  assert.equal(answer.code, 'CHECKOUT_CLOSED');
  assert.equal((await shopper.load(clientSecret)).status, 'SUCCEEDED');
});
