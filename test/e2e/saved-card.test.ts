// Saved cards through the whole stack in Chromium (docs/umf-protocol.md §17): a returning
// customer of the demo shop (its customer cookie) pays once with "remember this card", pays the
// next order with only the SMS code, then removes the card; and another customer (another
// browser) never sees it nor gets anything of it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { CARDS } from '../support/fixtures.ts';
import { merchant } from '../support/graphql.ts';
import { type Locale, openSession } from './support/browser.ts';
import { CheckoutPage, until } from './support/checkout-page.ts';
import { shopSessions } from './support/shop-session.ts';
import type { Stack } from './support/stack.ts';

const BANK = { en: 'Industrial and Commercial Bank of China', 'zh-CN': '中国工商银行' };
const LAST_FOUR = CARDS.debit.slice(-4);

/** The demo's customer id of this browser (its HttpOnly cookie, set by the first order). */
async function customerOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'demo_customer');
  assert.ok(cookie, 'the shop gave this browser a customer');
  return cookie.value;
}

/** The merchant's savedCards(customerId). */
async function merchantCards(stack: Stack, customerId: string) {
  const answer = await merchant(
    `${stack.url}/graphql`,
    `query($customerId: String!) { savedCards(customerId: $customerId) {
      __typename ... on QuerySavedCardsSuccess { data { id customerId lastFour } } } }`,
    { customerId },
  );
  const cards = answer.data?.savedCards as { data: { id: string; lastFour: string }[] };
  return cards.data;
}

/** The widget's GraphQL requests (operation names) and every GraphQL answer body on a page. */
function recordGraphql(page: Page) {
  const operations: string[] = [];
  const answers: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/graphql'))
      operations.push(JSON.parse(request.postData() ?? '{}').operationName);
  });
  page.on('response', async (response) => {
    if (response.url().endsWith('/graphql')) answers.push(await response.text().catch(() => ''));
  });
  return { operations, answers };
}

/** The saved cards on the method step: the buttons that pay them. */
const savedCards = (shop: CheckoutPage) => shop.widget.locator('[part~="saved-pay"]');

/** One order paid by typing the card, ticking "remember this card" (or not). */
async function payTyping(shop: CheckoutPage, stack: Stack, sms: number, remember: boolean) {
  await shop.buyOne(stack.url);
  await shop.chooseCard();
  await shop.chooseBank('ICBC');
  await shop.fillCard(CARDS.debit, remember);
  await shop.enterCode(await shop.codeFromPhonePanel(stack.control, sms));
  await shop.expectPaid();
}

/** The method step of a new order, the saved cards rendered (or known to be none). */
async function methodStep(shop: CheckoutPage, stack: Stack, expected: number) {
  await shop.buyOne(stack.url);
  await shop.heading(shop.w.methodHeading).waitFor();
  if (expected) await savedCards(shop).first().waitFor();
  assert.equal(await savedCards(shop).count(), expected);
}

describe('saved cards', () => {
  const setUp = shopSessions();

  test('a returning customer remembers the card, pays the next order with the SMS code only, then removes it', async (t) => {
    const locale: Locale = 'en';
    const { stack, session, shop } = await setUp(t, 'saved-card-returning', locale);
    const { w, widget, page } = shop;
    await payTyping(shop, stack, 1, true);
    const customerId = await customerOf(session.context);
    const [saved] = await merchantCards(stack, customerId);
    assert.equal(saved?.lastFour, LAST_FOUR);

    // The second order: the card first, paid with only the SMS code.
    const wire = recordGraphql(page);
    await methodStep(shop, stack, 1);
    const card = widget.getByRole('button', { name: w.saved.pay(BANK[locale], LAST_FOUR) });
    await card.waitFor();
    await shop.shot('method-saved-card');
    await card.click();
    await shop.heading(w.smsHeading).waitFor();
    await shop.enterCode(await shop.codeFromPhonePanel(stack.control, 2));
    await shop.expectPaid();
    assert.deepEqual(
      wire.operations.filter((name) => /Sms|Confirm/.test(name)),
      ['SendSavedCardSmsCode', 'ConfirmSavedCardPayment'],
      'no card typed, none sent',
    );
    const ledger = await stack.control.ledger();
    assert.deepEqual(
      ledger.payments.map((p) => p.state),
      ['TRADE_SUCCESS', 'TRADE_SUCCESS'],
    );
    const agreements = await stack.control.agreements();
    assert.deepEqual(
      agreements.map((a) => [a.merCustId, a.lastFour, a.state]),
      [[customerId, LAST_FOUR, 'ACTIVE']],
    );

    // The third order: removed behind its confirmation; the merchant's list is then empty.
    await methodStep(shop, stack, 1);
    await widget.locator('[part~="saved-remove"] summary').click();
    await shop.shot('remove-confirmation');
    await widget.getByRole('button', { name: w.saved.removeYes }).click();
    await until(async () => (await savedCards(shop).count()) === 0, 'the card to go');
    await widget.getByText(w.saved.removed).waitFor({ state: 'attached' });
    await shop.shot('card-removed');
    assert.deepEqual(await merchantCards(stack, customerId), []);
    // "Use another card" is still there.
    await shop.chooseCard();
    await shop.heading(w.bankHeading).waitFor();
    assert.deepEqual(session.pageErrors, []);
  });

  test("another customer never sees nor receives a customer's saved card", async (t) => {
    const locale: Locale = 'zh-CN';
    const { stack, session, shop } = await setUp(t, 'saved-card-other-customer', locale);
    await payTyping(shop, stack, 1, true);
    const alice = await customerOf(session.context);
    const [aliceCard] = await merchantCards(stack, alice);
    assert.ok(aliceCard, 'Alice saved her card');

    // Bob: another browser, so another customer of the shop.
    const browser = session.context.browser();
    assert.ok(browser, 'a browser');
    const bobSession = await openSession(browser, 'saved-card-other-customer-bob', locale);
    t.after(() => bobSession.close());
    const bob = new CheckoutPage(bobSession, locale);
    const bobWire = recordGraphql(bob.page);
    await methodStep(bob, stack, 0);
    await bob.shot('bob-method-step');
    const bobId = await customerOf(bobSession.context);
    assert.notEqual(bobId, alice);
    const seen = bobWire.answers.join('\n');
    assert.ok(!seen.includes(aliceCard.id), "Alice's card id never reaches Bob's page");
    assert.ok(!seen.includes(alice), "nor Alice's customer id");

    // Bob saves the same card number for himself: his own saved card, Alice's stays hers.
    await bob.chooseCard();
    await bob.chooseBank('ICBC');
    await bob.fillCard(CARDS.debit, true);
    await bob.enterCode(await bob.codeFromPhonePanel(stack.control, 2));
    await bob.expectPaid();
    const [bobCard] = await merchantCards(stack, bobId);
    assert.ok(bobCard && bobCard.id !== aliceCard.id, 'one saved card each');
    assert.deepEqual(
      (await merchantCards(stack, alice)).map((c) => c.id),
      [aliceCard.id],
    );
    // Each one's next order offers exactly their own card.
    const aliceWire = recordGraphql(shop.page);
    await methodStep(shop, stack, 1);
    assert.ok(!aliceWire.answers.join('\n').includes(bobCard.id), "Bob's card never reaches Alice");
    assert.deepEqual(session.pageErrors, []);
    assert.deepEqual(bobSession.pageErrors, []);
  });
});
