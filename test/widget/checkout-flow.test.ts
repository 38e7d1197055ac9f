/// <reference types="mocha" />
// <umf-checkout> taken through whole payments against the real BFF + UMF sandbox, as a customer
// would: events, steps, the server's messages, reloads. Each test uses a phone number of its
// own so the sandbox's SMS list never mixes two tests' codes.
import { expect, fixture, html } from '@open-wc/testing';
import { type Checkout, createApi } from '../../widget/api/client.ts';
import type { Step } from '../../widget/flow/flow.ts';
import '../../widget/index.ts';
import type {
  UmfErrorEvent,
  UmfFailureEvent,
  UmfReadyEvent,
  UmfStepEvent,
  UmfSuccessEvent,
} from '../../widget/index.ts';
import { en } from '../../widget/localize/translations/en.ts';
import {
  bffEndpoint,
  CARDS,
  decryptWithUmfKey,
  newestSmsCode,
  RESIDENT_ID,
  scanQr,
} from './support/bff.ts';
import { mountCheckout, nextEvent } from './support/checkout.ts';
import {
  chooseBank,
  control,
  enterSmsCode,
  fillCard,
  requestSms,
  rootOf,
  submit,
  textOf,
  uniquePhone,
  waitFor,
  waitForStep,
} from './support/customer.ts';

/** The checkout as the BFF has it now (read directly, not through the recording). */
async function serverCheckout(clientSecret: string): Promise<Checkout> {
  const api = createApi({ endpoint: await bffEndpoint() });
  const { checkout } = await api.request<{ checkout: Checkout }>('Checkout', { clientSecret });
  return checkout;
}

/** Every umf-step detail from now on. */
function recordSteps(el: HTMLElement): { step: Step; previous: Step }[] {
  const steps: { step: Step; previous: Step }[] = [];
  el.addEventListener('umf-step', (event) => steps.push((event as UmfStepEvent).detail));
  return steps;
}

/** A mounted card-only checkout on its bank step. */
const mountCards = (methods = ['DEBIT_CARD']) => mountCheckout({ methods });

describe('<umf-checkout> card payments', () => {
  it('pays by debit card through bank, card and SMS steps and reports success', async () => {
    const phone = uniquePhone();
    const { el, checkoutId, ready } = await mountCheckout({ amount: '25.00' });
    expect((ready as UmfReadyEvent['detail']).step).to.equal('method');
    const steps = recordSteps(el);
    const success = nextEvent<UmfSuccessEvent['detail']>(el, 'umf-success', 20_000);
    control<HTMLButtonElement>(el, '#umf-method-CARD').click();
    await chooseBank(el);
    await requestSms(el, { cardNumber: CARDS.debit, phone });
    await enterSmsCode(el, await newestSmsCode(phone));
    const { checkout } = await success;
    expect(checkout.id).to.equal(checkoutId);
    expect(checkout.status).to.equal('SUCCEEDED');
    expect(checkout.amount).to.deep.equal({ amount: '25.00', currency: 'USD' });
    expect(checkout.amountCny?.currency).to.equal('CNY');
    // Processing may be skipped when the result arrives before the step renders.
    expect(steps.map((s) => s.step).filter((s) => s !== 'processing')).to.deep.equal([
      'bank',
      'card',
      'sms',
      'result',
    ]);
    expect(steps.map((s) => s.previous).slice(0, 3)).to.deep.equal(['method', 'bank', 'card']);
    expect(textOf(control(el, '[data-heading]'))).to.equal(en.successHeading);
  });

  it('never sends the card number, CVV2, expiry, holder name or resident ID in clear', async () => {
    const phone = uniquePhone();
    const { el, recording } = await mountCards(['CREDIT_CARD']);
    const success = nextEvent(el, 'umf-success', 20_000);
    await chooseBank(el);
    const card = {
      cardNumber: CARDS.credit,
      expiry: '11/37',
      cvv2: '737',
      holderName: 'Zhang Sanfeng',
      phone,
    };
    await requestSms(el, card);
    await enterSmsCode(el, await newestSmsCode(phone));
    await success;
    const posts = (await recording.requests()).filter((r) => r.method === 'POST');
    const sent = posts.find((r) => JSON.parse(r.body).operationName === 'SendSmsCode');
    expect(posts.map((r) => JSON.parse(r.body).operationName)).to.include('ConfirmPayment');
    // What did leave the page is the card, encrypted for UMF.
    const encrypted = JSON.parse(sent?.body ?? '{}').variables.input.card;
    expect(await decryptWithUmfKey(encrypted.number)).to.equal(CARDS.credit);
    expect(await decryptWithUmfKey(encrypted.cvv2)).to.equal('737');
    expect(await decryptWithUmfKey(encrypted.expiry)).to.equal('3711', 'YYMM, as the key says');
    await recording.assertNeverSent(
      CARDS.credit,
      '6258 0700 0009 0000',
      '1137',
      '3711',
      '11/37',
      '"737"',
      card.holderName,
      RESIDENT_ID,
    );
  });

  it('shows the bank’s refusal of the card details with the server’s message', async () => {
    const { el } = await mountCards();
    await chooseBank(el);
    const shown = nextEvent<UmfErrorEvent['detail']>(el, 'umf-error');
    await fillCard(el, { cardNumber: CARDS.incorrect, phone: uniquePhone() });
    submit(el);
    const error = await shown;
    expect(error.code).to.equal('CARD_REJECTED');
    expect(error.message).to.not.equal('');
    const where = error.field ? `#umf-${error.field}-error` : '#umf-notice';
    const text = await waitFor(() => textOf(rootOf(el).querySelector(where)), `no ${where}`);
    expect(text).to.equal(error.message);
    await waitForStep(el, 'card');
    const live = control(el, '#umf-live');
    await waitFor(() => textOf(live) === error.message, 'the refusal was not announced', 3000);
  });

  it('rejects a wrong SMS code on its field, then pays with the right one', async () => {
    const phone = uniquePhone();
    const { el } = await mountCards();
    await chooseBank(el);
    await requestSms(el, { cardNumber: CARDS.debit, phone });
    const code = await newestSmsCode(phone);
    const wrong = code === '000000' ? '111111' : '000000';
    const shown = nextEvent<UmfErrorEvent['detail']>(el, 'umf-error');
    await enterSmsCode(el, wrong);
    const error = await shown;
    expect(error).to.include({ code: 'INVALID_SMS_CODE', field: 'smsCode' });
    await waitForStep(el, 'sms');
    const message = await waitFor(
      () => textOf(rootOf(el).querySelector('#umf-smsCode-error')),
      'no SMS code error',
    );
    expect(message).to.equal(error.message);
    const input = control<HTMLInputElement>(el, '#umf-smsCode');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    await waitFor(() => rootOf(el).activeElement === input, 'the code field never got focus');
    expect(input.value, 'a refused code must be typed again').to.equal('');
    const success = nextEvent(el, 'umf-success', 20_000);
    await enterSmsCode(el, code);
    await success;
  });

  it('offers another card after a declined payment, and the other card pays', async () => {
    const { el } = await mountCards();
    await chooseBank(el);
    const firstPhone = uniquePhone();
    const failure = nextEvent<UmfFailureEvent['detail']>(el, 'umf-failure', 20_000);
    await requestSms(el, { cardNumber: CARDS.insufficient, phone: firstPhone });
    await enterSmsCode(el, await newestSmsCode(firstPhone));
    const failed = await failure;
    expect(failed.code).to.equal('INSUFFICIENT_FUNDS');
    expect(failed.canRetry).to.equal(true);
    await waitForStep(el, 'result');
    expect(textOf(control(el, '[data-heading]'))).to.equal(en.failureHeading);
    expect(textOf(control(el, '[part~=failure-reason]'))).to.equal(failed.message);

    const retry = control<HTMLButtonElement>(el, '[data-step] button[part~=retry]');
    expect(textOf(retry)).to.equal(en.tryAnotherCard);
    retry.click();
    await waitForStep(el, 'card');
    const secondPhone = uniquePhone();
    const success = nextEvent(el, 'umf-success', 20_000);
    await requestSms(el, { cardNumber: CARDS.debit, phone: secondPhone });
    await enterSmsCode(el, await newestSmsCode(secondPhone));
    await success;
  });

  it('counts the resend button down to the server’s retry time', async () => {
    const { el, clientSecret } = await mountCards();
    await chooseBank(el);
    await requestSms(el, { cardNumber: CARDS.debit, phone: uniquePhone() });
    const { attempt } = await serverCheckout(clientSecret);
    const retryAt = Date.parse(attempt?.smsRetryAt ?? '');
    expect(retryAt).to.be.greaterThan(Date.now());
    const resend = control<HTMLButtonElement>(el, 'button[part~=resend]');
    expect(resend.disabled).to.equal(true);
    const seconds = (text: string) => Number(/Resend in (\d+) s/.exec(text)?.[1] ?? Number.NaN);
    const first = seconds(textOf(resend));
    const expected = Math.ceil((retryAt - Date.now()) / 1000);
    expect(first).to.be.within(expected - 1, expected + 1);
    // The clock ticks every second: the next number shows within about a second.
    const next = await waitFor(() => {
      const now = seconds(textOf(resend));
      return now < first ? now : 0;
    }, 'the countdown never moved');
    expect(next).to.be.within(first - 2, first - 1);
    expect(resend.disabled).to.equal(true);
  });

  it('resumes on the card form after a reload once the SMS code was sent, and pays', async () => {
    const phone = uniquePhone();
    const { el, clientSecret, recording } = await mountCards();
    await chooseBank(el, 'CMB');
    await requestSms(el, { cardNumber: CARDS.debit, phone });
    el.remove();

    // The page reloads: a new element with the same client secret.
    const again = await fixture<HTMLElement>(html`<umf-checkout locale="en"></umf-checkout>`);
    const ready = nextEvent<UmfReadyEvent['detail']>(again, 'umf-ready');
    again.setAttribute('endpoint', recording.endpoint);
    again.setAttribute('client-secret', clientSecret);
    expect((await ready).step).to.equal('card');
    await waitForStep(again, 'card');
    expect(textOf(control(again, '[part~=note]'))).to.equal(en.resumeNote);
    expect(textOf(control(again, '[part~=chosen-bank]'))).to.match(/China Merchants Bank|CMB/);

    // Retyping the same card and phone continues to the code already sent.
    await fillCard(again, { cardNumber: CARDS.debit, phone });
    submit(again);
    await waitForStep(again, 'sms');
    const success = nextEvent(again, 'umf-success', 20_000);
    await enterSmsCode(again, await newestSmsCode(phone));
    await success;
  });
});

describe('<umf-checkout> QR payments and methods', () => {
  it('shows a WeChat QR code and succeeds when the customer scans and pays', async () => {
    const { el, clientSecret, ready } = await mountCheckout({ methods: ['WECHAT_SCAN'] });
    expect((ready as UmfReadyEvent['detail']).step).to.equal('qr');
    await waitFor(() => rootOf(el).querySelector('[part~=qr] svg[role=img]'), 'no QR code');
    const { attempt } = await serverCheckout(clientSecret);
    expect(attempt?.qrContent).to.be.a('string');
    const success = nextEvent<UmfSuccessEvent['detail']>(el, 'umf-success', 20_000);
    await scanQr(attempt?.qrContent ?? '');
    expect((await success).checkout.status).to.equal('SUCCEEDED');
    await waitForStep(el, 'result');
  });

  it('offers only the methods the methods attribute names', async () => {
    const { el, ready } = await mountCheckout({ methodsAttribute: 'DEBIT_CARD ALIPAY_SCAN' });
    expect((ready as UmfReadyEvent['detail']).step).to.equal('method');
    const offered = [...rootOf(el).querySelectorAll<HTMLButtonElement>('button.method')];
    expect(offered.map((b) => b.value)).to.deep.equal(['CARD', 'ALIPAY_SCAN']);
  });

  it('accepts a comma separated methods attribute', async () => {
    const { el } = await mountCheckout({ methodsAttribute: 'WECHAT_SCAN,ALIPAY_SCAN' });
    const offered = [...rootOf(el).querySelectorAll<HTMLButtonElement>('button.method')];
    expect(offered.map((b) => b.value)).to.deep.equal(['WECHAT_SCAN', 'ALIPAY_SCAN']);
  });

  it('skips the method step when one method is left', async () => {
    const { el, ready } = await mountCheckout({ methodsAttribute: 'CREDIT_CARD' });
    expect((ready as UmfReadyEvent['detail']).step).to.equal('bank');
    await waitForStep(el, 'bank');
    expect(rootOf(el).querySelector('umf-method-step')).to.equal(null);
    // One card type: no credit/debit switch, and no way back to a method step.
    expect(rootOf(el).querySelector('input[name=cardType]')).to.equal(null);
    expect(rootOf(el).querySelector('button.back')).to.equal(null);
  });

  it('skips the method step for a checkout that offers one method', async () => {
    const { ready } = await mountCheckout({ methods: ['DEBIT_CARD'] });
    expect((ready as UmfReadyEvent['detail']).step).to.equal('bank');
  });
});

describe('<umf-checkout> without a connection', () => {
  it('shows why it could not load and a retry control instead of a blank widget', async () => {
    const el = await fixture<HTMLElement>(html`<umf-checkout locale="en"></umf-checkout>`);
    const error = nextEvent<UmfErrorEvent['detail']>(el, 'umf-error');
    // Port 9 (discard) on loopback: nothing listens, the request fails at once.
    el.setAttribute('endpoint', 'http://127.0.0.1:9/graphql');
    el.setAttribute('client-secret', 'cs_test_unreachable');
    expect((await error).code).to.equal('NETWORK');
    const retry = await waitFor(
      () => rootOf(el).querySelector<HTMLButtonElement>('button[part~=retry-request]'),
      'no retry control',
    );
    expect(textOf(retry)).to.equal(en.retry);
    expect(textOf(control(el, '#umf-load-error'))).to.equal(en.network);
    await expect(el).to.be.accessible();
  });

  it('keeps the card form and offers a retry when the connection drops mid-flow', async () => {
    const phone = uniquePhone();
    const { el, recording } = await mountCards();
    await chooseBank(el);
    await fillCard(el, { cardNumber: CARDS.debit, phone });
    await recording.setOffline(true);
    const error = nextEvent<UmfErrorEvent['detail']>(el, 'umf-error');
    submit(el);
    expect(await error).to.include({ code: 'NETWORK', message: en.network, field: null });
    const retry = await waitFor(
      () => rootOf(el).querySelector<HTMLButtonElement>('#umf-notice button[part~=retry-request]'),
      'no retry control in the notice',
    );
    expect(textOf(control(el, '#umf-notice'))).to.contain(en.network);
    expect(control<HTMLInputElement>(el, '#umf-cardNumber').value).to.equal('6222 0200 0007 0000');
    await expect(el).to.be.accessible();

    // Back online, the retry sends the same request again.
    await recording.setOffline(false);
    retry.click();
    await waitForStep(el, 'sms');
    expect(await newestSmsCode(phone)).to.match(/^\d{6}$/);
  });

  it('keeps the typed SMS code when the connection drops, and pays when it is sent again', async () => {
    const phone = uniquePhone();
    const { el, recording } = await mountCards();
    await chooseBank(el);
    await requestSms(el, { cardNumber: CARDS.debit, phone });
    const code = await newestSmsCode(phone);
    await recording.setOffline(true);
    const error = nextEvent<UmfErrorEvent['detail']>(el, 'umf-error');
    await enterSmsCode(el, code);
    expect(await error).to.include({ code: 'NETWORK', message: en.network, field: null });
    const retry = await waitFor(
      () => rootOf(el).querySelector<HTMLButtonElement>('#umf-notice button[part~=retry-request]'),
      'no retry control in the notice',
    );
    const input = control<HTMLInputElement>(el, '#umf-smsCode');
    expect(input.value, 'the digits the customer typed are kept').to.equal(code);
    expect(input.getAttribute('aria-invalid')).to.equal('false');

    await recording.setOffline(false);
    const success = nextEvent(el, 'umf-success', 20_000);
    retry.click();
    await success;
  });
});
