// Card payments through the whole stack in Chromium: the demo shop's products page, Pay,
// <umf-checkout> (bank, card, SMS code read off the sandbox phone panel), the order page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CARDS } from '../support/fixtures.ts';
import { umfEvents } from './support/browser.ts';
import { until } from './support/checkout-page.ts';
import { shopSessions } from './support/shop-session.ts';

describe('card payments', () => {
  const setUp = shopSessions();

  // Both bundles: the IIFE is minified on its own (it shortens the texts' member names).
  const bundles = [
    ['ES module', '/umf-checkout.js'],
    ['IIFE', '/umf-checkout.iife.js'],
  ] as const;
  for (const [bundle, script] of bundles)
    for (const locale of ['zh-CN', 'en'] as const) {
      test(`a customer pays by debit card from the shop page to the paid order page (${locale}, ${bundle})`, async (t) => {
        const name = `card-payment-${locale}${script.includes('iife') ? '-iife' : ''}`;
        const { stack, session, shop } = await setUp(t, name, locale, script);
        await shop.buyOne(stack.url);
        await shop.chooseCard();
        // A Chinese bank name breaks only between its words (keep-all), in either locale.
        assert.equal(await shop.chineseBankNameWordBreak(), 'keep-all');
        await shop.chooseBank('ICBC');
        await shop.fillCard(CARDS.debit);
        await shop.shot('sms-step');
        const code = await shop.codeFromPhonePanel(stack.control, 1);
        await shop.shot('sms-on-phone');
        await shop.enterCode(code);
        const events = await shop.expectPaid();

        const steps = events.map((e) => (e.type === 'umf-step' ? e.detail?.step : e.type));
        assert.deepEqual(steps, [
          'umf-ready',
          'bank',
          'card',
          'sms',
          'processing',
          'result',
          'umf-success',
        ]);
        const ledger = await stack.control.ledger();
        assert.deepEqual(
          ledger.payments.map((p) => [p.state, p.executions]),
          [['TRADE_SUCCESS', 1]],
        );
        assert.deepEqual(session.pageErrors, []);
      });
    }

  test('the card form, SMS and result steps load again when their first download fails', async (t) => {
    const { stack, session, shop } = await setUp(t, 'card-chunk-retried', 'en');
    // The ES build's chunk of the card payment (after the first screen): the first request fails.
    let refused = 0;
    await session.page.route('**/chunks/payment-steps-*.js', (route) =>
      refused++ === 0 ? route.abort('connectionreset') : route.continue(),
    );
    await shop.buyOne(stack.url);
    await shop.chooseCard();
    await shop.chooseBank('ICBC');
    await shop.fillCard(CARDS.debit);
    await shop.enterCode(await shop.codeFromPhonePanel(stack.control, 1));
    await shop.expectPaid();
    assert.ok(refused >= 2, `the chunk was asked for ${refused} time(s)`);
    assert.deepEqual(session.pageErrors, []);
  });

  test('a declined card (insufficient balance) lets the customer pay with another card', async (t) => {
    const { stack, session, shop } = await setUp(t, 'declined-then-another-card', 'zh-CN');
    const { w, widget, page } = shop;
    await shop.buyOne(stack.url);
    await shop.chooseCard();
    await shop.chooseBank('ICBC');
    await shop.fillCard(CARDS.insufficient);
    await shop.enterCode(await shop.codeFromPhonePanel(stack.control, 1));

    await shop.heading(w.failureHeading).waitFor();
    const reason = (await widget.locator('[part~="failure-reason"]').textContent())?.trim() ?? '';
    await shop.shot('declined');
    const failure = (await umfEvents(page)).find((e) => e.type === 'umf-failure');
    assert.equal(failure?.detail?.code, 'INSUFFICIENT_FUNDS', JSON.stringify(failure));
    assert.equal(failure?.detail?.canRetry, true, JSON.stringify(failure));
    // The reason is the BFF's message for the customer's locale (Chinese here).
    assert.equal(reason, failure?.detail?.message);
    assert.match(reason, /\p{Script=Han}/u);
    assert.ok(page.url().includes('/pay/'), 'the pay page stays while the customer may retry');

    await widget.getByRole('button', { name: w.tryAnotherCard }).click();
    await shop.fillCard(CARDS.debit);
    await shop.enterCode(await shop.codeFromPhonePanel(stack.control, 2));
    await shop.expectPaid();

    const ledger = await stack.control.ledger();
    assert.deepEqual(ledger.payments.map((p) => p.state).sort(), ['TRADE_FAIL', 'TRADE_SUCCESS']);
    assert.deepEqual(session.pageErrors, []);
  });

  test('a wrong SMS code is refused on its field and the right code then pays', async (t) => {
    const { stack, session, shop } = await setUp(t, 'wrong-sms-code', 'en');
    const { w, widget, page } = shop;
    await shop.buyOne(stack.url);
    await shop.chooseCard();
    await shop.chooseBank('ICBC');
    await shop.fillCard(CARDS.debit);
    const code = await shop.codeFromPhonePanel(stack.control, 1);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await shop.enterCode(wrong);

    const input = widget.getByLabel(w.fields.smsCode.label);
    const error = widget.locator('#umf-smsCode-error');
    await error.waitFor();
    const errorEvent = (await umfEvents(page)).find((e) => e.type === 'umf-error');
    assert.equal(errorEvent?.detail?.code, 'INVALID_SMS_CODE', JSON.stringify(errorEvent));
    assert.equal(errorEvent?.detail?.field, 'smsCode', JSON.stringify(errorEvent));
    // The message under the field is the BFF's, in English for this customer.
    assert.equal((await error.textContent())?.trim(), errorEvent?.detail?.message);
    assert.doesNotMatch(String(errorEvent?.detail?.message), /\p{Script=Han}/u);
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.match((await input.getAttribute('aria-describedby')) ?? '', /umf-smsCode-error/);
    await until(
      () => input.evaluate((el) => el.getRootNode() instanceof ShadowRoot && el.matches(':focus')),
      'the focus back on the code input',
    );
    await shop.shot('wrong-code');

    await shop.enterCode(code);
    await shop.expectPaid();
    assert.equal((await stack.control.ledger()).payments[0]?.executions, 1);
    assert.deepEqual(session.pageErrors, []);
  });
});
