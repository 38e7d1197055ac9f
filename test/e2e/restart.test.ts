// The BFF restarts while the customer's page stays open. UMF (a sandbox started on its own)
// keeps the payment; the BFF comes back on the same port with the same data folder. Without a
// demo shop (sandbox mode only), the merchant page is a minimal one served at the BFF's origin
// through Playwright's router; its checkout is created with the merchant API, as a shop would.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkoutInputFor, PRODUCTS } from '../../examples/demo-shop/catalog.ts';
import { createMerchantApi, isCheckoutError } from '../../examples/demo-shop/merchant-api.ts';
import { ensureWidgetBuilt } from '../../scripts/ensure-widget-build.ts';
import { CARDS, PHONE } from '../support/fixtures.ts';
import { launchChromium, openSession, waitForUmfEvent } from './support/browser.ts';
import { CheckoutPage, until } from './support/checkout-page.ts';
import { MERCHANT_KEY, type RestartableStack, startRestartableStack } from './support/stack.ts';

let browser: Browser;
before(async () => {
  ensureWidgetBuilt();
  browser = await launchChromium();
});
after(() => browser?.close());

const LOCALE = 'zh-CN';

async function setUp(t: { after: (fn: () => Promise<void>) => void }, name: string) {
  const stack = await startRestartableStack();
  const session = await openSession(browser, name, LOCALE);
  t.after(async () => {
    await session.close();
    await stack.close();
  });
  const api = createMerchantApi({ graphqlUrl: `${stack.url}/graphql`, merchantKey: MERCHANT_KEY });
  const orderId = `E2E${Date.now().toString(36)}`;
  const lines = [{ product: PRODUCTS[0], quantity: 2 }];
  const created = await api.createCheckout(checkoutInputFor(orderId, lines, LOCALE), LOCALE);
  if (isCheckoutError(created)) throw new Error(`createCheckout: ${created.message}`);
  const checkoutId = created.checkout.id;
  await openMerchantPage(session.page, stack, created.clientSecret);
  const shop = new CheckoutPage(session, LOCALE);
  return { stack, session, shop, api, checkoutId };
}

/** A merchant page at the BFF's origin with <umf-checkout> and the BFF's bundle. */
async function openMerchantPage(page: Page, stack: RestartableStack, clientSecret: string) {
  const url = `${stack.url}/e2e-merchant-page`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>Merchant page</title><script type="module" src="/umf-checkout.js"></script></head>
<body><main style="max-width:32rem;margin:2rem auto"><h1>Merchant page</h1>
<umf-checkout endpoint="/graphql" client-secret="${clientSecret}" locale="${LOCALE}"></umf-checkout>
</main></body></html>`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(url);
  await waitForUmfEvent(page, 'umf-ready');
}

/** Method, bank and card: the widget then waits for the SMS code. */
async function upToTheSmsCode(shop: CheckoutPage) {
  await shop.shot('merchant-page');
  await shop.chooseCard();
  await shop.chooseBank('ICBC');
  await shop.fillCard(CARDS.debit);
  await shop.shot('waiting-for-code');
}

async function expectSucceeded(
  shop: CheckoutPage,
  stack: RestartableStack,
  api: ReturnType<typeof createMerchantApi>,
  checkoutId: string,
) {
  await waitForUmfEvent(shop.page, 'umf-success');
  await shop.heading(shop.w.successHeading).waitFor();
  await shop.shot('success');
  assert.equal((await api.checkoutById(checkoutId, LOCALE))?.status, 'SUCCEEDED');
  const { payments } = await stack.control.ledger();
  assert.deepEqual(
    payments.map((p) => [p.state, p.executions]),
    [['TRADE_SUCCESS', 1]],
  );
}

test('the BFF restarted while the customer waits for the SMS code: the payment completes', async (t) => {
  const { stack, session, shop, api, checkoutId } = await setUp(t, 'bff-restart-while-waiting');
  await upToTheSmsCode(shop);

  await stack.stopBff();
  await stack.startBff();
  assert.equal((await api.checkoutById(checkoutId, LOCALE))?.status, 'SMS_SENT');
  await shop.shot('after-restart');

  const [sms] = await stack.control.sms(PHONE);
  await shop.enterCode(sms.code);
  await expectSucceeded(shop, stack, api, checkoutId);
  assert.deepEqual(session.pageErrors, []);
});

test('the BFF down when the customer presses Pay: the widget offers a retry that completes the payment once it is back', async (t) => {
  const { stack, session, shop, api, checkoutId } = await setUp(t, 'bff-down-at-confirm');
  const { w, widget, page } = shop;
  await upToTheSmsCode(shop);

  await stack.stopBff();
  const [sms] = await stack.control.sms(PHONE);
  await shop.enterCode(sms.code);
  const offline = await waitForUmfEvent(page, 'umf-error', (d) => d?.code === 'NETWORK');
  const notice = widget.locator('[part~="notice"]');
  await notice.waitFor();
  assert.equal((await notice.locator('p').textContent())?.trim(), w.network);
  assert.equal(offline.detail?.message, w.network);
  await shop.shot('bff-down');

  await stack.startBff();
  await notice.getByRole('button', { name: w.retry }).click();
  await expectSucceeded(shop, stack, api, checkoutId);
  await until(async () => (await notice.count()) === 0, 'the network notice to go away');
  assert.deepEqual(session.pageErrors, []);
});
