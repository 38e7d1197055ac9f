/// <reference types="mocha" />
// Saved cards in <umf-checkout> against the real BFF + UMF sandbox (payer agreements,
// docs/umf-protocol.md §17): "remember this card" on the card step, the saved cards first on the
// method step of the customer's next checkout, paying one with only the SMS code, removing one
// behind its confirmation, and no other customer ever seeing them (support/saved-card.ts); then
// the same with the keyboard only (real key presses through @web/test-runner-commands): Tab
// order, Enter to pay, Enter on "Remove" and again on its confirmation, Space for the box.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { type Checkout, createApi } from '../../widget/api/client.ts';
import '../../widget/index.ts';
import type { Translation } from '../../widget/localize/localize.ts';
import { en } from '../../widget/localize/translations/en.ts';
import { zhCN } from '../../widget/localize/translations/zh-CN.ts';
import { bffEndpoint, CARDS } from './support/bff.ts';
import { nextEvent } from './support/checkout.ts';
import {
  type Customer,
  chooseBank,
  control,
  customerWithCard,
  enterSmsCode,
  mountFor,
  newCustomer,
  newestPayment,
  operations,
  payByCard,
  rememberBox,
  rootOf,
  savedButtons,
  savedCardsShown,
  smsCodeAfter,
  smsInput,
  textOf,
  uniquePhone,
  waitFor,
  waitForStep,
} from './support/saved-card.ts';

const LAST_FOUR = CARDS.debit.slice(-4);
const T: Record<'en' | 'zh-CN', Translation> = { en, 'zh-CN': zhCN };

describe('<umf-checkout> "remember this card"', () => {
  it('offers the box unticked when saveCard is ASK, and sends saveCard only once ticked', async function () {
    this.timeout(60_000);
    const who = { customerId: newCustomer(), phone: uniquePhone() };
    const { el } = await mountFor(who, { saveCard: 'ASK' });
    await chooseBank(el);
    const box = rememberBox(el);
    expect(box, 'the box').to.exist;
    expect(box?.checked).to.equal(false);
    expect(textOf(box?.closest('label'))).to.equal(en.saved.remember);
    await expect(el).to.be.accessible();

    const unticked = await payByCard(who, false);
    expect(await smsInput(unticked.recording)).not.to.have.property('saveCard');
    // Nothing saved: the next checkout goes straight to the bank step.
    const next = await mountFor(who);
    await waitForStep(next.el, 'bank');
    expect(rootOf(next.el).querySelector('umf-saved-cards')).to.equal(null);

    const ticked = await payByCard(who, true);
    expect(await smsInput(ticked.recording)).to.have.property('saveCard', true);
  });

  it('says the card will be saved when saveCard is ALWAYS, and offers nothing for NEVER', async () => {
    const cases = [
      { saveCard: 'ALWAYS', note: en.saved.willSave },
      { saveCard: 'NEVER', note: null },
    ];
    for (const { saveCard, note } of cases) {
      const { el } = await mountFor({ customerId: newCustomer(), phone: '' }, { saveCard });
      await chooseBank(el);
      expect(rememberBox(el), saveCard).to.equal(null);
      const notes = [...rootOf(el).querySelectorAll('[data-step] .note')].map(textOf);
      expect(notes, saveCard).to.deep.equal(note ? [note] : []);
    }
  });

  it('offers nothing to a checkout without a customer', async () => {
    const { el } = await mountFor(null);
    await chooseBank(el);
    expect(rememberBox(el)).to.equal(null);
    expect(rootOf(el).querySelector('[data-step] .note')).to.equal(null);
  });
});

describe('<umf-checkout> saved cards', () => {
  let who: Customer;
  before(async function () {
    this.timeout(40_000);
    who = await customerWithCard();
  });

  for (const locale of ['en', 'zh-CN'] as const) {
    it(`shows the saved card first: bank, last four, an icon (${locale})`, async () => {
      const t = T[locale];
      const { el } = await savedCardsShown(who, { locale });
      const [card] = savedButtons(el);
      const bank = locale === 'en' ? 'Industrial and Commercial Bank of China' : '中国工商银行';
      expect(textOf(card.querySelector('.method-name'))).to.equal(t.saved.pay(bank, LAST_FOUR));
      expect(textOf(card.querySelector('.method-hint'))).to.equal(t.debit);
      expect(card.querySelector('.method-icon svg')).to.exist;
      // First: before every other way to pay, the bank card ("use another card") among them.
      const buttons = [...rootOf(el).querySelectorAll('[data-step] button')];
      expect(buttons.indexOf(card)).to.equal(0);
      expect(control(el, '#umf-method-CARD')).to.exist;
      expect(textOf(control(el, 'umf-saved-cards h3:last-of-type'))).to.equal(t.saved.otherWays);
      await expect(el).to.be.accessible();
    });
  }

  it('pays the saved card with only the SMS code: nothing typed, no card sent', async function () {
    this.timeout(30_000);
    const { el, recording } = await savedCardsShown(who);
    const success = nextEvent<{ checkout: { status: string } }>(el, 'umf-success', 20_000);
    const before = await newestPayment(who.phone);
    savedButtons(el)[0].click();
    await waitForStep(el, 'sms');
    // The BFF never knew the card's phone: UMF texts the phone the card was saved with.
    expect(textOf(control(el, '#umf-sms-sent'))).to.equal(
      'Your bank sent a 6-digit code to this card’s phone.',
    );
    await expect(el).to.be.accessible();
    await enterSmsCode(el, await smsCodeAfter(who.phone, before));
    expect((await success).checkout.status).to.equal('SUCCEEDED');
    const sent = await operations(recording);
    expect(sent).to.include.members(['SendSavedCardSmsCode', 'ConfirmSavedCardPayment']);
    expect(sent).not.to.include.members(['SendSmsCode', 'ConfirmPayment']);
    await recording.assertNeverSent(CARDS.debit);
  });

  it('goes back from the saved card’s SMS step to the saved cards and the other ways', async () => {
    const { el } = await savedCardsShown(who);
    savedButtons(el)[0].click();
    await waitForStep(el, 'sms');
    control<HTMLButtonElement>(el, '[data-step] button.link.center').click();
    await waitForStep(el, 'method');
    expect(savedButtons(el)).to.have.length(1);
    // "Use another card": the bank card method is still there and leads to the banks.
    control<HTMLButtonElement>(el, '#umf-method-CARD').click();
    await waitForStep(el, 'bank');
  });

  it('reads the saved card to a second customer, or to no customer, never', async () => {
    for (const other of [{ customerId: newCustomer(), phone: '' }, null]) {
      const { el, clientSecret } = await mountFor(other);
      // What the page is given holds no saved card; one method: straight to the banks.
      const api = createApi({ endpoint: await bffEndpoint() });
      const { checkout } = await api.request<{ checkout: Checkout }>('Checkout', { clientSecret });
      expect(checkout.savedCards).to.deep.equal([]);
      await waitForStep(el, 'bank');
      expect(rootOf(el).querySelector('umf-saved-cards')).to.equal(null);
    }
  });
});

describe('<umf-checkout> removing a saved card', () => {
  it('removes nothing on the first press; the confirmation removes it, for good', async function () {
    this.timeout(40_000);
    const who = await customerWithCard();
    const { el, recording } = await savedCardsShown(who);
    const details = control<HTMLDetailsElement>(el, '[part~=saved-remove]');
    const summary = control<HTMLElement>(el, '[part~=saved-remove] summary');
    expect(summary.getAttribute('aria-label')).to.equal(
      `${en.saved.remove} ${en.saved.pay('Industrial and Commercial Bank of China', LAST_FOUR)}`,
    );
    // A double click on "Remove" opens and closes the question; nothing is sent.
    summary.click();
    expect(details.open).to.equal(true);
    await expect(el).to.be.accessible();
    summary.click();
    expect(details.open).to.equal(false);
    expect(await operations(recording)).not.to.include('RemoveSavedCard');
    expect(savedButtons(el)).to.have.length(1);

    summary.click();
    expect(textOf(details.querySelector('p'))).to.equal(en.saved.confirm);
    control<HTMLButtonElement>(el, '[part~=saved-remove-confirm]').click();
    await waitFor(() => savedButtons(el).length === 0, 'the card is still listed');
    expect(await operations(recording)).to.include('RemoveSavedCard');
    await waitFor(() => textOf(control(el, '#umf-live')) === en.saved.removed, 'no announcement');
    expect(rootOf(el).activeElement?.matches('[data-heading]'), 'focus on the heading').to.equal(
      true,
    );
    // The methods stay usable (nothing left waiting) and the next checkout has no saved card.
    expect(control<HTMLButtonElement>(el, '#umf-method-CARD').disabled).to.equal(false);
    const next = await mountFor(who);
    await waitForStep(next.el, 'bank');
    expect(rootOf(next.el).querySelector('umf-saved-cards')).to.equal(null);
  });
});

const focused = (el: HTMLElement) => rootOf(el).activeElement as HTMLElement | null;
const press = (key: string) => sendKeys({ press: key });

/** What a focused control is: its id, its part, or its text. */
function nameOf(node: Element | null): string {
  if (!node) return '(nothing)';
  if (node.id) return `#${node.id}`;
  const part = node.getAttribute('part') ?? node.parentElement?.getAttribute('part');
  return `${node.localName}${part ? `[${part}]` : ''}`;
}

describe('<umf-checkout> saved cards by keyboard', () => {
  it('tabs from the heading to the saved card, its Remove, then the other ways to pay', async function () {
    this.timeout(40_000);
    const { el } = await savedCardsShown(await customerWithCard());
    control(el, '[data-step] [data-heading]').focus();
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      await press('Tab');
      order.push(nameOf(focused(el)));
    }
    expect(order).to.deep.equal([
      'button[method saved-pay]',
      'summary[saved-remove]',
      '#umf-method-CARD',
    ]);
  });

  it('pays the saved card with Enter, then the SMS code typed and Enter', async function () {
    this.timeout(40_000);
    const who = await customerWithCard();
    const { el } = await savedCardsShown(who);
    const success = nextEvent<{ checkout: { status: string } }>(el, 'umf-success', 20_000);
    const before = await newestPayment(who.phone);
    savedButtons(el)[0].focus();
    await press('Enter');
    await waitForStep(el, 'sms');
    await waitFor(() => focused(el)?.matches('[data-heading]'), 'the heading never got focus');
    await press('Tab');
    expect(nameOf(focused(el))).to.equal('#umf-smsCode');
    await sendKeys({ type: await smsCodeAfter(who.phone, before) });
    await press('Enter');
    expect((await success).checkout.status).to.equal('SUCCEEDED');
  });

  it('removes a saved card only with Enter on its confirmation, and keeps focus on the step', async function () {
    this.timeout(40_000);
    const { el, recording } = await savedCardsShown(await customerWithCard());
    const details = control<HTMLDetailsElement>(el, '[part~=saved-remove]');
    control(el, '[part~=saved-remove] summary').focus();
    await press('Enter');
    expect(details.open).to.equal(true);
    await press('Enter');
    expect(details.open).to.equal(false);
    expect(await operations(recording)).not.to.include('RemoveSavedCard');
    await press('Enter');
    await press('Tab');
    expect(nameOf(focused(el))).to.equal('button[saved-remove-confirm]');
    expect(textOf(focused(el))).to.equal(en.saved.removeYes);
    await press('Enter');
    await waitFor(() => savedButtons(el).length === 0, 'the card is still listed');
    await waitFor(() => focused(el)?.matches('[data-heading]'), 'the heading never got focus');
    await press('Tab');
    expect(nameOf(focused(el))).to.equal('#umf-method-CARD');
  });

  it('ticks "remember this card" with Space', async () => {
    const { el } = await mountFor(
      { customerId: newCustomer(), phone: uniquePhone() },
      { saveCard: 'ASK' },
    );
    await chooseBank(el);
    control(el, '#umf-phone').focus();
    await press('Tab');
    expect(nameOf(focused(el))).to.equal('#umf-remember');
    await press('Space');
    expect(rememberBox(el)?.checked).to.equal(true);
    await press('Tab');
    expect(textOf(focused(el))).to.equal(en.getCode);
  });
});
