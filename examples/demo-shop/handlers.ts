// What each demo route does. A handler gets the shop's dependencies and the request's
// context; it calls the BFF only through the merchant API (GraphQL over HTTP).
import { cartFrom, checkoutInputFor, PRODUCTS } from './catalog.ts';
import { type Lang, TRANSLATIONS } from './i18n.ts';
import { demoCsp, href, money } from './layout.ts';
import { isCheckoutError, isPayable, type MerchantApi, type Refund } from './merchant-api.ts';
import { type Flash, messagePage, orderPage, ordersPage } from './order-page.ts';
import type { OrderBook, ShopOrder } from './orders.ts';
import { payPage } from './pay-page.ts';
import { phoneJson } from './phone-panel.ts';
import { productPage } from './product-page.ts';
import type { SandboxPhone } from './sandbox-phone.ts';

export type ShopDeps = {
  api: MerchantApi;
  orders: OrderBook;
  /** Absent outside sandbox mode. */
  phone: SandboxPhone | undefined;
  /** The Content-Security-Policy of every page. */
  csp: string;
  widget: { endpoint: string; script: string };
  onError?: (error: unknown) => void;
};

/** `customer`: the shop's id of this browser's customer (its cookie), if it has one. */
export type Ctx = { url: URL; lang: Lang; form: URLSearchParams; customer?: string };

/**
 * The demo's customer: an id of ours kept in an HttpOnly cookie (a real shop uses its login). The
 * BFF shows this customer's saved cards, and only theirs, on every checkout made with it.
 */
export const CUSTOMER_COOKIE = 'demo_customer';
const CUSTOMER_ID = /^demo-[0-9a-f]{24}$/;

/** The customer id a Cookie header carries, when it is one of ours. */
export function customerOf(cookies: string | null): string | undefined {
  for (const pair of (cookies ?? '').split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name === CUSTOMER_COOKIE && CUSTOMER_ID.test(value ?? '')) return value;
  }
  return undefined;
}

const newCustomerId = () => `demo-${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;

export function cspFor(sandboxUrl: string | undefined): string {
  return demoCsp(sandboxUrl ? [new URL(sandboxUrl).origin] : []);
}

export function htmlPage(deps: ShopDeps, body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': deps.csp,
      'cache-control': 'no-store',
    },
  });
}

function redirect(
  path: string,
  lang: Lang,
  params: Record<string, string> = {},
  extra: Record<string, string> = {},
): Response {
  const location = href(path, lang, params);
  const headers = { location, 'cache-control': 'no-store', ...extra };
  return new Response(null, { status: 303, headers });
}

const orderPath = (order: ShopOrder) => `/orders/${encodeURIComponent(order.id)}`;

export function notFound(deps: ShopDeps, lang: Lang): Response {
  const t = TRANSLATIONS[lang];
  return htmlPage(deps, messagePage(lang, t.orderNotFound, t.orderNotFoundText), 404);
}

export function products(deps: ShopDeps, { lang }: Ctx): Response {
  return htmlPage(deps, productPage({ lang }));
}

/**
 * POST /checkout: the server side of "Pay" — createCheckout with the merchant key, for this
 * browser's customer (a new one gets the cookie), saveCard ASK: the widget offers "remember this
 * card" and the customer's next order shows the card first.
 */
export async function checkout(deps: ShopDeps, { lang, form, customer }: Ctx): Promise<Response> {
  const lines = cartFrom(form);
  if (lines.length === 0) {
    const quantities = Object.fromEntries(PRODUCTS.map((p) => [p.id, 0]));
    const error = TRANSLATIONS[lang].chooseSomething;
    return htmlPage(deps, productPage({ lang, quantities, error }), 422);
  }
  const id = deps.orders.nextId();
  const customerId = customer ?? newCustomerId();
  const input = { ...checkoutInputFor(id, lines, lang), customerId, saveCard: 'ASK' as const };
  const created = await deps.api.createCheckout(input, lang);
  if (isCheckoutError(created)) {
    const quantities = Object.fromEntries(lines.map((l) => [l.product.id, l.quantity]));
    return htmlPage(deps, productPage({ lang, quantities, error: created.message }), 422);
  }
  const { checkout, clientSecret } = created;
  deps.orders.add({ id, checkoutId: checkout.id, clientSecret });
  // Post/redirect/get: reloading the pay page must not create a second order.
  const cookie = `${CUSTOMER_COOKIE}=${customerId}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax`;
  return redirect(
    `/pay/${encodeURIComponent(id)}`,
    lang,
    {},
    customer ? {} : { 'set-cookie': cookie },
  );
}

/** GET /pay/:id — the widget, while the checkout is open; else on to the order page. */
export async function pay(deps: ShopDeps, { lang }: Ctx, order: ShopOrder): Promise<Response> {
  const found = await deps.api.checkoutById(order.checkoutId, lang);
  if (!found) return notFound(deps, lang);
  if (!isPayable(found) || !order.clientSecret) return redirect(orderPath(order), lang);
  const phone = deps.phone ? await deps.phone.view().catch(() => undefined) : undefined;
  const page = payPage({
    lang,
    orderId: order.id,
    checkout: found,
    clientSecret: order.clientSecret,
    endpoint: deps.widget.endpoint,
    widgetScriptUrl: deps.widget.script,
    phone,
  });
  return htmlPage(deps, page);
}

/** A flash from the query a redirect left (?refunded=<refund id>, ?done=canceled). */
function flashFromQuery(url: URL, lang: Lang, refunds: Refund[]): Flash | undefined {
  const t = TRANSLATIONS[lang];
  const refunded = refunds.find((r) => r.id === url.searchParams.get('refunded'));
  if (refunded)
    return { kind: 'success', about: 'refund', text: t.refundDone(money(refunded.amount, lang)) };
  if (url.searchParams.get('done') === 'canceled')
    return { kind: 'success', about: 'order', text: t.cancelDone };
  return undefined;
}

/** GET /orders/:id — checkoutById; also the answer to a refused refund or cancel. */
export async function showOrder(
  deps: ShopDeps,
  c: Ctx,
  order: ShopOrder,
  flash?: Flash,
  status = 200,
): Promise<Response> {
  const found = await deps.api.checkoutById(order.checkoutId, c.lang);
  if (!found) return notFound(deps, c.lang);
  const shown = flash ?? flashFromQuery(c.url, c.lang, found.refunds);
  const refundAmount = flash?.about === 'refund' ? (c.form.get('amount') ?? undefined) : undefined;
  const page = orderPage({ lang: c.lang, order, checkout: found, flash: shown, refundAmount });
  return htmlPage(deps, page, status);
}

/** POST /orders/:id/refund — refundPayment; a typed error is shown on the order page. */
export async function refund(deps: ShopDeps, c: Ctx, order: ShopOrder): Promise<Response> {
  const amount = (c.form.get('amount') ?? '').trim();
  const reason = (c.form.get('reason') ?? '').trim().slice(0, 100);
  const input = { checkoutId: order.checkoutId, amount, ...(reason ? { reason } : {}) };
  const result = await deps.api.refundPayment(input, c.lang);
  if (!isCheckoutError(result)) return redirect(orderPath(order), c.lang, { refunded: result.id });
  const t = TRANSLATIONS[c.lang];
  const text = `${t.refundError}${t.colon}${result.message}`;
  return showOrder(deps, c, order, { kind: 'error', about: 'refund', text }, 422);
}

/** POST /orders/:id/cancel — cancelCheckout. */
export async function cancel(deps: ShopDeps, c: Ctx, order: ShopOrder): Promise<Response> {
  const result = await deps.api.cancelCheckout(order.checkoutId, c.lang);
  if (!isCheckoutError(result)) return redirect(orderPath(order), c.lang, { done: 'canceled' });
  const t = TRANSLATIONS[c.lang];
  const text = `${t.cancelError}${t.colon}${result.message}`;
  return showOrder(deps, c, order, { kind: 'error', about: 'order', text }, 422);
}

/** GET /orders — the shop's 20 newest orders, as the BFF's `checkouts` list has them. */
export async function listOrders(deps: ShopDeps, { lang }: Ctx): Promise<Response> {
  const { checkouts } = await deps.api.checkouts({ first: 20 }, lang);
  return htmlPage(deps, ordersPage(lang, checkouts));
}

/**
 * The order an id names: the secret this process kept, else the BFF's checkout of that order id
 * (an order from before a restart: shown, refunded, canceled — but not paid from here).
 */
export async function findOrder(
  deps: ShopDeps,
  id: string,
  lang: Lang,
): Promise<ShopOrder | undefined> {
  const known = deps.orders.get(id);
  if (known) return known;
  const found = await deps.api.checkoutByOrderId(id, lang);
  return found ? { id, checkoutId: found.id, clientSecret: null } : undefined;
}

/** GET /sandbox-phone[?phone=] — JSON for demo.js's 2-second poll. */
export async function sandboxPhone(deps: ShopDeps, { url }: Ctx): Promise<Response> {
  const headers = { 'cache-control': 'no-store' };
  if (!deps.phone) return Response.json({ error: 'not in sandbox mode' }, { status: 404, headers });
  try {
    const view = await deps.phone.view(url.searchParams.get('phone') ?? undefined);
    return Response.json(phoneJson(view), { headers });
  } catch (error) {
    deps.onError?.(error);
    return Response.json({ error: 'sandbox unavailable' }, { status: 502, headers });
  }
}
