// The pay page: the order summary and <umf-checkout>, mounted with the client secret the
// shop's backend got from createCheckout. demo.js moves on to the order page when the
// widget reports the end (umf-success / umf-failure).
import { DEMO_CUSTOMER, DEMO_RECEIVER, ships } from './catalog.ts';
import { type Html, html } from './html.ts';
import { type Lang, TRANSLATIONS } from './i18n.ts';
import { href, money, page } from './layout.ts';
import type { Checkout } from './merchant-api.ts';
import { phonePanel } from './phone-panel.ts';
import type { PhoneView } from './sandbox-phone.ts';

export type PayPageOptions = {
  lang: Lang;
  orderId: string;
  checkout: Checkout;
  clientSecret: string;
  /** Where the widget talks GraphQL (same origin: "/graphql"). */
  endpoint: string;
  widgetScriptUrl: string;
  /** Absent outside sandbox mode. */
  phone?: PhoneView;
};

export function orderSummary(checkout: Checkout, lang: Lang): Html {
  const t = TRANSLATIONS[lang];
  const physical = checkout.items.some((item) => ships(item.id));
  return html`<section class="card summary" aria-labelledby="summary-heading">
    <h2 id="summary-heading">${t.summaryHeading}</h2>
    <ul class="summary-lines">
      ${checkout.items.map(
        (item) => html`<li><span>${item.name} <span class="qty">× ${item.quantity}</span></span>
          <span>${money(item.amount, lang)}</span></li>`,
      )}
    </ul>
    <div class="cart-total"><span>${t.total}</span><strong>${money(checkout.amount, lang)}</strong></div>
    ${
      checkout.amountCny && checkout.exchangeRate
        ? html`<p class="cny">${t.approxCny(money(checkout.amountCny, lang), checkout.exchangeRate)}</p>`
        : ''
    }
    ${
      physical
        ? html`<dl class="ship-to"><dt>${t.shipTo}</dt>
          <dd>${DEMO_RECEIVER[lang].name} · ${DEMO_CUSTOMER.phone}<br>${DEMO_RECEIVER[lang].address}</dd></dl>`
        : ''
    }
  </section>`;
}

const LOCK = html`<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 7V5a4 4 0 1 1 8 0v2h.5A1.5 1.5 0 0 1 14 8.5v5a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 2 13.5v-5A1.5 1.5 0 0 1 3.5 7H4zm2 0h4V5a2 2 0 1 0-4 0v2z"/></svg>`;

export function payPage(options: PayPageOptions): string {
  const { lang, orderId, checkout } = options;
  const t = TRANSLATIONS[lang];
  const orderUrl = href(`/orders/${encodeURIComponent(orderId)}`, lang);
  return page({
    lang,
    title: t.payTitle,
    path: `/pay/${encodeURIComponent(orderId)}`,
    data: { 'order-url': orderUrl },
    body: html`<p class="back"><a href="${href('/', lang)}">← ${t.continueShopping}</a></p>
    <div class="page-head">
      <h1>${t.payTitle}</h1>
      <p class="order-ref">${t.orderNumber} <code>${orderId}</code></p>
    </div>
    <div class="pay-layout">
      <section class="pay-panel" aria-labelledby="payment-heading">
        <h2 id="payment-heading" class="visually-hidden">${t.paymentHeading}</h2>
        <umf-checkout endpoint="${options.endpoint}" client-secret="${options.clientSecret}"
          locale="${lang}"><div class="widget-fallback">
            <p>${t.widgetLoading}</p>
            <p class="secure-note">${LOCK}<span>${t.secureNote}</span></p>
          </div></umf-checkout>
        <div class="pay-actions" data-order-actions>
          <a class="btn btn-quiet" href="${orderUrl}">${t.viewOrder}</a>
          <form method="post" action="/orders/${encodeURIComponent(orderId)}/cancel">
            <input type="hidden" name="lang" value="${lang}">
            <button class="btn btn-quiet" type="submit">${t.cancelOrder}</button>
          </form>
        </div>
      </section>
      <div class="side">
        ${orderSummary(checkout, lang)}
        ${options.phone ? phonePanel(options.phone, lang) : ''}
      </div>
    </div>
    <script type="module" src="${options.widgetScriptUrl}"></script>`,
  });
}
