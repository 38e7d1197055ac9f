// UMF's hosted cashier through the whole BFF: startHostedPayment (client secret) creates the
// attempt and the NOT_APPLICABLE + SERVER_TO_WEB payment, the customer pays on the sandbox's
// page and comes back; reading the checkout then asks UMF when the result is not known yet.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { CARDS } from '../../support/fixtures.ts';
import { payOnHostedPage, postForm } from '../sandbox/hosted-customer.ts';
import { type Answer, createCheckout, customer, eventually, useBff, widget } from './harness.ts';

const RETURN_URL = 'https://shop.example/pay/order-7?lang=en';
const bff = useBff({ UMF_SUB_MERCHANT_ID: 'umfsubmer001' });
afterEach(() => bff.control.faults({}));

type Started = Answer & { redirectUrl?: string };

async function startHosted(clientSecret: string, returnUrl = RETURN_URL, locale = 'zh-CN') {
  const data = await widget(
    bff.endpoint,
    'StartHostedPayment',
    { input: { clientSecret, returnUrl } },
    locale,
  );
  return data.startHostedPayment as Started;
}

async function hostedCheckout(methods = ['DEBIT_CARD', 'HOSTED']) {
  return createCheckout(bff.endpoint, '25.00', methods);
}

test('startHostedPayment answers with UMF’s page; the checkout awaits the customer', async () => {
  const { clientSecret } = await hostedCheckout();
  const started = await startHosted(clientSecret);
  assert.equal(started.__typename, 'HostedPayment', JSON.stringify(started));
  assert.match(String(started.redirectUrl), /^http:\/\/127\.0\.0\.1:\d+\/cashier\/PAY_/);
  const checkout = await customer(bff).load(clientSecret);
  assert.equal(checkout.status, 'AWAITING_CUSTOMER');
  assert.equal((checkout.attempt as { status: string } | null)?.status, 'AWAITING_CUSTOMER');
  const ledger = await bff.control.ledger();
  const id = String(started.redirectUrl).split('/cashier/')[1];
  assert.equal(ledger.payments.find((p) => p.id === id)?.paymentMethod, 'NOT_APPLICABLE');
});

test('a second start (double click, second tab) gives the same page and makes no second payment', async () => {
  const { clientSecret } = await hostedCheckout();
  const first = await startHosted(clientSecret);
  const second = await startHosted(clientSecret);
  assert.equal(second.redirectUrl, first.redirectUrl);
  const data = await widget(bff.endpoint, 'Checkout', { clientSecret });
  assert.equal((data.checkout as { attemptCount?: number }).attemptCount ?? 1, 1);
  const before = (await bff.control.ledger()).payments.length;
  await startHosted(clientSecret);
  assert.equal((await bff.control.ledger()).payments.length, before);
});

test('a return URL on an origin the merchant did not allow is VALIDATION on returnUrl', async () => {
  const { clientSecret } = await hostedCheckout();
  for (const returnUrl of ['https://evil.example/pay', 'javascript:alert(1)', 'not a url']) {
    const answer = await startHosted(clientSecret, returnUrl, 'en');
    assert.equal(answer.__typename, 'CheckoutError');
    assert.equal(answer.code, 'VALIDATION');
    assert.equal(answer.field, 'returnUrl');
    assert.doesNotMatch(String(answer.message), /\p{Script=Han}/u);
  }
  assert.equal((await customer(bff).load(clientSecret)).status, 'OPEN', 'nothing started');
});

test('a checkout without HOSTED among its methods refuses it on paymentMethod', async () => {
  const { clientSecret } = await hostedCheckout(['DEBIT_CARD']);
  const answer = await startHosted(clientSecret);
  assert.equal(answer.code, 'VALIDATION');
  assert.equal(answer.field, 'paymentMethod');
});

test('paid on the page, the customer returns to the return URL and reading the checkout settles it from UMF', async () => {
  // The notification is held back: only the query on the customer's return can tell.
  await bff.control.faults({ notifications: { delayMs: 60_000 } });
  const { clientSecret } = await hostedCheckout();
  const started = await startHosted(clientSecret);
  const { returnUrl } = await payOnHostedPage(bff.control, String(started.redirectUrl), {
    number: CARDS.debit,
  });
  assert.equal(returnUrl, RETURN_URL, 'back to the widget’s page, nothing added');
  const paid = await eventually(
    () => customer(bff).load(clientSecret),
    (c) => c.status === 'SUCCEEDED',
  );
  assert.equal(paid.attempt?.status, 'SUCCEEDED');
});

test('a card declined on the page leaves the checkout open, the attempt FAILED', async () => {
  const { clientSecret } = await hostedCheckout();
  const started = await startHosted(clientSecret);
  await payOnHostedPage(bff.control, String(started.redirectUrl), { number: CARDS.insufficient });
  const failed = await eventually(
    () => customer(bff).load(clientSecret, 'en'),
    (c) => c.attempt?.status === 'FAILED',
  );
  assert.equal(failed.status, 'OPEN');
  // The payment object (query or notification) says TRADE_FAIL without the bank's reason.
  assert.equal(failed.attempt?.failureCode, 'PAYMENT_FAILED');
  assert.ok(failed.attempt?.failureMessage);
});

test('canceled on the page: the attempt closes and a new start gives a new page', async () => {
  const { clientSecret } = await hostedCheckout();
  const first = await startHosted(clientSecret);
  const canceled = await postForm(String(first.redirectUrl), 'cancel', {});
  assert.equal(canceled.location, RETURN_URL);
  await eventually(
    () => customer(bff).load(clientSecret),
    (c) => c.status === 'OPEN' && c.attempt?.status === 'CLOSED',
  );
  const second = await startHosted(clientSecret);
  assert.equal(second.__typename, 'HostedPayment');
  assert.notEqual(second.redirectUrl, first.redirectUrl);
});

test('a create whose answer is lost is not re-sent: the attempt has no payment, the next start works', async () => {
  await bff.control.faults({ rules: [{ endpoint: 'createPayment', reset: 'after', times: 1 }] });
  const { clientSecret } = await hostedCheckout();
  const lost = await startHosted(clientSecret);
  assert.equal(lost.__typename, 'CheckoutError');
  assert.equal(lost.code, 'UPSTREAM_UNAVAILABLE');
  const creates = (await bff.control.requests()).filter((r) => r.endpoint === 'createPayment');
  assert.equal(creates.at(-1)?.fault, 'reset-after');
  const count = creates.length;
  assert.equal((await customer(bff).load(clientSecret)).status, 'OPEN');
  const next = await startHosted(clientSecret);
  assert.equal(next.__typename, 'HostedPayment', JSON.stringify(next));
  const after = (await bff.control.requests()).filter((r) => r.endpoint === 'createPayment');
  assert.equal(after.length, count + 1, 'one new create for the new attempt, no resend');
});

test('a closed checkout refuses to start: CHECKOUT_CLOSED', async () => {
  const { clientSecret } = await hostedCheckout();
  const started = await startHosted(clientSecret);
  await payOnHostedPage(bff.control, String(started.redirectUrl), { number: CARDS.debit });
  await eventually(
    () => customer(bff).load(clientSecret),
    (c) => c.status === 'SUCCEEDED',
  );
  const again = await startHosted(clientSecret);
  assert.equal(again.code, 'CHECKOUT_CLOSED');
});
