// UMF's hosted cashier through the whole stack in Chromium: the demo shop's Pay, the widget's
// "pay on UMF's page", the sandbox's hosted page (card form, the SMS code the sandbox sent,
// confirm, result), back to the shop, and the order page.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { CASHIER_TEXT } from '../../server/sandbox/hosted-text.ts';
import type { SandboxControl } from '../../server/sandbox/types.ts';
import { CARDS, HOLDER, PHONE, RESIDENT_ID } from '../support/fixtures.ts';
import { type Locale, umfEvents } from './support/browser.ts';
import { type CheckoutPage, until } from './support/checkout-page.ts';
import { shopSessions } from './support/shop-session.ts';
import type { Stack } from './support/stack.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
type Axe = { run(context: Document): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };

/** axe-core's violations on the page as it stands (UMF's page has no CSP: the script loads). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: Axe };
    const { violations } = await axe.run(document);
    return violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
}

/** The customer on UMF's page (the sandbox's): card form, SMS code, confirm. */
async function payOnUmfPage(page: Page, control: SandboxControl, locale: Locale, card: string) {
  const t = CASHIER_TEXT[locale];
  await page.getByRole('heading', { name: t.cardHeading }).waitFor();
  await page.getByLabel(t.fields.bank.label).selectOption('ICBC');
  await page.getByLabel(t.fields.cardNumber.label).fill(card);
  await page.getByLabel(t.fields.holderName.label).fill(HOLDER);
  await page.getByLabel(t.fields.idNumber.label).fill(RESIDENT_ID);
  await page.getByLabel(t.fields.phone.label).fill(PHONE);
  await page.getByRole('button', { name: t.getCode }).click();
  await page.getByRole('heading', { name: t.smsHeading }).waitFor();
  const paymentId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
  const sms = (await control.sms(PHONE)).find((message) => message.paymentId === paymentId);
  assert.match(String(sms?.code), /^\d{6}$/, 'the sandbox sent a code for this payment');
  await page.getByLabel(t.fields.smsCode.label).fill(String(sms?.code));
  await page.getByRole('button', { name: new RegExp(`^${t.pay('').trim()}`) }).click();
  return paymentId;
}

describe('UMF hosted cashier', () => {
  const setUp = shopSessions();

  /** The shop's Pay, then the widget's "pay on UMF's page": resolves on UMF's page. */
  async function toUmfPage(shop: CheckoutPage, stack: Stack) {
    await shop.buyOne(stack.url);
    await shop.heading(shop.w.methodHeading).waitFor();
    await shop.shot('method-choice');
    await shop.widget.getByRole('button', { name: shop.w.methods.HOSTED.name }).click();
    await shop.page.waitForURL((url) => url.href.startsWith(`${stack.sandboxUrl}/cashier/`));
    await shop.shot('umf-page');
  }

  for (const locale of ['zh-CN', 'en'] as const) {
    test(`a customer pays a demo order on UMF's page and lands on the paid order page (${locale})`, async (t) => {
      const { stack, session, shop } = await setUp(t, `hosted-payment-${locale}`, locale);
      const { page } = shop;
      await toUmfPage(shop, stack);
      const umf = CASHIER_TEXT[locale];
      const paymentId = await payOnUmfPage(page, stack.control, locale, CARDS.debit);
      const outcome = page.getByRole('heading', {
        name: new RegExp(`${umf.resultHeading.success}|${umf.resultHeading.processing}`),
      });
      await outcome.waitFor();
      await shop.shot('umf-result');
      assert.deepEqual(await axeViolations(page), [], 'the result page');
      await page.getByRole('link', { name: umf.returnToMerchant }).click();
      // Back on the shop: the widget shows the result (or the shop already knows it) and the
      // demo moves on to the order page.
      await page.waitForURL(/\/orders\//);
      const status = page.getByRole('heading', { level: 1 });
      await until(
        async () => (await status.textContent())?.trim() === shop.s.status.SUCCEEDED,
        'the order page to say paid',
      );
      await shop.shot('order-paid');
      const ledger = await stack.control.ledger();
      const paid = ledger.payments.find((p) => p.id === paymentId);
      assert.equal(paid?.state, 'TRADE_SUCCESS');
      assert.equal(paid?.paymentMethod, 'NOT_APPLICABLE');
      assert.equal(ledger.payments.length, 1);
      assert.deepEqual(session.pageErrors, []);
    });
  }

  test('a card declined on UMF’s page: back on the shop the widget says so and offers another way', async (t) => {
    const { stack, session, shop } = await setUp(t, 'hosted-declined', 'zh-CN');
    const { page, w, widget } = shop;
    await toUmfPage(shop, stack);
    await payOnUmfPage(page, stack.control, 'zh-CN', CARDS.insufficient);
    const umf = CASHIER_TEXT['zh-CN'];
    await page.getByRole('heading', { name: umf.resultHeading.failed }).waitFor();
    await shop.shot('umf-declined');
    await page.getByRole('link', { name: umf.returnToMerchant }).click();
    await page.waitForURL(/\/pay\//);
    await shop.heading(w.failureHeading).waitFor();
    await shop.shot('widget-declined');
    const failure = (await umfEvents(page)).find((e) => e.type === 'umf-failure');
    assert.equal(failure?.detail?.canRetry, true, JSON.stringify(failure));
    await widget.getByRole('button', { name: w.otherMethod }).click();
    await shop.heading(w.methodHeading).waitFor();
    assert.ok(page.url().includes('/pay/'), 'the pay page stays while the customer may retry');
    assert.deepEqual(session.pageErrors, []);
  });

  test('at 375 px: the widget’s choice and UMF’s page fit a phone', async (t) => {
    const { stack, session, shop } = await setUp(t, 'hosted-375', 'zh-CN');
    await shop.page.setViewportSize({ width: 375, height: 812 });
    await toUmfPage(shop, stack);
    const { page } = shop;
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `UMF's page scrolls sideways: ${width} px`);
    assert.deepEqual(await axeViolations(page), [], 'the card form');
    const umf = CASHIER_TEXT['zh-CN'];
    await page.getByRole('button', { name: umf.getCode }).click();
    await page.getByRole('alert').waitFor();
    await shop.shot('umf-page-errors');
    assert.deepEqual(await axeViolations(page), [], 'the card form with its errors');
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, 'f-bank', 'the first field in error has the focus');
    assert.deepEqual(session.pageErrors, []);
  });
});
