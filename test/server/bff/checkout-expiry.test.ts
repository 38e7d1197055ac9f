// A checkout's life ends at expiresAt by the BFF's clock (moved by the test): it reads EXPIRED
// and the client secret can no longer drive it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARDS } from '../../support/fixtures.ts';
import { createCheckout, customer, openCheckoutStream, testClock, useBff } from './harness.ts';

const clock = testClock();
const bff = useBff({}, { now: clock.now });
const shopper = customer(bff);

/** A checkout that lives five minutes, the shortest a merchant may ask for. */
function shortCheckout() {
  return createCheckout(bff.endpoint, '100.00', undefined, { expiresInMinutes: 5 });
}

const FIVE_MINUTES = 5 * 60_000;

test('a checkout read after its expiry time is EXPIRED, and its subscribers hear it', async () => {
  const { clientSecret } = await shortCheckout();
  // The subscriber is listening (it has the checkout as it is) before the clock moves: the
  // order is the test's, not the machine's. The timeout only ends a stream that hangs.
  const { events } = await openCheckoutStream(bff.endpoint, clientSecret, 60_000);
  try {
    const open = (await events.next()).value;
    assert.equal(open?.status, 'OPEN');
    clock.advance(FIVE_MINUTES + 1000);
    const read = await shopper.load(clientSecret);
    assert.equal(read.status, 'EXPIRED');
    const heard = await events.next();
    assert.equal(heard.value?.status, 'EXPIRED', 'subscribers hear it');
    assert.ok(Number(heard.value?.version) > Number(open?.version), 'a newer version');
  } finally {
    await events.return(undefined);
  }
});

test('sendSmsCode on an expired checkout is CHECKOUT_CLOSED', async () => {
  const { clientSecret } = await shortCheckout();
  clock.advance(FIVE_MINUTES + 1000);
  const answer = await shopper.sendSms(clientSecret, CARDS.debit, { locale: 'en' });
  assert.equal(answer.__typename, 'CheckoutError');
  assert.equal(answer.code, 'CHECKOUT_CLOSED');
  assert.equal(answer.errorCheckout?.status, 'EXPIRED');
});

test('a code sent before the expiry can no longer be confirmed after it', async () => {
  const { clientSecret } = await shortCheckout();
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  assert.equal(sent.__typename, 'SmsCodeSent');
  const code = await shopper.latestCode();
  clock.advance(FIVE_MINUTES + 1000);
  const answer = await shopper.confirm(clientSecret, sent.attempt!.id, CARDS.debit, code);
  assert.equal(answer.code, 'CHECKOUT_CLOSED');
  assert.equal(answer.errorCheckout?.status, 'EXPIRED');
});
