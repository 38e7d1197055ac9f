/// <reference types="mocha" />
// The card form's validation as the customer meets it: quiet while a valid prefix is typed, an
// error when an invalid number is left, every error on submit; each error tied to its input
// (aria-invalid, aria-describedby), announced in the live region, and nothing sent.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/index.ts';
import { en } from '../../widget/localize/translations/en.ts';
import { BAD_RESIDENT_ID, CARDS, LUHN_FAIL_CARD, PHONE } from '../support/fixtures.ts';
import { mountCheckout, typeInto } from './support/checkout.ts';
import { chooseBank, control, rootOf, submit, textOf, waitFor } from './support/customer.ts';

async function cardForm(methods = ['DEBIT_CARD']) {
  const mounted = await mountCheckout({ methods });
  await chooseBank(mounted.el);
  return mounted;
}

const input = (el: HTMLElement, field: string) => control<HTMLInputElement>(el, `#umf-${field}`);
const errorOf = (el: HTMLElement, field: string) =>
  rootOf(el).querySelector<HTMLElement>(`#umf-${field}-error`);

/** Waits for the card step to render what its last intent changed. */
async function rendered(el: HTMLElement) {
  await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  await (control(el, '[data-step]') as HTMLElement & { updateComplete: Promise<unknown> })
    .updateComplete;
}

/** Leaves the focused field as the customer does: Tab to the next one. */
const leave = () => sendKeys({ press: 'Tab' });

describe('<umf-checkout> card form errors', () => {
  it('shows no error while a valid prefix of a card number is typed', async () => {
    const { el } = await cardForm();
    input(el, 'cardNumber').focus();
    for (const key of '622202') {
      await sendKeys({ type: key });
      await rendered(el);
      expect(errorOf(el, 'cardNumber'), `after ${input(el, 'cardNumber').value}`).to.equal(null);
      expect(input(el, 'cardNumber').getAttribute('aria-invalid')).to.equal('false');
    }
  });

  it('shows an error when an invalid card number is left', async () => {
    const { el } = await cardForm();
    input(el, 'cardNumber').focus();
    await sendKeys({ type: LUHN_FAIL_CARD });
    await leave();
    await waitFor(() => errorOf(el, 'cardNumber'), 'no error after leaving the field');
    expect(textOf(errorOf(el, 'cardNumber'))).to.equal(en.fields.cardNumber.checksum);
  });

  it('shows no error when an empty field is left', async () => {
    const { el } = await cardForm();
    input(el, 'cardNumber').focus();
    await leave();
    await rendered(el);
    expect(errorOf(el, 'cardNumber')).to.equal(null);
  });

  it('ties a field’s error to its input with aria-invalid and aria-describedby', async () => {
    const { el } = await cardForm();
    input(el, 'phone').focus();
    await sendKeys({ type: '1234' });
    await leave();
    await waitFor(() => errorOf(el, 'phone'), 'no phone error');
    const phone = input(el, 'phone');
    expect(phone.getAttribute('aria-invalid')).to.equal('true');
    expect(phone.getAttribute('aria-describedby')?.split(' ')).to.include('umf-phone-error');
    expect(textOf(errorOf(el, 'phone'))).to.equal(en.fields.phone.invalid);
  });

  it('clears a field’s error once its value is valid', async () => {
    const { el } = await cardForm();
    typeInto(input(el, 'cardNumber'), LUHN_FAIL_CARD);
    input(el, 'cardNumber').blur();
    await waitFor(() => errorOf(el, 'cardNumber'), 'no error');
    typeInto(input(el, 'cardNumber'), CARDS.debit);
    await waitFor(() => !errorOf(el, 'cardNumber'), 'the error stayed');
    expect(input(el, 'cardNumber').getAttribute('aria-invalid')).to.equal('false');
    expect(input(el, 'cardNumber').hasAttribute('aria-describedby')).to.equal(false);
  });

  it('marks every missing field on submit and focuses the first', async () => {
    const { el } = await cardForm(['CREDIT_CARD']);
    submit(el);
    const fields = ['cardNumber', 'expiry', 'cvv2', 'holderName', 'idNumber', 'phone'] as const;
    await waitFor(() => fields.every((field) => errorOf(el, field)), 'not every field marked');
    for (const field of fields) {
      expect(textOf(errorOf(el, field)), field).to.equal(en.fields[field].required);
      expect(input(el, field).getAttribute('aria-invalid'), field).to.equal('true');
    }
    await waitFor(() => rootOf(el).activeElement === input(el, 'cardNumber'), 'no focus');
  });

  it('names the problem of each invalid field on submit', async () => {
    const { el } = await cardForm(['CREDIT_CARD']);
    typeInto(input(el, 'cardNumber'), CARDS.debit);
    typeInto(input(el, 'expiry'), '13/30');
    typeInto(input(el, 'cvv2'), '12');
    typeInto(input(el, 'holderName'), 'Zhang San');
    typeInto(input(el, 'idNumber'), BAD_RESIDENT_ID);
    typeInto(input(el, 'phone'), PHONE);
    submit(el);
    await waitFor(() => errorOf(el, 'idNumber'), 'no ID number error');
    expect(textOf(errorOf(el, 'expiry'))).to.equal(en.fields.expiry.month);
    expect(textOf(errorOf(el, 'cvv2'))).to.equal(en.fields.cvv2.invalid);
    expect(textOf(errorOf(el, 'idNumber'))).to.equal(en.fields.idNumber.checksum);
    expect(errorOf(el, 'cardNumber')).to.equal(null);
    await waitFor(() => rootOf(el).activeElement === input(el, 'expiry'), 'no focus');
  });

  it('announces how many fields need fixing in the live region', async () => {
    const { el } = await cardForm();
    const live = control(el, '#umf-live');
    expect(live.getAttribute('aria-live')).to.equal('polite');
    submit(el);
    await waitFor(() => textOf(live) !== '', 'nothing announced');
    expect(textOf(live)).to.equal(en.fixFields(4));
  });

  it('sends nothing while the form has errors', async () => {
    const { el, recording } = await cardForm();
    typeInto(input(el, 'cardNumber'), LUHN_FAIL_CARD);
    submit(el);
    await waitFor(() => errorOf(el, 'cardNumber'), 'no error');
    const operations = (await recording.requests())
      .filter((r) => r.method === 'POST')
      .map((r) => JSON.parse(r.body).operationName);
    expect(operations).to.not.include('SendSmsCode');
  });

  it('passes axe with errors on screen', async () => {
    const { el } = await cardForm(['CREDIT_CARD']);
    submit(el);
    await waitFor(() => errorOf(el, 'phone'), 'no errors');
    await expect(el).to.be.accessible();
  });
});
