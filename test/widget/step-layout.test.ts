/// <reference types="mocha" />
// What the customer sees of the bank tiles, the chosen bank and the QR step at phone widths, in
// both locales, against the real BFF: names wrap between words and are never cut, the bank code
// shows, "Change" stays beside the bank, and the QR code can be opened on the phone itself.
import { expect } from '@open-wc/testing';
import { type Checkout, createApi } from '../../widget/api/client.ts';
import '../../widget/index.ts';
import type { Translation } from '../../widget/localize/localize.ts';
import { en } from '../../widget/localize/translations/en.ts';
import { zhCN } from '../../widget/localize/translations/zh-CN.ts';
import { bffEndpoint } from './support/bff.ts';
import { mountCheckout, typeInto } from './support/checkout.ts';
import { chooseBank, control, rootOf, textOf, waitFor, waitForStep } from './support/customer.ts';

/** The checkout as the BFF has it now (read directly, not through the recording). */
async function serverCheckout(clientSecret: string): Promise<Checkout> {
  const api = createApi({ endpoint: await bffEndpoint() });
  const { checkout } = await api.request<{ checkout: Checkout }>('Checkout', { clientSecret });
  return checkout;
}

/** The tiles left after searching the bank grid. */
async function search(el: HTMLElement, query: string) {
  await waitForStep(el, 'bank');
  await waitFor(() => rootOf(el).querySelector('button.bank'), 'no banks');
  typeInto(control<HTMLInputElement>(el, '#umf-bank-search'), query);
  return waitFor(() => {
    const tiles = rootOf(el).querySelectorAll<HTMLButtonElement>('button.bank');
    return tiles.length === 1 ? tiles[0] : null;
  }, `not one tile for ${query}`);
}

/** The top of each character's line box, per text node (a node is one word of a name). */
function lineTops(node: Element): number[][] {
  const tops: number[][] = [];
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const value = text.textContent ?? '';
    if (!value.trim()) continue;
    const word: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      word.push(Math.round(range.getBoundingClientRect().top));
    }
    tops.push(word);
  }
  return tops;
}

for (const t of [zhCN, en] as Translation[]) {
  const locale = t.locale;
  const zh = locale === 'zh-CN';

  describe(`<umf-checkout> bank tiles in ${locale}`, () => {
    it('shows the bank code on the tile, muted beside the other name', async () => {
      const { el } = await mountCheckout({ locale, methods: ['DEBIT_CARD'] });
      el.style.width = '320px';
      const tile = await search(el, 'ICBC');
      const code = tile.querySelector<HTMLElement>('.bank-code');
      expect(textOf(code)).to.equal('ICBC');
      expect(code?.getBoundingClientRect().width).to.be.greaterThan(0);
      expect(textOf(tile.querySelector('.bank-name'))).to.equal(
        zh ? '中国工商银行' : 'Industrial and Commercial Bank of China',
      );
    });

    it(`uses ${zh ? 'a Chinese character' : 'the code’s first letter'} as the monogram`, async () => {
      const { el } = await mountCheckout({ locale, methods: ['DEBIT_CARD'] });
      const tile = await search(el, 'ICBC');
      expect(textOf(tile.querySelector('.monogram'))).to.equal(zh ? '工' : 'I');
    });

    it('wraps a long name between words without cutting it', async () => {
      const { el } = await mountCheckout({ locale, methods: ['CREDIT_CARD'] });
      // Narrower than any phone: the name must wrap.
      el.style.width = '200px';
      const tile = await search(el, 'CSRCB');
      const name = tile.querySelector<HTMLElement>('.bank-name');
      if (!name) throw new Error('no .bank-name');
      expect(textOf(name)).to.equal(
        zh ? '江苏常熟农村商业银行' : 'Jiangsu Changshu Rural Commercial Bank',
      );
      expect(name.scrollHeight, 'the name is clipped').to.be.at.most(name.clientHeight + 1);
      const words = lineTops(name);
      const lines = new Set(words.flat());
      expect(lines.size, 'the name did not wrap').to.be.greaterThan(1);
      if (zh) {
        expect(words.length, 'no word breaks in the Chinese name').to.be.greaterThan(1);
        for (const word of words) expect(new Set(word).size, 'a word was split').to.equal(1);
      }
    });
  });

  describe(`<umf-checkout> chosen bank in ${locale}`, () => {
    for (const width of [320, 360, 420]) {
      it(`keeps Change on the right of the bank’s name at ${width} px`, async () => {
        const { el } = await mountCheckout({ locale, methods: ['DEBIT_CARD'] });
        el.style.width = `${width}px`;
        await chooseBank(el);
        const name = control(el, '[part~=chosen-bank] .chosen-name').getBoundingClientRect();
        const change = control(el, '[part~=chosen-bank] button').getBoundingClientRect();
        expect(change.left, 'Change is not beside the name').to.be.at.least(name.right);
        expect(change.top, 'Change is below the name').to.be.below(name.bottom);
        const box = control(el, '[part~=chosen-bank]').getBoundingClientRect();
        expect(change.right).to.be.at.most(box.right);
      });
    }
  });

  describe(`<umf-checkout> QR step in ${locale}`, () => {
    it('links to the QR code’s content for a customer paying on the same phone', async () => {
      const { el, clientSecret } = await mountCheckout({ locale, methods: ['WECHAT_SCAN'] });
      await waitForStep(el, 'qr');
      const qr = await waitFor(
        () => rootOf(el).querySelector<HTMLElement>('[part~=qr][data-qr-content]'),
        'no QR content on the code',
      );
      const { attempt } = await serverCheckout(clientSecret);
      expect(qr.dataset.qrContent).to.equal(attempt?.qrContent);
      const link = control<HTMLAnchorElement>(el, 'a[part~=qr-link]');
      expect(link.getAttribute('href')).to.equal(attempt?.qrContent);
      expect(link.getAttribute('target')).to.equal('_blank');
      expect(link.getAttribute('rel')).to.equal('noopener');
      expect(textOf(link)).to.equal(t.qrOpen(t.qrApps.WECHAT_SCAN));
      await expect(el).to.be.accessible();
    });
  });
}
