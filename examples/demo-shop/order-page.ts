// GET /orders/:id — the order as the BFF has it (checkoutById): status, amounts, items,
// refunds, and the merchant's refund form; GET /orders — the shop's orders.
import { fromCents, toCents } from './catalog.ts';
import { type Html, type HtmlValue, html, raw } from './html.ts';
import { type Lang, TRANSLATIONS } from './i18n.ts';
import { dateTime, href, money, notice, page } from './layout.ts';
import { type Checkout, isPayable, type Refund } from './merchant-api.ts';
import type { ShopOrder } from './orders.ts';
import { orderSummary } from './pay-page.ts';

const BUSY = ['PROCESSING', 'AWAITING_CUSTOMER'];

export type Flash = { kind: 'error' | 'success'; text: HtmlValue; about: 'refund' | 'order' };

export type OrderPageOptions = {
  lang: Lang;
  order: ShopOrder;
  checkout: Checkout;
  flash?: Flash;
  /** The refund form's last values (after a refused refund). */
  refundAmount?: string;
};

type Tone = 'success' | 'refunded' | 'failed' | 'pending';

function tone(state: string): Tone {
  if (state === 'SUCCEEDED') return 'success';
  if (state === 'PARTIALLY_REFUNDED' || state === 'REFUNDED') return 'refunded';
  if (['FAILED', 'EXPIRED', 'CANCELED'].includes(state)) return 'failed';
  return 'pending';
}

const ICONS = {
  success:
    '<path d="M6 12.5l4 4 8-9" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>',
  failed:
    '<path d="M7 7l10 10M17 7L7 17" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
  pending:
    '<circle cx="12" cy="12" r="8.5" fill="none" stroke="currentColor" stroke-width="2"/>' +
    '<path d="M12 7.5V12l3 2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  refunded:
    '<path d="M9 6L5 10l4 4" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>' +
    '<path d="M5.5 10H14a5 5 0 0 1 0 10h-3" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
} as const;

function statusIcon(kind: keyof typeof ICONS): Html {
  return html`<span class="status-icon" aria-hidden="true"><svg viewBox="0 0 24 24" width="28" height="28" focusable="false">${raw(ICONS[kind])}</svg></span>`;
}

const centsOf = (refunds: readonly Refund[], status: string) =>
  refunds.filter((r) => r.status === status).reduce((sum, r) => sum + toCents(r.amount.amount), 0);

/** The order's refunds: not those of a duplicate payment, which the BFF refunds on its own. */
const orderRefunds = (checkout: Checkout) => checkout.refunds.filter((r) => !r.duplicate);

export type OrderState = {
  /** A key of `status`: the checkout's status, or PARTIALLY_REFUNDED / REFUNDED once paid
   * money went back (refunds with status SUCCEEDED). */
  key: string;
  refundedCents: number;
  /** Refunds asked for and not settled yet. */
  pendingCents: number;
};

/** The order as the shop tells it: the checkout's status, refined by its refunds. */
export function orderState(checkout: Checkout): OrderState {
  const refundedCents = centsOf(orderRefunds(checkout), 'SUCCEEDED');
  const pendingCents = centsOf(orderRefunds(checkout), 'PENDING');
  let key = checkout.status;
  if (checkout.status === 'SUCCEEDED' && refundedCents > 0)
    key = refundedCents >= toCents(checkout.amount.amount) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  return { key, refundedCents, pendingCents };
}

/** What may still be refunded: paid minus refunds that succeeded or are pending. */
export function refundable(checkout: Checkout): string {
  const taken = orderRefunds(checkout)
    .filter((r) => r.status === 'SUCCEEDED' || r.status === 'PENDING')
    .reduce((sum, r) => sum + toCents(r.amount.amount), 0);
  return fromCents(Math.max(toCents(checkout.amount.amount) - taken, 0));
}

function details(checkout: Checkout, lang: Lang): Html {
  const t = TRANSLATIONS[lang];
  const row = (term: string, value: HtmlValue) =>
    html`<div><dt>${term}</dt><dd>${value}</dd></div>`;
  const attempt = checkout.attempt;
  return html`<dl class="details">
    ${row(t.amount, money(checkout.amount, lang))}
    ${checkout.amountCny ? row(t.amountCny, money(checkout.amountCny, lang)) : ''}
    ${checkout.exchangeRate ? row(t.exchangeRate, `1 USD = ${checkout.exchangeRate} CNY`) : ''}
    ${row(t.createdAt, dateTime(checkout.createdAt, lang))}
    ${attempt ? row(t.paymentMethod, t.methods[attempt.method] ?? attempt.method) : ''}
    ${attempt?.failureMessage && checkout.status !== 'SUCCEEDED' ? row(t.failureReason, attempt.failureMessage) : ''}
  </dl>`;
}

function refundRow(refund: Refund, lang: Lang): Html {
  const t = TRANSLATIONS[lang];
  return html`<li><span>${dateTime(refund.createdAt, lang)}</span>
    <span class="pill pill-${refund.status.toLowerCase()}">${t.refundStatus[refund.status] ?? refund.status}</span>
    <strong>${money(refund.amount, lang)}</strong></li>`;
}

function refundForm(options: OrderPageOptions): Html {
  const { lang, order, checkout, flash } = options;
  const t = TRANSLATIONS[lang];
  const left = refundable(checkout);
  const error = flash?.about === 'refund' && flash.kind === 'error';
  return html`<form class="refund-form" method="post"
      action="/orders/${encodeURIComponent(order.id)}/refund">
    <h3>${t.refundFormHeading}</h3>
    <p class="fine">${t.refundHint}</p>
    <p class="refundable">${t.refundable}${t.colon}<strong>${money({ amount: left, currency: checkout.amount.currency }, lang)}</strong></p>
    <input type="hidden" name="lang" value="${lang}">
    <div class="field">
      <label for="refund-amount">${t.refundAmount}</label>
      <input id="refund-amount" name="amount" inputmode="decimal" autocomplete="off" required
        pattern="\\d+(\\.\\d{1,2})?" value="${options.refundAmount ?? left}"
        ${error ? html`aria-invalid="true" aria-describedby="refund-flash"` : ''}>
    </div>
    <div class="field">
      <label for="refund-reason">${t.refundReason}</label>
      <input id="refund-reason" name="reason" maxlength="100" autocomplete="off">
    </div>
    <button class="btn btn-secondary" type="submit">${t.refundButton}</button>
  </form>`;
}

function flashFor(flash: Flash | undefined, about: Flash['about']): Html | '' {
  if (!flash || flash.about !== about) return '';
  return html`<div id="${about}-flash">${notice(flash.kind, flash.text)}</div>`;
}

export function orderPage(options: OrderPageOptions): string {
  const { lang, order, checkout } = options;
  const t = TRANSLATIONS[lang];
  const state = orderState(checkout);
  const kind = tone(state.key);
  const path = `/orders/${encodeURIComponent(order.id)}`;
  const refunds = orderRefunds(checkout);
  const usd = (cents: number) =>
    money({ amount: fromCents(cents), currency: checkout.amount.currency }, lang);
  const paid = money(checkout.amount, lang);
  const lead =
    state.key === 'REFUNDED'
      ? t.refundedAll(paid)
      : state.key === 'PARTIALLY_REFUNDED'
        ? t.refundedOf(usd(state.refundedCents), paid)
        : (t.statusLead[checkout.status] ?? '');
  const canRefund = checkout.status === 'SUCCEEDED' && toCents(refundable(checkout)) > 0;
  return page({
    lang,
    title: `${t.orderTitle} ${order.id}`,
    path,
    // demo.js reloads the page while the payment or a refund is under way.
    data: BUSY.includes(checkout.status) || state.pendingCents > 0 ? { refresh: '3000' } : {},
    body: html`<p class="back"><a href="${href('/', lang)}">← ${t.continueShopping}</a></p>
    ${flashFor(options.flash, 'order')}
    <section class="card status-card status-${kind}">
      ${statusIcon(kind)}
      <div class="status-text">
        <h1>${t.status[state.key] ?? state.key}</h1>
        <p>${lead}</p>
        ${state.pendingCents > 0 ? html`<p class="refund-pending">${t.refundPending(usd(state.pendingCents))}</p>` : ''}
        ${
          isPayable(checkout) && checkout.attempt?.failureMessage
            ? html`<p class="attempt-failed">${t.lastAttemptFailed}${t.colon}${checkout.attempt.failureMessage}</p>`
            : ''
        }
        <p class="order-ref">${t.orderNumber} <code>${order.id}</code></p>
      </div>
      ${
        isPayable(checkout)
          ? html`<a class="btn btn-primary" href="${href(`/pay/${encodeURIComponent(order.id)}`, lang)}">${t.returnToPayment}</a>`
          : ''
      }
    </section>
    <div class="order-layout">
      <div class="order-main">
        ${orderSummary(checkout, lang)}
        <section class="card" aria-labelledby="details-heading">
          <h2 id="details-heading">${t.orderTitle}</h2>
          ${details(checkout, lang)}
        </section>
      </div>
      <section class="card refunds" aria-labelledby="refunds-heading">
        <h2 id="refunds-heading">${t.refundsHeading}</h2>
        ${
          refunds.length > 0
            ? html`<ul class="refund-list">${refunds.map((r) => refundRow(r, lang))}</ul>`
            : html`<p class="fine">${t.noRefunds}</p>`
        }
        ${flashFor(options.flash, 'refund')}
        ${canRefund || (options.flash?.about === 'refund' && options.flash.kind === 'error') ? refundForm(options) : ''}
      </section>
    </div>`,
  });
}

/** The shop's orders, newest first, as the BFF's `checkouts` list answered them. */
export function ordersPage(lang: Lang, checkouts: Checkout[]): string {
  const t = TRANSLATIONS[lang];
  const rows = checkouts.map((checkout) => {
    const status = orderState(checkout).key;
    return html`<li><a href="${href(`/orders/${encodeURIComponent(checkout.orderId)}`, lang)}">
      <code>${checkout.orderId}</code><span>${checkout.items.map((item) => item.name).join(' · ')}</span>
      <strong>${money(checkout.amount, lang)}</strong>
      <em class="pill pill-${tone(status)}">${t.status[status] ?? status}</em></a></li>`;
  });
  return page({
    lang,
    title: t.navOrders,
    path: '/orders',
    body: html`<div class="page-head"><h1>${t.navOrders}</h1></div>
    <section class="card">${
      rows.length > 0 ? html`<ul class="order-list">${rows}</ul>` : html`<p>${t.noOrders}</p>`
    }</section>`,
  });
}

export function messagePage(lang: Lang, title: string, text: string): string {
  const t = TRANSLATIONS[lang];
  return page({
    lang,
    title,
    path: '/',
    body: html`<section class="card message"><h1>${title}</h1><p>${text}</p>
      <a class="btn btn-primary" href="${href('/', lang)}">${t.continueShopping}</a></section>`,
  });
}
