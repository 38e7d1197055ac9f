/// <reference types="mocha" />
// Every step of <umf-checkout> in both locales, against the real BFF: the heading and labels
// come from that locale's translation, and each step passes an axe-core audit.
import { expect } from '@open-wc/testing';
import type { Choice } from '../../widget/flow/flow.ts';
import '../../widget/index.ts';
import { CURRENCIES } from '../../common/currencies.ts';
import { formatMoney, type Translation } from '../../widget/localize/localize.ts';
import { en } from '../../widget/localize/translations/en.ts';
import { zhCN } from '../../widget/localize/translations/zh-CN.ts';
import { CARDS, newestSmsCode } from './support/bff.ts';
import { type MountOptions, mountCheckout, nextEvent } from './support/checkout.ts';
import {
  chooseBank,
  control,
  enterSmsCode,
  requestSms,
  rootOf,
  textOf,
  uniquePhone,
  waitFor,
  waitForStep,
} from './support/customer.ts';

const heading = (el: HTMLElement) => textOf(control(el, '[data-step] [data-heading]'));
const labelOf = (el: HTMLElement, id: string) => textOf(control(el, `label[for=${id}]`));

/** The input a label names exists and the label reads as the translation says. */
function expectLabelled(el: HTMLElement, id: string, label: string) {
  control(el, `#${id}`);
  expect(labelOf(el, id), id).to.equal(label);
}

for (const t of [zhCN, en] as Translation[]) {
  const locale = t.locale;
  const mount = (options: MountOptions = {}) => mountCheckout({ ...options, locale });

  /** Card details as far as the SMS step, with a phone of this test's own. */
  async function toSms(cardNumber: string = CARDS.debit) {
    const phone = uniquePhone();
    const mounted = await mount({ methods: ['DEBIT_CARD'] });
    await chooseBank(mounted.el);
    await requestSms(mounted.el, { cardNumber, phone });
    return { ...mounted, phone };
  }

  describe(`<umf-checkout> steps in ${locale}`, () => {
    it('labels the widget region in the customer’s language', async () => {
      const { el } = await mount();
      const region = control(el, 'section[part~=base]');
      expect(region.getAttribute('lang')).to.equal(locale);
      expect(region.getAttribute('aria-label')).to.equal(t.region);
      expect(textOf(control(el, '[part~=footer]'))).to.equal(t.securedBy);
    });

    it('shows the method step with every method named, and passes axe', async () => {
      const { el } = await mount();
      await waitForStep(el, 'method');
      expect(heading(el)).to.equal(t.methodHeading);
      const choices: Choice[] = ['CARD', 'WECHAT_SCAN', 'ALIPAY_SCAN'];
      for (const choice of choices) {
        const button = control(el, `#umf-method-${choice}`);
        expect(textOf(button)).to.contain(t.methods[choice].name);
        expect(textOf(button)).to.contain(t.methods[choice].hint);
      }
      await expect(el).to.be.accessible();
    });

    it('shows the bank step with its search, card type switch and bank grid, and passes axe', async () => {
      const { el } = await mount({ methods: ['DEBIT_CARD', 'CREDIT_CARD'] });
      await waitForStep(el, 'bank');
      await waitFor(() => rootOf(el).querySelector('button.bank'), 'no banks');
      expect(heading(el)).to.equal(t.bankHeading);
      expectLabelled(el, 'umf-bank-search', t.searchBanks);
      expect(textOf(control(el, 'fieldset[part~=card-type] legend'))).to.equal(t.cardType);
      expect(textOf(control(el, 'fieldset[part~=card-type]'))).to.contain(t.debit);
      expect(textOf(control(el, 'fieldset[part~=card-type]'))).to.contain(t.credit);
      expect(control(el, '[part~=bank-grid]').getAttribute('aria-label')).to.equal(t.banksLabel);
      const icbc = control(el, 'button.bank[value=ICBC]');
      expect(textOf(icbc)).to.contain(locale === 'zh-CN' ? '中国工商银行' : 'Industrial');
      await expect(el).to.be.accessible();
    });

    it('shows the debit card form with every field labelled, and passes axe', async () => {
      const { el } = await mount({ methods: ['DEBIT_CARD'] });
      await chooseBank(el);
      expect(heading(el)).to.equal(t.cardHeading);
      for (const field of ['cardNumber', 'holderName', 'idNumber', 'phone'] as const) {
        expectLabelled(el, `umf-${field}`, t.fields[field].label);
      }
      expect(rootOf(el).querySelector('#umf-expiry')).to.equal(null);
      expect(rootOf(el).querySelector('#umf-cvv2')).to.equal(null);
      expect(textOf(control(el, '[part~=chosen-bank]'))).to.contain(t.debit);
      expect(textOf(control(el, '[data-step] button[type=submit]'))).to.equal(t.getCode);
      await expect(el).to.be.accessible();
    });

    it('shows the credit card form with expiry and CVV2 too, and passes axe', async () => {
      const { el } = await mount({ methods: ['CREDIT_CARD'] });
      await chooseBank(el);
      expect(heading(el)).to.equal(t.cardHeading);
      for (const field of [
        'cardNumber',
        'expiry',
        'cvv2',
        'holderName',
        'idNumber',
        'phone',
      ] as const) {
        expectLabelled(el, `umf-${field}`, t.fields[field].label);
      }
      expect(textOf(control(el, '#umf-cvv2-hint'))).to.equal(t.cvv2Hint);
      expect(control(el, '#umf-cvv2').getAttribute('aria-describedby')).to.equal('umf-cvv2-hint');
      expect(textOf(control(el, '[part~=chosen-bank]'))).to.contain(t.credit);
      await expect(el).to.be.accessible();
    });

    it('shows the SMS step with the code field, the countdown and the amount, and passes axe', async () => {
      const { el } = await toSms();
      expect(heading(el)).to.equal(t.smsHeading);
      expectLabelled(el, 'umf-smsCode', t.fields.smsCode.label);
      expect(textOf(control(el, '#umf-sms-sent'))).to.contain('****');
      const resend = textOf(control(el, 'button[part~=resend]'));
      expect(resend).to.match(/\d+/);
      expect(resend).to.equal(t.resendIn(Number(/\d+/.exec(resend)?.[0])));
      const amount = textOf(control(el, 'header [part~=amount]'));
      expect(textOf(control(el, '[data-step] button[type=submit]'))).to.equal(t.pay(amount));
      await expect(el).to.be.accessible();
    });

    it('shows the success result with the amount paid, and passes axe', async () => {
      const { el, phone } = await toSms();
      const success = nextEvent(el, 'umf-success', 20_000);
      await enterSmsCode(el, await newestSmsCode(phone));
      await success;
      await waitForStep(el, 'result');
      expect(heading(el)).to.equal(t.successHeading);
      const amount = textOf(control(el, 'header [part~=amount]'));
      expect(textOf(control(el, '[data-step] .lead'))).to.equal(t.successText(amount));
      await expect(el).to.be.accessible();
    });

    it('shows the failure result with the reason and another card to try, and passes axe', async () => {
      const { el, phone } = await toSms(CARDS.insufficient);
      const failure = nextEvent(el, 'umf-failure', 20_000);
      await enterSmsCode(el, await newestSmsCode(phone));
      await failure;
      await waitForStep(el, 'result');
      expect(heading(el)).to.equal(t.failureHeading);
      expect(textOf(control(el, '[part~=failure-reason]'))).to.not.equal('');
      expect(textOf(control(el, '[data-step] button[part~=retry]'))).to.equal(t.tryAnotherCard);
      await expect(el).to.be.accessible();
    });

    it('shows the QR step with a labelled code and its expiry, and passes axe', async () => {
      const { el } = await mount({ methods: ['ALIPAY_SCAN'] });
      await waitForStep(el, 'qr');
      const code = await waitFor(
        () => rootOf(el).querySelector('[part~=qr] svg[role=img]'),
        'no QR code',
      );
      const app = t.qrApps.ALIPAY_SCAN;
      expect(heading(el)).to.equal(t.qrHeading(app));
      expect(code.getAttribute('aria-label')).to.equal(t.qrAlt(app));
      expect(textOf(control(el, '[part~=qr-status]'))).to.equal(t.qrWaiting);
      expect(textOf(control(el, '[part~=countdown]'))).to.match(/\d+:\d\d/);
      expect(textOf(control(el, 'button[part~=refresh]'))).to.equal(t.refresh);
      await expect(el).to.be.accessible();
    });
  });
}

describe('<umf-checkout> translations', () => {
  it('has every term of English in Chinese too, and no more', () => {
    const keys = (t: object): string[] =>
      Object.entries(t).flatMap(([key, value]) =>
        value && typeof value === 'object' ? keys(value).map((k) => `${key}.${k}`) : [key],
      );
    expect(keys(zhCN).sort()).to.deep.equal(keys(en).sort());
  });
});

describe('<umf-checkout> money', () => {
  // Decimals as the schema has them (at most two decimals; the yen's rounded away).
  const AMOUNTS = [
    '0',
    '1',
    '0.5',
    '178.09',
    '12.10',
    '7.00',
    '1000',
    '1234567.5',
    '99999999.99',
    '100.49',
    '100.5',
  ];
  const intl = (locale: string, amount: string, currency: string) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount));

  for (const locale of ['en', 'zh-CN'] as const)
    it(`writes every settled currency in ${locale} as Intl.NumberFormat does`, () => {
      for (const currency of CURRENCIES)
        for (const amount of AMOUNTS)
          expect(formatMoney(locale, { amount, currency }), `${currency} ${amount}`).to.equal(
            intl(locale, amount, currency),
          );
    });

  it('writes what is not a Decimal as the code and the text as given', () => {
    for (const amount of ['1.005', '-1', '1e3', ''])
      expect(formatMoney('en', { amount, currency: 'CNY' })).to.equal(`CNY ${amount}`);
  });
});
