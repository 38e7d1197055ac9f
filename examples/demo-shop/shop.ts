// The demo shop: merchant code, and the worked example for merchants. Its backend half
// creates checkouts and refunds through the BFF's public GraphQL API with the merchant key
// (over HTTP, like any merchant backend); its pages mount <umf-checkout> with the client
// secret. createDemoShop returns a fetch-style handler: a Response for its routes, else
// undefined (the app answers the rest).
import { isAsset, loadAssets } from './assets.ts';
import * as handlers from './handlers.ts';
import { langOf, TRANSLATIONS } from './i18n.ts';
import { createMerchantApi, MerchantApiError } from './merchant-api.ts';
import { messagePage } from './order-page.ts';
import { createOrderBook, type ShopOrder } from './orders.ts';
import { createSandboxPhone } from './sandbox-phone.ts';

export type DemoShopOptions = {
  /** The BFF's GraphQL endpoint as the shop's backend reaches it (server to server). */
  graphqlUrl: string;
  merchantKey: string;
  /** The UMF sandbox (control API for the sandbox phone); absent: no phone panel. */
  sandboxUrl?: string;
  /** Where the page loads the widget from (default /umf-checkout.js). */
  widgetScriptUrl?: string;
  /** The widget's `endpoint` attribute, as the browser reaches the BFF (default /graphql). */
  widgetEndpoint?: string;
  fetch?: typeof fetch;
  /** Epoch-ms clock for order ids. */
  now?: () => number;
  /** Faults worth a log line (the BFF unreachable, a sandbox error). */
  onError?: (error: unknown) => void;
};

export type DemoShop = (request: Request) => Promise<Response | undefined>;

type Deps = handlers.ShopDeps;
type Ctx = handlers.Ctx;
type Run = (deps: Deps, c: Ctx, id: string) => Response | Promise<Response>;
type Route = { method: 'GET' | 'POST'; pattern: RegExp; run: Run };

const FORM_LIMIT = 16 * 1024;
const ORDER = '([A-Za-z0-9_-]{1,28})';

/** Runs `run` for a known order of this shop; an unknown id is a 404 page. */
const withOrder =
  (run: (deps: Deps, c: Ctx, order: ShopOrder) => Promise<Response>): Run =>
  async (deps, c, id) => {
    const order = await handlers.findOrder(deps, id, c.lang);
    return order ? run(deps, c, order) : handlers.notFound(deps, c.lang);
  };

const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/$/, run: handlers.products },
  { method: 'POST', pattern: /^\/checkout$/, run: handlers.checkout },
  { method: 'GET', pattern: new RegExp(`^/pay/${ORDER}$`), run: withOrder(handlers.pay) },
  { method: 'GET', pattern: /^\/orders$/, run: handlers.listOrders },
  {
    method: 'GET',
    pattern: new RegExp(`^/orders/${ORDER}$`),
    run: withOrder((deps, c, order) => handlers.showOrder(deps, c, order)),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/orders/${ORDER}/refund$`),
    run: withOrder(handlers.refund),
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/orders/${ORDER}/cancel$`),
    run: withOrder(handlers.cancel),
  },
  { method: 'GET', pattern: /^\/sandbox-phone$/, run: handlers.sandboxPhone },
];

export function createDemoShop(options: DemoShopOptions): DemoShop {
  const fetchImpl = options.fetch ?? fetch;
  const deps: Deps = {
    api: createMerchantApi({ ...options, fetch: fetchImpl }),
    orders: createOrderBook(options.now),
    phone: options.sandboxUrl ? createSandboxPhone(options.sandboxUrl, fetchImpl) : undefined,
    csp: handlers.cspFor(options.sandboxUrl),
    widget: {
      endpoint: options.widgetEndpoint ?? '/graphql',
      script: options.widgetScriptUrl ?? '/umf-checkout.js',
    },
    onError: options.onError,
  };
  const asset = loadAssets();

  return async (request) => {
    const url = new URL(request.url);
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (isAsset(url.pathname)) return method === 'GET' ? asset(url.pathname) : notAllowed('GET');
    const matches = ROUTES.filter((route) => route.pattern.test(url.pathname));
    if (matches.length === 0) return undefined;
    const route = matches.find((r) => r.method === method);
    if (!route) return notAllowed(matches.map((r) => r.method).join(', '));
    if (method === 'POST' && !sameSite(request)) return new Response('forbidden', { status: 403 });
    const form = method === 'POST' ? await readForm(request) : new URLSearchParams();
    if (!form) return new Response('request body too large', { status: 413 });
    const lang = langOf(url, request.headers.get('accept-language'), form.get('lang'));
    const id = route.pattern.exec(url.pathname)?.[1] ?? '';
    try {
      const customer = handlers.customerOf(request.headers.get('cookie'));
      return await route.run(deps, { url, lang, form, customer }, id);
    } catch (error) {
      if (!(error instanceof MerchantApiError)) throw error;
      options.onError?.(error);
      const t = TRANSLATIONS[lang];
      return handlers.htmlPage(deps, messagePage(lang, t.shopName, t.serviceError), 502);
    }
  };
}

function notAllowed(allow: string): Response {
  return new Response('method not allowed', { status: 405, headers: { allow } });
}

/** Forms only from our own pages: browsers say where a request comes from. */
function sameSite(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}

async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  if (!request.body) return new URLSearchParams();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > FORM_LIMIT) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
