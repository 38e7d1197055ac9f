/// <reference types="mocha" />
// Each step element on its own, as a page author could use it: set its public properties, read
// what it renders, and see the intents it sends — no BFF, no <umf-checkout> around it. Every step
// passes an axe-core audit in both locales, in its plain and its busy or error state.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { CLIENT_CODE_MESSAGES } from '../../common/client-error-messages.ts';
import { messageFor } from '../../common/error-codes.ts';
import type { Bank, Checkout } from '../../widget/api/client.ts';
import type { Intent, IntentEvent } from '../../widget/flow/events.ts';
import '../../widget/index.ts';
import { fieldMessage, type Translation } from '../../widget/localize/localize.ts';
import { en } from '../../widget/localize/translations/en.ts';
import { zhCN } from '../../widget/localize/translations/zh-CN.ts';
import { definePaymentSteps, defineWalletSteps } from '../../widget/steps/on-demand.ts';
import { CARDS, PHONE, QR_CODE, RESIDENT_ID } from '../support/fixtures.ts';

const BANKS: Bank[] = [
  {
    code: 'ICBC',
    name: 'Industrial and Commercial Bank of China',
    nameZh: '中国工商银行',
    logoUrl: null,
  },
  { code: 'CMB', name: 'China Merchants Bank', nameZh: '招商银行', logoUrl: null },
  { code: 'BOC', name: 'Bank of China', nameZh: '中国银行', logoUrl: null },
];

/** A checkout; a failed attempt carries the server's code and message, as the BFF answers it. */
function checkout(
  status: Checkout['status'],
  failureCode: string | null = null,
  failureMessage: string | null = null,
): Checkout {
  return {
    id: 'chk_1',
    status,
    version: 3,
    orderId: 'ORDER-1',
    description: 'Green tea',
    amount: { amount: '100.00', currency: 'USD' },
    amountCny: null,
    exchangeRate: null,
    items: [],
    methods: ['DEBIT_CARD'],
    expiresAt: '2039-12-31T00:00:00Z',
    encryptionKey: { modulus: 'AQAB', exponent: 'AQAB', keyId: 'k1' },
    saveCard: 'NEVER',
    savedCards: [],
    attempt: failureCode
      ? {
          id: 'att_1',
          method: 'DEBIT_CARD',
          bankCode: 'ICBC',
          status: 'FAILED',
          phone: '138****8000',
          smsRetryAt: null,
          qrContent: null,
          qrCode: null,
          failureCode: failureCode as never,
          failureMessage,
        }
      : null,
  };
}

/** The next intent the element sends, after `act`. */
async function intentOf(el: HTMLElement, act: () => void): Promise<Intent> {
  const next = oneEvent(el, 'intent') as Promise<IntentEvent<Intent>>;
  act();
  return (await next).detail;
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => {
  const found = el.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
};
const text = (el: Element) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

// The SMS, result and wallet steps are defined on demand (by the element, as a checkout needs them).
before(() => Promise.all([definePaymentSteps(), defineWalletSteps()]));

for (const t of [zhCN, en] as Translation[]) {
  describe(`step elements in ${t.locale}`, () => {
    it('<umf-method-step> offers one button per choice and sends the one clicked', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-method-step .t=${t} .choices=${['CARD', 'WECHAT_SCAN', 'ALIPAY_SCAN']}></umf-method-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, '[data-heading]'))).to.equal(t.methodHeading);
      const names = [...el.querySelectorAll('button.method .method-name')].map(text);
      expect(names).to.deep.equal([
        t.methods.CARD.name,
        t.methods.WECHAT_SCAN.name,
        t.methods.ALIPAY_SCAN.name,
      ]);
      const intent = await intentOf(el, () =>
        $<HTMLButtonElement>(el, '#umf-method-ALIPAY_SCAN').click(),
      );
      expect(intent).to.deep.equal({ type: 'choose', choice: 'ALIPAY_SCAN' });
    });

    it('<umf-method-step> disables its buttons while a request is pending', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-method-step .t=${t} .choices=${['CARD', 'HOSTED']} .pending=${true}></umf-method-step>`,
      );
      await expect(el).to.be.accessible();
      const buttons = [...el.querySelectorAll<HTMLButtonElement>('button.method')];
      expect(buttons.map((b) => b.disabled)).to.deep.equal([true, true]);
    });

    it('<umf-bank-step> lists the banks, filters by the query and sends the bank chosen', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-bank-step .t=${t} .banks=${BANKS} .cardTypes=${['DEBIT_CARD', 'CREDIT_CARD']}
          .bankCode=${'CMB'}></umf-bank-step>`,
      );
      await expect(el).to.be.accessible();
      const tiles = [...el.querySelectorAll<HTMLButtonElement>('button.bank')];
      expect(tiles.map((tile) => tile.value)).to.deep.equal(['ICBC', 'CMB', 'BOC']);
      // Roving tabindex: only the chosen bank is in the tab order, and it is marked current.
      expect(tiles.map((tile) => tile.tabIndex)).to.deep.equal([-1, 0, -1]);
      expect(tiles[1].getAttribute('aria-current')).to.equal('true');
      const search = await intentOf(el, () => type($(el, '#umf-bank-search'), '招商'));
      expect(search).to.deep.equal({ type: 'search', query: '招商' });
      const chosen = await intentOf(el, () => tiles[2].click());
      expect(chosen).to.deep.equal({ type: 'bank', bankCode: 'BOC' });
      const cardType = await intentOf(el, () =>
        $<HTMLInputElement>(el, 'input[name=cardType][value=CREDIT_CARD]').click(),
      );
      expect(cardType).to.deep.equal({ type: 'card-type', cardType: 'CREDIT_CARD' });
    });

    it('<umf-bank-step> shows the query it has no bank for, and waits while banks load', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-bank-step .t=${t} .banks=${BANKS} .cardTypes=${['DEBIT_CARD']} .query=${'zzz'}></umf-bank-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, '#umf-no-banks'))).to.equal(t.noBanks('zzz'));
      // One card type: no switch to offer.
      expect(el.querySelector('fieldset.switch')).to.equal(null);
      const loading = await fixture<HTMLElement>(
        html`<umf-bank-step .t=${t} .cardTypes=${['DEBIT_CARD']}></umf-bank-step>`,
      );
      await expect(loading).to.be.accessible();
      expect(text($(loading, '[part=loading]'))).to.equal(t.loading);
    });

    it('<umf-card-step> sends the typed debit card, without expiry or CVV2', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-card-step .t=${t} .bankName=${'ICBC'} .cardType=${'DEBIT_CARD'}></umf-card-step>`,
      );
      await expect(el).to.be.accessible();
      expect(el.querySelector('#umf-expiry')).to.equal(null);
      const typed = await intentOf(el, () => type($(el, '#umf-cardNumber'), CARDS.debit));
      // The number is grouped as it is typed; the intent carries what the field shows.
      expect(typed).to.deep.equal({
        type: 'input',
        field: 'cardNumber',
        value: '6222 0200 0007 0000',
      });
      type($(el, '#umf-holderName'), '张三');
      type($(el, '#umf-idNumber'), RESIDENT_ID);
      type($(el, '#umf-phone'), PHONE);
      const sent = await intentOf(el, () =>
        $<HTMLButtonElement>(el, 'button[type=submit]').click(),
      );
      expect(sent).to.deep.equal({
        type: 'card',
        card: {
          cardNumber: '6222 0200 0007 0000',
          holderName: '张三',
          idNumber: RESIDENT_ID,
          phone: PHONE,
        },
        // No "remember this card" box on this checkout (saveCard NEVER): nothing to remember.
        remember: false,
      });
      const back = await intentOf(el, () => $<HTMLButtonElement>(el, '.chosen button').click());
      expect(back).to.deep.equal({ type: 'back' });
    });

    it('<umf-card-step> asks a credit card for expiry and CVV2 and ties errors to their fields', async () => {
      const errors = {
        cardNumber: { problem: 'checksum' as const },
        cvv2: { message: 'CVV2 refused' },
      };
      const el = await fixture<HTMLElement>(
        html`<umf-card-step .t=${t} .bankName=${'CMB'} .cardType=${'CREDIT_CARD'} .errors=${errors}></umf-card-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, 'label[for=umf-expiry]'))).to.equal(t.fields.expiry.label);
      const number = $<HTMLInputElement>(el, '#umf-cardNumber');
      expect(number.getAttribute('aria-invalid')).to.equal('true');
      expect(number.getAttribute('aria-describedby')).to.equal('umf-cardNumber-error');
      expect(text($(el, '#umf-cardNumber-error'))).to.equal(
        fieldMessage(t, 'cardNumber', 'checksum'),
      );
      const cvv2 = $<HTMLInputElement>(el, '#umf-cvv2');
      expect(cvv2.getAttribute('aria-describedby')).to.equal('umf-cvv2-error umf-cvv2-hint');
      expect(text($(el, '#umf-cvv2-error'))).to.equal('CVV2 refused');
      (el as HTMLElement & { focusFirstError(): void }).focusFirstError();
      expect(document.activeElement).to.equal(number);
    });

    it('<umf-card-step> sends nothing while pending and says so to assistive technology', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-card-step .t=${t} .bankName=${'ICBC'} .pending=${true} .resume=${true}></umf-card-step>`,
      );
      await expect(el).to.be.accessible();
      expect($(el, 'form').getAttribute('aria-busy')).to.equal('true');
      expect(text($(el, '[part=note]'))).to.equal(t.resumeNote);
      const sent: Intent[] = [];
      el.addEventListener('intent', (event) => sent.push((event as IntentEvent<Intent>).detail));
      $<HTMLButtonElement>(el, 'button[type=submit]').click();
      expect(sent).to.deep.equal([]);
    });

    it('<umf-sms-step> sends the code, counts down to resend, then offers it', async () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const el = await fixture<HTMLElementTagNameMap['umf-sms-step']>(
        html`<umf-sms-step .t=${t} .phone=${'138****8000'} .amount=${'¥700.00'} .now=${now}
          .retryAt=${'2030-01-01T00:00:42Z'}></umf-sms-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, '#umf-sms-sent'))).to.equal(t.smsSentTo('138****8000'));
      const resend = $<HTMLButtonElement>(el, 'button.resend');
      expect([resend.disabled, text(resend)]).to.deep.equal([true, t.resendIn(42)]);
      el.now = now + 42_000;
      await el.updateComplete;
      expect([resend.disabled, text(resend)]).to.deep.equal([false, t.resend]);
      expect(await intentOf(el, () => resend.click())).to.deep.equal({ type: 'resend' });
      type($(el, '#umf-smsCode'), '123456');
      const sent = await intentOf(el, () =>
        $<HTMLButtonElement>(el, 'button[type=submit]').click(),
      );
      expect(sent).to.deep.equal({ type: 'sms', code: '123456' });
      expect(text($(el, 'button[type=submit]'))).to.equal(t.pay('¥700.00'));
    });

    it('<umf-sms-step> empties the code the bank refused and describes the error', async () => {
      const el = await fixture<HTMLElementTagNameMap['umf-sms-step']>(
        html`<umf-sms-step .t=${t} .phone=${'138****8000'} .amount=${'¥700.00'}></umf-sms-step>`,
      );
      const input = $<HTMLInputElement>(el, '#umf-smsCode');
      input.value = '111111';
      el.errors = { smsCode: { message: 'wrong code' } };
      await el.updateComplete;
      await expect(el).to.be.accessible();
      expect(input.value).to.equal('');
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      expect(input.getAttribute('aria-describedby')).to.equal('umf-smsCode-error umf-sms-sent');
    });

    it('<umf-sms-step> keeps the new code being typed while the resend countdown ticks', async () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const el = await fixture<HTMLElementTagNameMap['umf-sms-step']>(
        html`<umf-sms-step .t=${t} .phone=${'138****8000'} .amount=${'¥700.00'} .now=${now}
          .retryAt=${'2030-01-01T00:00:42Z'}></umf-sms-step>`,
      );
      el.errors = { smsCode: { message: 'wrong code' } };
      await el.updateComplete;
      const input = $<HTMLInputElement>(el, '#umf-smsCode');
      type(input, '123');
      el.now = now + 1000;
      await el.updateComplete;
      expect(text($(el, 'button.resend'))).to.equal(t.resendIn(41));
      expect(input.value).to.equal('123');
    });

    it('<umf-result-step> shows success with the amount and the order', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-result-step .t=${t} .outcome=${'success'} .checkout=${checkout('SUCCEEDED')} .amount=${'¥700.00'}></umf-result-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, '[data-heading]'))).to.equal(t.successHeading);
      expect(text($(el, '.lead'))).to.equal(t.successText('¥700.00'));
      expect(text($(el, '.muted'))).to.equal(t.order('ORDER-1'));
    });

    it('<umf-result-step> explains a failure and offers what the customer may do next', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-result-step .t=${t} .outcome=${'failure'}
          .checkout=${checkout('OPEN', 'INSUFFICIENT_FUNDS', messageFor('INSUFFICIENT_FUNDS', t.locale))}
          .canTryCard=${true} .canChooseMethod=${true}></umf-result-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, '[data-heading]'))).to.equal(t.failureHeading);
      expect(text($(el, '[part=failure-reason]'))).to.equal(
        messageFor('INSUFFICIENT_FUNDS', t.locale),
      );
      const retry = await intentOf(el, () => $<HTMLButtonElement>(el, 'button.primary').click());
      expect(retry).to.deep.equal({ type: 'another-card' });
      const other = await intentOf(el, () => $<HTMLButtonElement>(el, 'button.secondary').click());
      expect(other).to.deep.equal({ type: 'other-method' });
    });

    it('<umf-result-step> words a failed attempt the server gave no reason for itself', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-result-step .t=${t} .outcome=${'failure'} .checkout=${checkout('OPEN', 'PAYMENT_FAILED')}></umf-result-step>`,
      );
      expect(text($(el, '[part=failure-reason]'))).to.equal(
        CLIENT_CODE_MESSAGES.PAYMENT_FAILED[t.locale],
      );
      expect(CLIENT_CODE_MESSAGES.PAYMENT_FAILED[t.locale]).to.equal(
        messageFor('PAYMENT_FAILED', t.locale),
      );
    });

    it('<umf-result-step> says a closed checkout is closed, with nothing to retry', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-result-step .t=${t} .outcome=${'failure'} .checkout=${checkout('EXPIRED')}></umf-result-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, '[data-heading]'))).to.equal(t.closedHeading);
      expect(text($(el, '[part=failure-reason]'))).to.equal(t.expiredText);
      expect(el.querySelectorAll('button')).to.have.length(0);
    });

    it('<umf-processing-step> waits, and may offer another method', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-processing-step .t=${t} .canChooseMethod=${true}></umf-processing-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, '[data-heading]'))).to.equal(t.processingHeading);
      const other = await intentOf(el, () => $<HTMLButtonElement>(el, 'button').click());
      expect(other).to.deep.equal({ type: 'other-method' });
    });

    it('<umf-qr-step> draws the code with its countdown and asks for a fresh one', async () => {
      const now = Date.parse('2030-01-01T00:00:00Z');
      const el = await fixture<HTMLElement>(
        html`<umf-qr-step .t=${t} .method=${'ALIPAY_SCAN'} .qrContent=${'https://qr.alipay.com/abc'} .qrCode=${QR_CODE} .amount=${'¥700.00'}
          .expiresAt=${'2030-01-01T00:02:05Z'} .now=${now}></umf-qr-step>`,
      );
      await expect(el).to.be.accessible();
      const app = t.qrApps.ALIPAY_SCAN;
      expect(text($(el, '[data-heading]'))).to.equal(t.qrHeading(app));
      expect($(el, '[part=qr] svg').getAttribute('aria-label')).to.equal(t.qrAlt(app));
      // The code as the BFF drew it: its square and its path, as they came.
      expect($(el, '[part=qr] svg').getAttribute('viewBox')).to.equal('0 0 9 9');
      expect($(el, '[part=qr] path').getAttribute('d')).to.equal(QR_CODE.path);
      expect(text($(el, '[part=countdown]'))).to.equal(t.qrExpiresIn('02:05'));
      // A customer on the phone itself can open the content instead of scanning it.
      expect($(el, '[part=qr-link]').getAttribute('href')).to.equal('https://qr.alipay.com/abc');
      const refresh = await intentOf(el, () => $<HTMLButtonElement>(el, '[part~=refresh]').click());
      expect(refresh).to.deep.equal({ type: 'refresh' });
    });

    it('<umf-qr-step> says an expired code has expired and links nothing', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-qr-step .t=${t} .method=${'WECHAT_SCAN'} .qrContent=${'weixin://wxpay/x'} .qrCode=${QR_CODE} .amount=${'¥700.00'}
          .expiresAt=${'2030-01-01T00:00:00Z'} .now=${Date.parse('2030-01-01T00:00:01Z')}></umf-qr-step>`,
      );
      await expect(el).to.be.accessible();
      expect(text($(el, '[part=qr-status]'))).to.equal(t.qrExpired);
      expect(el.querySelector('[part=qr-link]')).to.equal(null);
    });

    it('<umf-wechat-step> starts the WeChat payment, or says to open the page in WeChat', async () => {
      const el = await fixture<HTMLElement>(
        html`<umf-wechat-step .t=${t} .amount=${'¥700.00'}></umf-wechat-step>`,
      );
      await expect(el).to.be.accessible();
      const pay = await intentOf(el, () => $<HTMLButtonElement>(el, '[part~=submit]').click());
      expect(pay).to.deep.equal({ type: 'wechat' });
      const outside = await fixture<HTMLElement>(
        html`<umf-wechat-step .t=${t} .amount=${'¥700.00'} .available=${false}></umf-wechat-step>`,
      );
      await expect(outside).to.be.accessible();
      expect(text($(outside, '.lead'))).to.equal(t.wechatOutside);
      expect(outside.querySelector('button')).to.equal(null);
    });
  });
}
