// The customer's side, as a person would do it: the demo shop's pages and <umf-checkout>'s steps.
// Widget selectors go by role and accessible name (from the widget's own translations, so a copy
// change does not break them) or by documented ::part names; Playwright's locators pierce the
// widget's open shadow root. Demo-shop selectors use its ARIA landmarks and data-* hooks.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { PRODUCTS } from '../../../examples/demo-shop/catalog.ts';
import { TRANSLATIONS } from '../../../examples/demo-shop/i18n.ts';
import type { SandboxControl } from '../../../server/sandbox/types.ts';
import type { Translation } from '../../../widget/localize/localize.ts';
import { en } from '../../../widget/localize/translations/en.ts';
import { zhCN } from '../../../widget/localize/translations/zh-CN.ts';
import { HOLDER, PHONE, RESIDENT_ID } from '../../support/fixtures.ts';
import { type Locale, type Session, type UmfEvent, umfEvents, waitForUmfEvent } from './browser.ts';

export const widgetText = (locale: Locale): Translation => (locale === 'en' ? en : zhCN);
export const shopText = (locale: Locale) => TRANSLATIONS[locale];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches an accessible name that starts with `text`. */
const startsWith = (text: string) => new RegExp(`^\\s*${escapeRegExp(text.trim())}`);

/** Polls `check` until it returns true (no fixed sleeps). */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeout = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export class CheckoutPage {
  readonly page: Page;
  readonly w: Translation;
  readonly s: ReturnType<typeof shopText>;
  readonly widget: Locator;

  constructor(
    readonly session: Session,
    readonly locale: Locale,
    page: Page = session.page,
  ) {
    this.page = page;
    this.w = widgetText(locale);
    this.s = shopText(locale);
    this.widget = page.locator('umf-checkout');
  }

  shot(step: string) {
    return this.session.shot(step, this.page);
  }

  /** The heading of the widget's current step. */
  heading(text: string): Locator {
    return this.widget.getByRole('heading', { name: text, exact: true });
  }

  // ---- the demo shop ----

  /** The products page: one unit of `productId`, nothing else in the cart, then Pay. */
  async buyOne(shopUrl: string, productId = 'longjing-tea') {
    const { page, s } = this;
    await page.goto(`${shopUrl}/?lang=${this.locale}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await this.shot('products');
    for (const product of PRODUCTS) {
      await page.getByLabel(`${s.quantity}${s.colon}${product.name[this.locale]}`).fill('0');
    }
    const product = PRODUCTS.find((p) => p.id === productId);
    assert.ok(product, `no product ${productId}`);
    await page.getByRole('button', { name: s.more(product.name[this.locale]) }).click();
    const cart = page.getByRole('complementary', { name: s.cartHeading });
    await until(
      async () => (await cart.locator('[data-cart-lines] > li').count()) === 1,
      'the cart to hold one line',
    );
    await this.shot('cart');
    await cart.getByRole('button', { name: s.pay }).click();
    await page.waitForURL(/\/pay\//);
    await waitForUmfEvent(page, 'umf-ready');
    await this.shot('pay-page');
  }

  // ---- <umf-checkout> ----

  /** Method step (when the checkout offers several): the bank card. */
  async chooseCard() {
    await this.heading(this.w.methodHeading).waitFor();
    // By the start of the name: another method's hint may mention bank cards too.
    await this.widget.getByRole('button', { name: startsWith(this.w.methods.CARD.name) }).click();
  }

  /** Bank step: search "ICBC" and pick the one tile left. */
  /** The computed word-break of the first bank tile's Chinese name (the alt name in English). */
  async chineseBankNameWordBreak(): Promise<string> {
    await this.heading(this.w.bankHeading).waitFor();
    const selector = this.locale === 'en' ? '.bank-alt [lang="zh-CN"]' : '.bank-name';
    return this.widget
      .locator(selector)
      .first()
      .evaluate((el) => getComputedStyle(el).wordBreak);
  }

  async chooseBank(code = 'ICBC') {
    const { w } = this;
    await this.heading(w.bankHeading).waitFor();
    await this.widget.getByRole('searchbox', { name: w.searchBanks }).fill(code);
    const tiles = this.widget.getByRole('group', { name: w.banksLabel }).getByRole('button');
    await until(async () => (await tiles.count()) === 1, `one bank tile for ${code}`);
    await this.shot('bank');
    await tiles.first().click();
  }

  /**
   * Card step: types the card (formatted as typed), holder, ID and phone, ticks "remember this
   * card" when asked to; asks for the code.
   */
  async fillCard(cardNumber: string, remember = false) {
    const { w } = this;
    await this.heading(w.cardHeading).waitFor();
    const number = this.widget.getByLabel(w.fields.cardNumber.label);
    await number.fill('');
    await number.pressSequentially(cardNumber);
    assert.equal(await number.inputValue(), cardNumber.replace(/(\d{4})(?=\d)/g, '$1 '));
    await this.widget.getByLabel(w.fields.holderName.label).fill(HOLDER);
    await this.widget.getByLabel(w.fields.idNumber.label).fill(RESIDENT_ID);
    await this.widget.getByLabel(w.fields.phone.label).fill(PHONE);
    if (remember) await this.widget.getByRole('checkbox', { name: w.saved.remember }).check();
    await this.shot('card-form');
    await this.widget.getByRole('button', { name: w.getCode }).click();
    await this.heading(w.smsHeading).waitFor();
  }

  /**
   * The SMS code as the sandbox phone panel beside the widget shows it (it polls every 2 s):
   * waits for the `count`-th message, checks it against the sandbox's own record, returns it.
   */
  async codeFromPhonePanel(control: SandboxControl, count: number): Promise<string> {
    const panel = this.page.locator('[data-sandbox-phone]');
    const codes = panel.locator('.sms-code');
    await until(async () => (await codes.count()) >= count, `SMS #${count} on the sandbox phone`);
    const shown = (await codes.first().textContent())?.trim() ?? '';
    const [newest] = await control.sms(PHONE);
    assert.equal(shown, newest.code, 'the phone panel shows the newest code the sandbox sent');
    assert.match(shown, /^\d{6}$/);
    return shown;
  }

  /** SMS step: types the code and presses Pay. */
  async enterCode(code: string) {
    const { w } = this;
    const input = this.widget.getByLabel(w.fields.smsCode.label);
    await input.fill('');
    await input.pressSequentially(code);
    await this.shot('sms-code');
    await this.widget.getByRole('button', { name: startsWith(w.pay('')) }).click();
  }

  /**
   * The widget's success panel, then the demo moving on to the order page, which says paid.
   * Returns the umf-* events the pay page saw (the order page is another document).
   */
  async expectPaid(): Promise<UmfEvent[]> {
    const { w, s, page } = this;
    await waitForUmfEvent(page, 'umf-success');
    const events = await umfEvents(page);
    await this.heading(w.successHeading).waitFor();
    await this.shot('widget-success');
    await page.waitForURL(/\/orders\//);
    const status = page.getByRole('heading', { level: 1 });
    await until(
      async () => (await status.textContent())?.trim() === s.status.SUCCEEDED,
      `the order page to say ${s.status.SUCCEEDED}`,
    );
    await this.shot('order-paid');
    return events;
  }
}
