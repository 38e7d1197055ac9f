/// <reference types="mocha" />
// "Pay on UMF's page" (checkout method HOSTED) in <umf-checkout> against the real BFF + sandbox:
// the choice on the method step, the umf-redirect to UMF's page (the test takes it over with
// preventDefault, as a merchant's web view may), and the return: the page loads again with the
// same client secret and the element shows processing, then the result.
import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import '../../widget/index.ts';
import type { UmfRedirectEvent } from '../../widget/index.ts';
import { en } from '../../widget/localize/translations/en.ts';
import { zhCN } from '../../widget/localize/translations/zh-CN.ts';
import { CARDS, payOnHostedPage } from './support/bff.ts';
import { mountCheckout } from './support/checkout.ts';
import { control, rootOf, textOf, waitFor, waitForStep } from './support/customer.ts';

const HOSTED = '#umf-method-HOSTED';

/** Presses "pay on UMF's page"; resolves with the URL the element would send the customer to. */
async function chooseHosted(el: HTMLElement): Promise<string> {
  const redirect = new Promise<string>((resolve) => {
    el.addEventListener(
      'umf-redirect',
      (event) => {
        event.preventDefault();
        resolve((event as UmfRedirectEvent).detail.url);
      },
      { once: true },
    );
  });
  control<HTMLButtonElement>(el, HOSTED).click();
  return redirect;
}

/**
 * The customer's return: the merchant's page loads again, mounting the element anew. Resolves
 * with it and the types of the umf-* events it sent from its first render on.
 */
async function mountAgain(endpoint: string, clientSecret: string, locale = 'en') {
  const el = fixtureSync<HTMLElement>(
    html`<umf-checkout endpoint=${endpoint} client-secret=${clientSecret} locale=${locale}></umf-checkout>`,
  );
  const seen: string[] = [];
  for (const type of ['umf-ready', 'umf-step', 'umf-success', 'umf-failure'])
    el.addEventListener(type, () => seen.push(type));
  await oneEvent(el, 'umf-ready');
  return { el, seen };
}

/**
 * A checkout payable by card or on UMF's page whose customer chose UMF's page and left it (the
 * element is gone): the page's URL, the client secret and the recording endpoint to come back on.
 */
async function leaveForHostedPage() {
  const { el, clientSecret, recording } = await mountCheckout({
    methods: ['DEBIT_CARD', 'HOSTED'],
  });
  await waitForStep(el, 'method');
  const url = await chooseHosted(el);
  el.remove();
  return { url, clientSecret, endpoint: recording.endpoint };
}

/** The "pay another way" button of a step or result panel. */
const otherMethodButton = (panel: Element) =>
  [...panel.querySelectorAll('button')].find((button) => textOf(button) === en.otherMethod);

describe('<umf-checkout> pay on UMF’s page', () => {
  it('offers the choice only when HOSTED is among the checkout’s methods', async () => {
    const { el } = await mountCheckout({ methods: ['DEBIT_CARD', 'HOSTED'] });
    await waitForStep(el, 'method');
    const button = control<HTMLButtonElement>(el, HOSTED);
    expect(textOf(button)).to.include(en.methods.HOSTED.name);
    await expect(el).to.be.accessible();
    const other = await mountCheckout({ methods: ['DEBIT_CARD', 'WECHAT_SCAN'] });
    await waitForStep(other.el, 'method');
    expect(rootOf(other.el).querySelector(HOSTED)).to.equal(null);
  });

  it('names it in Chinese for a Chinese customer', async () => {
    const { el } = await mountCheckout({ methods: ['DEBIT_CARD', 'HOSTED'], locale: 'zh-CN' });
    await waitForStep(el, 'method');
    expect(textOf(control(el, HOSTED))).to.include(zhCN.methods.HOSTED.name);
    await expect(el).to.be.accessible();
  });

  it('a HOSTED-only checkout waits on the method step: leaving the page is the customer’s choice', async () => {
    const { el, ready } = await mountCheckout({ methods: ['HOSTED'] });
    expect((ready as { step: string }).step).to.equal('method');
    expect(control(el, HOSTED)).to.exist;
  });

  it('asks the BFF for UMF’s page with this page as the return URL and hands it to umf-redirect', async () => {
    const { el, recording } = await mountCheckout({ methods: ['DEBIT_CARD', 'HOSTED'] });
    await waitForStep(el, 'method');
    const url = await chooseHosted(el);
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/cashier\/PAY_/);
    const sent = (await recording.requests()).find((r) =>
      String(r.body).includes('StartHostedPayment'),
    );
    expect(JSON.parse(String(sent?.body)).variables.input.returnUrl).to.equal(
      location.href.split('#')[0],
    );
    // The checkout now awaits the customer on UMF's page: the element waits for the result.
    await waitForStep(el, 'processing');
  });

  it('back from a paid page: processing, then the success result', async () => {
    const { url, clientSecret, endpoint } = await leaveForHostedPage();
    const returnUrl = await payOnHostedPage(url, CARDS.debit);
    expect(returnUrl).to.equal(location.href.split('#')[0]);
    const { el: back, seen } = await mountAgain(endpoint, clientSecret);
    await waitFor(() => seen.includes('umf-success'), 'umf-success');
    await waitForStep(back, 'result');
    expect(textOf(rootOf(back).querySelector('[part~="result"]'))).to.include(en.successHeading);
    await expect(back).to.be.accessible();
  });

  it('back without paying (the browser’s Back button): processing, with a way to pay another way', async () => {
    const { clientSecret, endpoint } = await leaveForHostedPage();
    const { el: back } = await mountAgain(endpoint, clientSecret);
    const processing = await waitForStep(back, 'processing');
    const other = otherMethodButton(processing);
    expect(other, 'the other-method button').to.exist;
    await expect(back).to.be.accessible();
    other?.click();
    await waitForStep(back, 'method');
  });

  it('back from a declined card: the failure, and the way to pay another way', async () => {
    const { url, clientSecret, endpoint } = await leaveForHostedPage();
    await payOnHostedPage(url, CARDS.insufficient);
    const { el: back } = await mountAgain(endpoint, clientSecret);
    const result = await waitFor(() => {
      const panel = rootOf(back).querySelector('[part~="result"]');
      return textOf(panel).includes(en.failureHeading) ? panel : null;
    }, 'the failure result');
    const other = otherMethodButton(result);
    expect(other, 'the other-method button').to.exist;
    other?.click();
    await waitForStep(back, 'method');
    expect(control(back, HOSTED)).to.exist;
    await expect(back).to.be.accessible();
  });
});
