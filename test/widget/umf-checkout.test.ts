/// <reference types="mocha" />
// <umf-checkout> mounted on a page against the real BFF: the harness's first proof. The
// step-by-step flow tests live beside it (support/README.md lists the helpers).
import { expect } from '@open-wc/testing';
import '../../widget/index.ts';
import type { UmfReadyEvent } from '../../widget/index.ts';
import { mountCheckout } from './support/checkout.ts';

describe('<umf-checkout>', () => {
  it('loads its checkout, shows the first step and passes an axe audit', async () => {
    const { el, checkoutId, recording, ready } = await mountCheckout({ amount: '12.34' });
    const detail = ready as UmfReadyEvent['detail'];
    expect(detail.checkout.id).to.equal(checkoutId);
    expect(detail.checkout.amount).to.deep.equal({ amount: '12.34', currency: 'USD' });
    expect(detail.step).to.not.equal('loading');
    await expect(el).to.be.accessible();
    const posts = (await recording.requests()).filter((r) => r.method === 'POST');
    expect(posts.map((r) => JSON.parse(r.body).operationName)).to.include('Checkout');
  });
});
