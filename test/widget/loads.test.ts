/// <reference types="mocha" />
// <umf-checkout>'s loads against the real BFF, with the answers held back by the recording
// proxy: a newer load wins over a slower older one, and an element taken off the page stops
// loading and following its checkout (and starts again when it is put back).
import { expect, fixtureSync, html } from '@open-wc/testing';
import '../../widget/index.ts';
import type { UmfReadyEvent } from '../../widget/index.ts';
import { zhCN } from '../../widget/localize/translations/zh-CN.ts';
import { createCheckout, type Recording, recordingEndpoint } from './support/bff.ts';
import { nextEvent } from './support/checkout.ts';
import { control, textOf, waitFor } from './support/customer.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The POSTs the page sent through the recording, by operation, with their variables. */
async function posts(recording: Recording) {
  return (await recording.requests())
    .filter((r) => r.method === 'POST')
    .map((r) => JSON.parse(r.body) as { operationName: string; variables: Record<string, string> });
}

/** Resolves once the recording has seen `count` POSTs (they reached the BFF). */
async function sent(recording: Recording, count: number) {
  for (let tries = 0; (await posts(recording)).length < count; tries++) {
    if (tries > 100) throw new Error(`the BFF never got ${count} POSTs`);
    await sleep(50);
  }
}

type SentRequest = { operation?: string; signal?: AbortSignal; outcome: string };
type MerchantWindow = Window & {
  asked?: string[];
  ready?: boolean;
  sent?: SentRequest[];
  firstView?: { frame: boolean; hidden?: boolean };
};

/**
 * A merchant's page of its own (the bundle evaluated afresh) in a frame:
 * support/first-read.html, with <umf-checkout> on `recording` for `clientSecret`.
 */
function merchantPage(recording: Recording, clientSecret: string) {
  const frame = document.createElement('iframe');
  const query = new URLSearchParams({ endpoint: recording.endpoint, clientSecret });
  frame.src = `/test/widget/support/first-read.html?${query}`;
  document.body.append(frame);
  return { frame, page: () => frame.contentWindow as MerchantWindow | null };
}

/** merchantPage() for a card checkout of its own whose Checkout answer is held back 2 s. */
async function heldMerchantPage() {
  const checkout = await createCheckout({ amount: '100.00', methods: ['DEBIT_CARD'] });
  const recording = await recordingEndpoint();
  await recording.delayAnswers(2000);
  return { recording, ...merchantPage(recording, checkout.clientSecret) };
}

describe('<umf-checkout> loads', () => {
  it('asks for the checkout when it connects, before its first render, and once', async () => {
    const checkout = await createCheckout({ amount: '100.00', methods: ['DEBIT_CARD'] });
    const recording = await recordingEndpoint();
    const el = document.createElement('umf-checkout') as HTMLElement & { hasUpdated: boolean };
    el.setAttribute('endpoint', recording.endpoint);
    el.setAttribute('client-secret', checkout.clientSecret);
    el.setAttribute('locale', 'zh-CN');
    const asked: string[] = [];
    const realFetch = window.fetch;
    // Records what the page sends (and sends it): the request must leave on connect.
    window.fetch = (input, init) => {
      asked.push(JSON.parse(String(init?.body ?? '{}')).operationName);
      return realFetch.call(window, input, init);
    };
    try {
      document.body.append(el);
      expect(asked).to.deep.equal(['Checkout']);
      expect(el.hasUpdated).to.equal(false);
    } finally {
      window.fetch = realFetch;
    }
    await nextEvent(el, 'umf-ready');
    expect((await posts(recording)).filter((p) => p.operationName === 'Checkout')).to.have.length(
      1,
    );
    el.remove();
  });

  it('sends the read of an element already in the page as the bundle starts, and uses it', async () => {
    const checkout = await createCheckout({ amount: '100.00', methods: ['DEBIT_CARD'] });
    const recording = await recordingEndpoint();
    const { frame, page } = merchantPage(recording, checkout.clientSecret);
    try {
      await waitFor(() => page()?.ready, 'umf-ready in the page');
      expect(page()?.asked).to.deep.equal(['before Lit']);
      const reads = (await posts(recording)).filter((p) => p.operationName === 'Checkout');
      expect(reads).to.have.length(1);
      const el = frame.contentDocument?.querySelector('umf-checkout');
      expect(el?.shadowRoot?.querySelector('[data-step]')).to.exist;
    } finally {
      frame.remove();
    }
  });

  it('builds its loading frame before its texts arrive, and shows it when they do', async () => {
    const { frame, page } = await heldMerchantPage();
    try {
      await waitFor(() => page()?.firstView, 'the bundle ran');
      // Built as the bundle ran, while the answer and the locale's texts were on their way; not
      // shown without its words.
      expect(page()?.firstView).to.deep.equal({ frame: true, hidden: true });
      // The texts come long before the held answer, and the frame shows, in the locale.
      const el = frame.contentDocument?.querySelector('umf-checkout') as HTMLElement;
      await waitFor(
        () => textOf(control(el, '[part~=footer]')) === zhCN.securedBy,
        'the footer in zh-CN',
        1000,
      );
      expect(textOf(control(el, '[part~=result]'))).to.equal(zhCN.loading);
      const base = control(el, '[part~=base]');
      expect(base.hidden).to.equal(false);
      expect(base.getAttribute('aria-label')).to.equal(zhCN.region);
      expect(page()?.ready).to.equal(undefined);
      await waitFor(() => page()?.ready, 'umf-ready in the page');
    } finally {
      frame.remove();
    }
  });

  it('cancels the read the bundle sent when the element leaves the page before the answer', async () => {
    const { recording, frame, page } = await heldMerchantPage();
    try {
      await sent(recording, 1);
      const read = page()?.sent?.find((r) => r.operation === 'Checkout');
      expect(read?.outcome).to.equal('pending');
      frame.contentDocument?.querySelector('umf-checkout')?.remove();
      // Well before the held answer: the request was given up, not left to answer.
      await waitFor(() => read?.outcome !== 'pending', 'the read ended', 1000);
      expect(read?.outcome).to.equal('AbortError');
      expect(page()?.ready).to.equal(undefined);
    } finally {
      frame.remove();
    }
  });

  it('ends its live updates when the frame it is in is removed', async () => {
    const checkout = await createCheckout({ amount: '100.00', methods: ['DEBIT_CARD'] });
    const recording = await recordingEndpoint();
    const { frame, page } = merchantPage(recording, checkout.clientSecret);
    await waitFor(() => page()?.ready, 'umf-ready in the page');
    const stream = await waitFor(
      () => page()?.sent?.find((r) => r.operation === 'CheckoutUpdated'),
      'the live updates started',
    );
    expect(stream.signal?.aborted).to.equal(false);
    // The frame goes with the element still in it: no disconnectedCallback, only pagehide.
    frame.remove();
    expect(stream.signal?.aborted).to.equal(true);
  });

  it('shows the newer checkout when the answer for the older one arrives later', async () => {
    const older = await createCheckout({
      amount: '100.00',
      methods: ['WECHAT_SCAN', 'DEBIT_CARD'],
    });
    const newer = await createCheckout({
      amount: '200.00',
      methods: ['WECHAT_SCAN', 'DEBIT_CARD'],
    });
    const recording = await recordingEndpoint();
    // The first Checkout answer (the older one) comes 1.5 s late; the second at once.
    await recording.delayAnswers(1500);
    const el = fixtureSync<HTMLElement & { clientSecret: string }>(html`<umf-checkout
      endpoint=${recording.endpoint} client-secret=${older.clientSecret} locale="en"></umf-checkout>`);
    const readies: UmfReadyEvent['detail'][] = [];
    el.addEventListener('umf-ready', (event) => readies.push((event as UmfReadyEvent).detail));
    await sent(recording, 1);
    el.clientSecret = newer.clientSecret;
    await nextEvent(el, 'umf-ready');
    const amount = textOf(control(el, '[part~=converted]'));
    expect(amount).to.contain('200.00');

    // Well after the older answer came back: still the newer checkout, followed live.
    await sleep(2500);
    expect(textOf(control(el, '[part~=converted]'))).to.equal(amount);
    expect(readies.map((r) => r.checkout.id)).to.deep.equal([newer.id]);
    const followed = (await posts(recording))
      .filter((p) => p.operationName === 'CheckoutUpdated')
      .map((p) => p.variables.clientSecret);
    expect(followed).to.deep.equal([newer.clientSecret]);
  });

  it('stops loading when taken off the page, and loads again when put back', async () => {
    const { clientSecret, id } = await createCheckout({ methods: ['WECHAT_SCAN', 'DEBIT_CARD'] });
    const recording = await recordingEndpoint();
    await recording.delayAnswers(1000);
    const el = fixtureSync<HTMLElement>(html`<umf-checkout
      endpoint=${recording.endpoint} client-secret=${clientSecret} locale="en"></umf-checkout>`);
    const readies: UmfReadyEvent['detail'][] = [];
    el.addEventListener('umf-ready', (event) => readies.push((event as UmfReadyEvent).detail));
    const parent = el.parentElement as HTMLElement;
    await sent(recording, 1);
    el.remove();

    // The late answer is dropped: no step shown, no event, no live subscription.
    await sleep(1800);
    expect(readies).to.deep.equal([]);
    expect(el.shadowRoot?.querySelector('[data-step]')).to.equal(null);
    expect((await posts(recording)).map((p) => p.operationName)).to.deep.equal(['Checkout']);

    parent.append(el);
    const ready = await nextEvent<UmfReadyEvent['detail']>(el, 'umf-ready');
    expect(ready.checkout.id).to.equal(id);
    expect(readies.map((r) => r.checkout.id)).to.deep.equal([id]);
  });
});
