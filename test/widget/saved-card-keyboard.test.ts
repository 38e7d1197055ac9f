/// <reference types="mocha" />
// Saved cards with the keyboard only (real key presses through @web/test-runner-commands): Tab
// reaches the saved card, its "Remove" and the other ways to pay in that order; Enter pays it and
// the SMS code is typed and sent from the keyboard; removing takes Enter on "Remove" and then on
// its confirmation (Enter twice on "Remove" only opens and closes the question); Space ticks
// "remember this card".
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/index.ts';
import { en } from '../../widget/localize/translations/en.ts';
import { nextEvent } from './support/checkout.ts';
import {
  chooseBank,
  control,
  rootOf,
  textOf,
  uniquePhone,
  waitFor,
  waitForStep,
} from './support/customer.ts';
import {
  customerWithCard,
  mountFor,
  newCustomer,
  newestPayment,
  operations,
  rememberBox,
  savedButtons,
  savedCardsShown,
  smsCodeAfter,
} from './support/saved-card.ts';

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
