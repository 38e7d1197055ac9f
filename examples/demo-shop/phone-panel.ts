// The "sandbox phone" panel beside the widget: the SMS codes the sandbox sent (demo.js polls
// GET /sandbox-phone every 2 s and redraws the list) and the sandbox's test cards.
import { type Html, html } from './html.ts';
import { type Lang, TRANSLATIONS } from './i18n.ts';
import { href } from './layout.ts';
import {
  type PhoneView,
  type SmsMessage,
  TEST_RESIDENT_ID,
  type TestCard,
} from './sandbox-phone.ts';

const CODE_MARK = '{code}';

const QR_ICON = html`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" d="M2 2h5v5H2zm1.5 1.5v2h2v-2zM9 2h5v5H9zm1.5 1.5v2h2v-2zM2 9h5v5H2zm1.5 1.5v2h2v-2zM9 9h2v2H9zm3 0h2v2h-2zm-3 3h2v2H9zm3 0h2v2h-2z"/></svg>`;

/** HH:MM:SS of the sandbox's China-time stamp (2026-11-26T09:16:00+08:00). */
export function smsTime(sentAt: string): string {
  return sentAt.slice(11, 19);
}

function grouped(number: string): string {
  return number.replace(/(\d{4})(?=\d)/g, '$1 ');
}

function sms(message: SmsMessage, lang: Lang): Html {
  const t = TRANSLATIONS[lang];
  const [before, after] = t.smsText(CODE_MARK).split(CODE_MARK);
  return html`<li class="sms">
    <span class="sms-meta">${t.smsSender} · ${message.phone} · ${smsTime(message.sentAt)}</span>
    <span class="sms-text">${before}<strong class="sms-code">${message.code}</strong>${after}</span>
  </li>`;
}

function testCard(card: TestCard, lang: Lang): Html {
  const t = TRANSLATIONS[lang];
  return html`<li class="test-card">
    <span class="test-card-number"><code>${grouped(card.number)}</code>
      <button type="button" class="copy" data-copy="${card.number}" data-copied="${t.copied}"
        aria-label="${t.copy} ${card.number}" hidden>${t.copy}</button></span>
    <span class="test-card-outcome outcome-${card.retCode === '0000' ? 'ok' : 'fail'}">
      ${card.type === 'CREDIT_CARD' ? t.credit : t.debit} · ${t.outcomes[card.retCode] ?? card.outcome}</span>
  </li>`;
}

export function phonePanel(view: PhoneView, lang: Lang): Html {
  const t = TRANSLATIONS[lang];
  return html`<section class="card phone" aria-labelledby="phone-heading" data-sandbox-phone
      data-phone-url="${href('/sandbox-phone', lang)}" data-sms-sender="${t.smsSender}"
      data-sms-template="${t.smsText(CODE_MARK)}">
    <h2 id="phone-heading"><span class="phone-dot" aria-hidden="true"></span>${t.phoneHeading}</h2>
    <p class="fine">${t.phoneIntro}</p>
    <div class="phone-screen">
      <ol class="sms-list" data-sms-list aria-live="polite">${view.messages.map((m) => sms(m, lang))}</ol>
      <p class="sms-empty" data-sms-empty ${view.messages.length > 0 ? html`hidden` : ''}>${t.phoneEmpty}</p>
    </div>
    <p class="qr-hint" data-qr-hint>${QR_ICON}<span>${t.qrHint}</span></p>
    <h3>${t.testCardsHeading}</h3>
    <p class="fine">${t.testCardsIntro}</p>
    <ul class="test-cards">${view.testCards.map((card) => testCard(card, lang))}</ul>
    <p class="fine resident-id"><span>${t.residentId}${t.colon}<code>${TEST_RESIDENT_ID}</code></span>
      <button type="button" class="copy" data-copy="${TEST_RESIDENT_ID}" data-copied="${t.copied}"
        aria-label="${t.copy} ${TEST_RESIDENT_ID}" hidden>${t.copy}</button></p>
  </section>`;
}

/** GET /sandbox-phone's JSON: what demo.js redraws. */
export function phoneJson(view: PhoneView) {
  return {
    messages: view.messages.map((m) => ({ ...m, time: smsTime(m.sentAt) })),
    testCards: view.testCards,
  };
}
