// A refund from the demo shop's order page after a card payment: the merchant's form, the
// BFF's refundPayment, UMF (the sandbox) — its ledger shows the refund, and the order page
// learns the refund's outcome.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { ensureWidgetBuilt } from '../../scripts/ensure-widget-build.ts';
import type { Ledger } from '../../server/sandbox/types.ts';
import { CARDS } from '../support/fixtures.ts';
import { launchChromium, openSession } from './support/browser.ts';
import { CheckoutPage, until } from './support/checkout-page.ts';
import { startStack } from './support/stack.ts';

let browser: Browser;
before(async () => {
  ensureWidgetBuilt();
  browser = await launchChromium();
});
after(() => browser?.close());

test('a partial refund from the order page appears in the sandbox ledger and on the order', async (t) => {
  const stack = await startStack();
  const session = await openSession(browser, 'refund', 'en');
  t.after(async () => {
    await session.close();
    await stack.close();
  });
  const shop = new CheckoutPage(session, 'en');
  const { s, page } = shop;
  await shop.buyOne(stack.url, 'silk-scarf');
  await shop.chooseCard();
  await shop.chooseBank('ICBC');
  await shop.fillCard(CARDS.debit);
  await shop.enterCode(await shop.codeFromPhonePanel(stack.control, 1));
  await shop.expectPaid();

  const refunds = page.getByRole('region', { name: s.refundsHeading });
  const amount = refunds.getByLabel(s.refundAmount);
  assert.equal(await amount.inputValue(), '64.50', 'the form offers the whole paid amount');
  await amount.fill('20.00');
  await refunds.getByLabel(s.refundReason).fill('e2e: one scarf returned damaged');
  await shop.shot('refund-form');
  await refunds.getByRole('button', { name: s.refundButton }).click();
  await page.waitForURL(/[?&]refunded=/);
  const flash = refunds.getByRole('status');
  assert.equal((await flash.textContent())?.trim(), s.refundDone('$20.00'));
  await shop.shot('refund-submitted');

  // The ledger as a person reads it: the sandbox's JSON page, in another tab.
  const ledgerPage = await session.context.newPage();
  let ledger: Ledger | undefined;
  await until(async () => {
    await ledgerPage.goto(`${stack.sandboxUrl}/__sandbox/ledger`);
    ledger = JSON.parse((await ledgerPage.locator('body').textContent()) ?? '{}') as Ledger;
    return ledger.refunds?.[0]?.state === 'REFUND_SUCCESS';
  }, 'the sandbox ledger to show the refund succeeded');
  await session.shot('sandbox-ledger', ledgerPage);
  const [payment] = ledger?.payments ?? [];
  assert.equal(payment?.state, 'TRADE_SUCCESS');
  assert.equal(payment?.refundedAmount, '20.00');
  assert.deepEqual(
    ledger?.refunds.map((r) => [r.paymentId, r.amount, r.currency, r.state]),
    [[payment?.id, '20.00', 'USD', 'REFUND_SUCCESS']],
  );

  // The order page learns the outcome (UMF's notification or a query): reload until it shows.
  const refunded = s.refundStatus.SUCCEEDED;
  await until(async () => {
    await page.reload();
    return (await refunds.getByRole('listitem').filter({ hasText: refunded }).count()) === 1;
  }, `the order page to list the refund as ${refunded}`);
  assert.match((await refunds.textContent()) ?? '', /\$44\.50/, 'refundable amount left');
  await shop.shot('order-refunded');
  assert.deepEqual(session.pageErrors, []);
});
