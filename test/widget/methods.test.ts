/// <reference types="mocha" />
// The `methods` attribute with the values the README documents (CARD WECHAT_SCAN ALIPAY_SCAN
// WECHAT_WEB HOSTED, and the checkout's own PaymentMethod values), against the real BFF: what
// the customer is offered, and that nothing starts that the page did not ask for.
import { expect } from '@open-wc/testing';
import { PAYMENT_METHODS } from '../../widget/api/client.ts';
import { parseMethods } from '../../widget/flow/methods.ts';
import '../../widget/index.ts';
import type { UmfReadyEvent } from '../../widget/index.ts';
import { mountCheckout } from './support/checkout.ts';
import { rootOf, waitForStep } from './support/customer.ts';

/** Mounts a checkout offering every method, narrowed by the attribute. */
async function mountWith(methodsAttribute: string) {
  const mounted = await mountCheckout({ methods: [...PAYMENT_METHODS], methodsAttribute });
  const { step } = mounted.ready as UmfReadyEvent['detail'];
  const buttons = [...rootOf(mounted.el).querySelectorAll<HTMLButtonElement>('button.method')];
  return { ...mounted, step, offered: buttons.map((b) => b.value) };
}

/** The operations the element sent so far. */
async function operations(recording: { requests(): Promise<{ method: string; body: string }[]> }) {
  return (await recording.requests())
    .filter((r) => r.method === 'POST')
    .map((r) => (JSON.parse(r.body) as { operationName: string }).operationName);
}

/** Runs `body` with console.warn recorded; returns what was warned. */
async function warnings(body: () => Promise<void> | void): Promise<string[]> {
  const warned: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warned.push(args.map(String).join(' '));
  try {
    await body();
  } finally {
    console.warn = original;
  }
  return warned;
}

describe('<umf-checkout methods>', () => {
  it('methods="CARD" goes to the bank step with both card types', async () => {
    const { el, step } = await mountWith('CARD');
    expect(step).to.equal('bank');
    await waitForStep(el, 'bank');
    const types = [...rootOf(el).querySelectorAll<HTMLInputElement>('input[name=cardType]')];
    expect(types.map((input) => input.value)).to.deep.equal(['DEBIT_CARD', 'CREDIT_CARD']);
  });

  it('methods="CARD ALIPAY_SCAN" offers the card and Alipay, and starts neither', async () => {
    const { recording, step, offered } = await mountWith('CARD ALIPAY_SCAN');
    expect(step).to.equal('method');
    expect(offered).to.deep.equal(['CARD', 'ALIPAY_SCAN']);
    expect(await operations(recording)).to.not.include('StartQrPayment');
  });

  it('methods="WECHAT_SCAN" shows the WeChat QR code', async () => {
    const { el, step } = await mountWith('WECHAT_SCAN');
    expect(step).to.equal('qr');
    const view = await waitForStep(el, 'qr');
    expect((view as unknown as { method: string }).method).to.equal('WECHAT_SCAN');
  });

  it('methods="ALIPAY_SCAN" shows the Alipay QR code', async () => {
    const { el, step } = await mountWith('ALIPAY_SCAN');
    expect(step).to.equal('qr');
    const view = await waitForStep(el, 'qr');
    expect((view as unknown as { method: string }).method).to.equal('ALIPAY_SCAN');
  });

  it('methods="WECHAT_WEB WECHAT_SCAN" outside WeChat offers the WeChat QR code', async () => {
    const { step } = await mountWith('WECHAT_WEB WECHAT_SCAN');
    expect(step).to.equal('qr');
  });

  it('methods="HOSTED" offers UMF\'s page on the method step (never left on its own)', async () => {
    const { recording, step, offered } = await mountWith('HOSTED');
    expect(step).to.equal('method');
    expect(offered).to.deep.equal(['HOSTED']);
    expect(await operations(recording)).to.not.include('StartHostedPayment');
  });

  it("the README's full list offers every method a browser outside WeChat can use", async () => {
    const { offered } = await mountWith('CARD WECHAT_SCAN ALIPAY_SCAN WECHAT_WEB HOSTED');
    expect(offered).to.deep.equal(['CARD', 'WECHAT_SCAN', 'ALIPAY_SCAN', 'HOSTED']);
  });

  it('ignores unknown values with a console warning naming them', async () => {
    let step = '';
    const warned = await warnings(async () => {
      ({ step } = await mountWith('CARD, PAYPAL alipay'));
    });
    expect(step).to.equal('bank');
    const about = warned.filter((text) => text.includes('methods'));
    expect(about).to.have.length(1);
    expect(about[0]).to.contain('PAYPAL').and.contain('alipay');
  });
});

describe('parseMethods (the methods converter)', () => {
  it('reads space or comma separated values, CARD as both card types', async () => {
    expect(parseMethods('CARD')).to.deep.equal(['DEBIT_CARD', 'CREDIT_CARD']);
    expect(parseMethods(' WECHAT_SCAN,ALIPAY_SCAN  HOSTED ')).to.deep.equal([
      'WECHAT_SCAN',
      'ALIPAY_SCAN',
      'HOSTED',
    ]);
    expect(parseMethods('DEBIT_CARD CARD')).to.deep.equal(['DEBIT_CARD', 'CREDIT_CARD']);
  });

  it('narrows nothing when the attribute is empty, absent or names no known method', async () => {
    expect(parseMethods(null)).to.equal(undefined);
    expect(parseMethods(' ,')).to.equal(undefined);
    const warned = await warnings(() => {
      expect(parseMethods('PAYPAL')).to.equal(undefined);
    });
    expect(warned.filter((text) => text.includes('PAYPAL'))).to.have.length(1);
  });
});
