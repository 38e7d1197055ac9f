// What the built ES module asks the BFF for while <umf-checkout> starts on the demo shop's pay
// page, in the order the page asks: the Checkout read first, then the customer's texts (both on
// their way together), and the chunks of the steps after the first screen and the live updates
// only once umf-ready has told the page the first view is there.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { until } from './support/checkout-page.ts';
import { shopSessions } from './support/shop-session.ts';

/** The chunk a request names (its base name without the content hash), or null. */
const chunkOf = (url: string) => /\/chunks\/([\w-]+)-[\w-]{8}\.js$/.exec(url)?.[1] ?? null;

/** The chunks of the steps after the method step and of their requests; the live updates. */
const LATER = [
  'payment-steps',
  'qr-step',
  'wallet-payment',
  'saved-card-step',
  'encrypt-card',
  'CheckoutUpdated',
];

describe('start-up', () => {
  const setUp = shopSessions();

  test('the Checkout read leaves before the texts; later steps and live updates after umf-ready', async (t) => {
    const { stack, session, shop } = await setUp(t, 'start-up-order', 'en');
    const { page } = shop;
    // The page's own record, in the order the page did things (requests and console lines reach
    // the test in that order): the widget's requests by operation or chunk, and umf-ready.
    const seen: string[] = [];
    page.on('request', (request) => {
      const chunk = chunkOf(request.url());
      if (chunk) seen.push(chunk);
      else if (request.url().endsWith('/graphql') && request.method() === 'POST')
        seen.push(request.postDataJSON()?.operationName ?? 'graphql');
    });
    page.on('console', (message) => {
      if (message.text() === 'umf-ready') seen.push('umf-ready');
    });
    await page.addInitScript(() =>
      document.addEventListener('umf-ready', () => console.log('umf-ready')),
    );

    await shop.buyOne(stack.url);
    await until(
      () => seen.includes('payment-steps') && seen.includes('CheckoutUpdated'),
      'the later steps and the live updates',
    );
    const start = seen.slice(seen.indexOf('Checkout'));
    assert.ok(seen.includes('Checkout'), `no Checkout read in ${seen.join(', ')}`);
    assert.equal(start[1], 'en', `the texts right after the Checkout read: ${seen.join(', ')}`);
    const ready = seen.indexOf('umf-ready');
    assert.ok(ready > 0, `umf-ready in ${seen.join(', ')}`);
    for (const chunk of LATER)
      assert.ok(
        !seen.slice(0, ready).includes(chunk),
        `${chunk} asked for before umf-ready: ${seen.join(', ')}`,
      );
    assert.deepEqual(session.pageErrors, []);
  });
});
