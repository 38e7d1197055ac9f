// What <umf-checkout> shows for a flow state: the order summary, the notice, the loading and
// load-error panel, and the step view with its props. Pure functions of the state; kept apart
// from the element so umf-checkout.ts reads as lifecycle and requests.
import { html, nothing } from 'lit';
import type { Intent, IntentEvent } from './flow/events.ts';
import type { FlowState, Notice } from './flow/flow.ts';
import { clientMessage, formatMoney, type Locale, type Translation } from './localize/localize.ts';
import { alertIcon, largeSpinner } from './ui/icons.ts';

/** The order: description, amount due in CNY, the amount in its currency and the rate, items. */
export function renderHeader(flow: FlowState, t: Translation, locale: Locale) {
  if (flow.step === 'loading') return nothing;
  const { checkout } = flow;
  const cny = checkout.amountCny ?? checkout.amount;
  const { amount } = checkout;
  const converted =
    amount.currency === cny.currency
      ? nothing
      : html`<p class="converted" part="converted">
          ${t.converted(formatMoney(locale, amount), checkout.exchangeRate ?? '—', amount.currency)}
        </p>`;
  const items = checkout.items.length
    ? html`<details class="items" part="items">
        <summary>${t.orderDetails}</summary>
        <ul>
          ${checkout.items.map(
            (item) => html`<li>
              <span>${item.name} <span class="muted">${t.quantity(item.quantity)}</span></span>
              <span>${formatMoney(locale, item.amount)}</span>
            </li>`,
          )}
        </ul>
        <p class="muted">${t.order(checkout.orderId)}</p>
      </details>`
    : nothing;
  return html`
    <header class="header" part="header">
      <p class="description">${checkout.description}</p>
      <p class="amount-label">${t.amountDue}</p>
      <p class="amount" part="amount">${formatMoney(locale, cny)}</p>
      ${converted} ${items}
    </header>
  `;
}

/** The server's message for its errors; the widget's own text for the notices it sets itself. */
export function noticeText(t: Translation, notice: Notice): string {
  if (notice.message !== undefined) return notice.message;
  if (notice.code === 'NETWORK') return t.network;
  return notice.code === 'WECHAT_CANCELED'
    ? t.wechatCanceled
    : clientMessage(t.locale, notice.code);
}

/** The message above a step; a lost connection offers to send the request again. */
export function renderNotice(flow: FlowState, t: Translation, onRetry: () => void) {
  const notice = flow.step === 'loading' ? null : flow.notice;
  if (!notice) return nothing;
  const retry =
    notice.code === 'NETWORK'
      ? html`<button type="button" class="secondary small" part="button retry-request" @click=${onRetry}>${t.retry}</button>`
      : nothing;
  return html`<div class="notice" part="notice" id="umf-notice">${alertIcon}<p>${noticeText(t, notice)}</p>${retry}</div>`;
}

const RETRYABLE = ['NETWORK', 'INTERNAL', 'UPSTREAM_UNAVAILABLE'];

/** Loading, or why the checkout could not be loaded (with a retry when trying again may help). */
export function renderLoading(flow: FlowState, t: Translation, onRetry: () => void) {
  if (flow.step !== 'loading') return nothing;
  const notice = flow.notice;
  if (!notice) {
    return html`<div class="result" part="result">
      ${largeSpinner}<p class="muted">${t.loading}</p>
    </div>`;
  }
  return html`<div class="result" part="result">
    <span class="badge warn" aria-hidden="true">${alertIcon}</span>
    <p class="lead" id="umf-load-error">${noticeText(t, notice)}</p>
    ${
      RETRYABLE.includes(notice.code)
        ? html`<button type="button" class="primary" part="button retry-request" @click=${onRetry}>${t.retry}</button>`
        : nothing
    }
  </div>`;
}

export function renderStep(
  flow: FlowState,
  t: Translation,
  locale: Locale,
  now: number,
  onIntent: (event: IntentEvent<Intent>) => void,
) {
  if (flow.step === 'loading') return nothing;
  const cny = flow.checkout.amountCny ?? flow.checkout.amount;
  const amount = formatMoney(locale, cny);
  switch (flow.step) {
    case 'method':
      return html`<umf-method-step data-step .t=${t} .choices=${flow.choices} .pending=${flow.pending}
        .savedCards=${flow.checkout.savedCards ?? []} @intent=${onIntent}></umf-method-step>`;
    case 'bank':
      return html`<umf-bank-step data-step .t=${t} .banks=${flow.banks[flow.cardType]} .cardTypes=${flow.cardTypes}
        .cardType=${flow.cardType} .bankCode=${flow.bankCode} .query=${flow.query} @intent=${onIntent}></umf-bank-step>`;
    case 'card': {
      const bank = flow.banks[flow.cardType]?.find((b) => b.code === flow.bankCode);
      const bankName = bank
        ? locale === 'zh-CN'
          ? bank.nameZh
          : bank.name
        : (flow.bankCode ?? '');
      return html`<umf-card-step data-step .t=${t} .cardType=${flow.cardType} .bankName=${bankName}
        .errors=${flow.errors} .pending=${flow.pending} .resume=${Boolean(flow.resume)}
        .saveCard=${flow.checkout.saveCard ?? 'NEVER'} @intent=${onIntent}></umf-card-step>`;
    }
    case 'sms':
      return html`<umf-sms-step data-step .t=${t} .phone=${flow.phone} .retryAt=${flow.retryAt} .now=${now}
        .amount=${amount} .errors=${flow.errors} .pending=${flow.pending} @intent=${onIntent}></umf-sms-step>`;
    case 'processing':
      return html`<umf-processing-step data-step .t=${t} .canChooseMethod=${flow.checkout.attempt?.method === 'HOSTED'}
        @intent=${onIntent}></umf-processing-step>`;
    case 'qr':
      return html`<umf-qr-step data-step .t=${t} .method=${flow.method} .qrContent=${flow.qrContent}
        .qrCode=${flow.qrCode} .expiresAt=${flow.expiresAt} .now=${now} .amount=${amount} .pending=${flow.pending} @intent=${onIntent}></umf-qr-step>`;
    case 'wechat':
      return html`<umf-wechat-step data-step .t=${t} .amount=${amount} .pending=${flow.pending}
        .available=${/MicroMessenger/i.test(navigator.userAgent)} @intent=${onIntent}></umf-wechat-step>`;
    case 'result': {
      const open = flow.checkout.status === 'OPEN';
      const card = flow.checkout.attempt?.method;
      return html`<umf-result-step data-step .t=${t} .outcome=${flow.outcome} .checkout=${flow.checkout}
        .amount=${amount} .canTryCard=${open && (card === 'CREDIT_CARD' || card === 'DEBIT_CARD')}
        .canChooseMethod=${open && (flow.choices.length > 1 || card === 'HOSTED')} @intent=${onIntent}></umf-result-step>`;
    }
  }
}
