// The demo shop against the real BFF (in-process sandbox) over real HTTP: the shop's handler
// on its own port, talking to the BFF only through GraphQL with the merchant key.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createDemoShop } from '../../../examples/demo-shop/shop.ts';
import { toNodeListener } from '../../../server/http/node-listener.ts';
import type { EncryptionKey } from '../../../widget/api/encrypt.ts';
import { CARDS } from '../../support/fixtures.ts';
import { encryptCard, MERCHANT_KEY, merchant, PHONE, startBff, widget } from '../bff/harness.ts';

type Bff = Awaited<ReturnType<typeof startBff>>;
let bff: Bff;
let server: Server;
let shop: string;

before(async () => {
  bff = await startBff();
  const handler = createDemoShop({
    graphqlUrl: bff.endpoint,
    merchantKey: MERCHANT_KEY,
    sandboxUrl: bff.server.sandbox!.url,
  });
  server = createServer(
    toNodeListener(
      async (request) => (await handler(request)) ?? new Response('not found', { status: 404 }),
      () => {},
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  shop = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await bff.close();
});

const CART = { 'qty.longjing-tea': '2', 'qty.manuka-honey': '1', 'qty.lakeside-hotel': '1' };

function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${shop}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

/** Pay (POST /checkout) and follow the redirect: the order id and the pay page. */
async function order(lang = 'en') {
  const created = await post('/checkout', { lang, ...CART });
  assert.equal(created.status, 303);
  const location = created.headers.get('location') ?? '';
  const orderId = /^\/pay\/([\w-]+)\?lang=/.exec(location)?.[1];
  assert.ok(orderId, location);
  const page = await fetch(`${shop}${location}`);
  const html = await page.text();
  const clientSecret = /client-secret="(cs_[^"]+)"/.exec(html)?.[1];
  assert.ok(clientSecret, 'the pay page carries the client secret');
  return { orderId, page, html, clientSecret };
}

async function checkoutOf(clientSecret: string) {
  const data = await widget(bff.endpoint, 'Checkout', { clientSecret });
  return data.checkout as { id: string; status: string; encryptionKey: EncryptionKey };
}

async function sendSms(clientSecret: string) {
  const { encryptionKey } = await checkoutOf(clientSecret);
  const input = {
    clientSecret,
    method: 'DEBIT_CARD',
    bankCode: 'ICBC',
    phone: PHONE,
    card: encryptCard(encryptionKey, CARDS.debit),
  };
  const data = await widget(bff.endpoint, 'SendSmsCode', { input });
  const sent = data.sendSmsCode as { __typename: string; attempt: { id: string } };
  assert.equal(sent.__typename, 'SmsCodeSent');
  return { attemptId: sent.attempt.id, key: encryptionKey };
}

test('the products page lists the goods in Chinese and in English', async () => {
  const zh = await (await fetch(`${shop}/?lang=zh-CN`)).text();
  assert.match(zh, /<html lang="zh-CN">/);
  for (const name of ['西湖龙井', '真丝围巾', '麦卢卡蜂蜜', '西湖畔精品酒店'])
    assert.ok(zh.includes(name));
  assert.ok(zh.includes('去付款'));
  const en = await (await fetch(`${shop}/?lang=en`)).text();
  assert.match(en, /<html lang="en">/);
  assert.ok(en.includes('West Lake Longjing green tea'));
  assert.ok(en.includes('Pay now'));
  assert.ok(en.includes('href="/orders?lang=en"'), 'links keep the language');
  assert.ok(en.includes('href="/?lang=zh-CN"'), 'the language switch');
});

test('Pay creates the checkout through GraphQL; the pay page mounts the widget with its secret', async () => {
  const { orderId, page, html, clientSecret } = await order('en');
  assert.match(orderId, /^DEMO-[A-Za-z0-9_-]+$/);
  assert.ok(orderId.length <= 28);
  assert.match(html, /<umf-checkout endpoint="\/graphql" client-secret="cs_[^"]+"\s+locale="en">/);
  assert.ok(html.includes('<script type="module" src="/umf-checkout.js"></script>'));
  const { id } = await checkoutOf(clientSecret);
  const found = await merchant(
    bff.endpoint,
    `query($id: ID!) { checkoutById(id: $id) { orderId status amount { amount currency }
      items { id quantity amount { amount } } } }`,
    { id },
  );
  assert.deepEqual(found.data?.checkoutById, {
    orderId,
    status: 'OPEN',
    amount: { amount: '257.00', currency: 'USD' },
    items: [
      { id: 'longjing-tea', quantity: 2, amount: { amount: '76.00' } },
      { id: 'manuka-honey', quantity: 1, amount: { amount: '52.00' } },
      { id: 'lakeside-hotel', quantity: 1, amount: { amount: '129.00' } },
    ],
  });
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.ok(!csp.includes('unsafe'), csp);
});

test('the first order gives the browser a customer; its next orders are that customer’s', async () => {
  const first = await post('/checkout', { lang: 'en', ...CART });
  const cookie = first.headers.get('set-cookie') ?? '';
  assert.match(
    cookie,
    /^demo_customer=demo-[0-9a-f]{24}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
  );
  const sent = { cookie: cookie.split(';')[0] };
  const again = await post('/checkout', { lang: 'en', ...CART }, sent);
  assert.equal(again.headers.get('set-cookie'), null, 'a known customer keeps the cookie');
  const forged = await post('/checkout', { lang: 'en', ...CART }, { cookie: 'demo_customer=bob' });
  assert.match(forged.headers.get('set-cookie') ?? '', /^demo_customer=demo-/, 'not one of ours');
  const customers = [];
  for (const response of [first, again, forged]) {
    const orderId = /^\/pay\/([\w-]+)/.exec(response.headers.get('location') ?? '')?.[1];
    const found = await merchant(
      bff.endpoint,
      `query($orderId: String) { checkouts(filter: { orderId: $orderId }, first: 1) {
        edges { node { customerId saveCard } } } }`,
      { orderId },
    );
    const page = found.data?.checkouts as { edges: { node: Record<string, string> }[] } | undefined;
    customers.push(page?.edges[0]?.node);
  }
  const id = cookie.split(';')[0].split('=')[1];
  assert.deepEqual(customers.slice(0, 2), [
    { customerId: id, saveCard: 'ASK' },
    { customerId: id, saveCard: 'ASK' },
  ]);
  assert.notEqual(customers[2]?.customerId, id);
  assert.match(customers[2]?.customerId ?? '', /^demo-[0-9a-f]{24}$/);
});

test('no demo page has an inline script or style', async () => {
  const { html } = await order('zh-CN');
  const pages = [html, await (await fetch(`${shop}/`)).text()];
  for (const page of pages) {
    for (const tag of page.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, / src="\//);
    assert.doesNotMatch(page, /<style\b|\sstyle="|\son[a-z]+="/);
  }
});

test('an empty cart is refused with a message and no order', async () => {
  const response = await post('/checkout', { lang: 'en', 'qty.longjing-tea': '0' });
  assert.equal(response.status, 422);
  assert.ok((await response.text()).includes('Choose at least one item.'));
});

test('the order page shows the status of an unpaid order', async () => {
  const { orderId } = await order('en');
  const page = await fetch(`${shop}/orders/${orderId}?lang=en`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.ok(html.includes('Awaiting payment'));
  assert.ok(html.includes(`href="/pay/${orderId}?lang=en"`), 'a way back to paying');
  const zh = await (await fetch(`${shop}/orders/${orderId}?lang=zh-CN`)).text();
  assert.ok(zh.includes('待支付'));
});

test('a refund on an unpaid order shows the typed error message', async () => {
  const { orderId, clientSecret } = await order('zh-CN');
  const { id } = await checkoutOf(clientSecret);
  // The harness's merchant call asks in zh-CN (no Accept-Language), like the page below.
  const direct = await merchant(
    bff.endpoint,
    `mutation($input: RefundPaymentInput!) { refundPayment(input: $input) {
      __typename ... on CheckoutError { code message } } }`,
    { input: { checkoutId: id, amount: '1.00' } },
  );
  const expected = direct.data?.refundPayment as { __typename: string; message: string };
  assert.equal(expected.__typename, 'CheckoutError');
  const response = await post(`/orders/${orderId}/refund`, { lang: 'zh-CN', amount: '1.00' });
  assert.equal(response.status, 422);
  const html = await response.text();
  assert.ok(html.includes('退款未成功：'));
  assert.ok(html.includes('role="alert"'));
  const escaped = expected.message.replaceAll('&', '&amp;').replaceAll("'", '&#39;');
  assert.ok(html.includes(escaped.replaceAll('"', '&quot;')), expected.message);
});

test('the sandbox phone lists the test cards, then the code the sandbox sent', async () => {
  const before = (await (await fetch(`${shop}/sandbox-phone`)).json()) as {
    messages: unknown[];
    testCards: { number: string }[];
  };
  assert.ok(before.testCards.some((card) => card.number === CARDS.debit));
  const { clientSecret } = await order('en');
  await sendSms(clientSecret);
  const [sent] = await bff.control.sms(PHONE);
  const after = (await (await fetch(`${shop}/sandbox-phone?phone=${PHONE}`)).json()) as {
    messages: { phone: string; code: string; time: string }[];
  };
  assert.equal(after.messages[0].code, sent.code);
  assert.equal(after.messages[0].phone, PHONE);
  assert.match(after.messages[0].time, /^\d\d:\d\d:\d\d$/);
});

test('a paid order shows as paid and takes a partial refund from its page', async () => {
  const { orderId, clientSecret } = await order('en');
  const { attemptId, key } = await sendSms(clientSecret);
  const [sms] = await bff.control.sms(PHONE);
  const input = {
    clientSecret,
    attemptId,
    phone: PHONE,
    card: encryptCard(key, CARDS.debit),
    smsCode: sms.code,
  };
  await widget(bff.endpoint, 'ConfirmPayment', { input });
  for (let i = 0; i < 50 && (await checkoutOf(clientSecret)).status !== 'SUCCEEDED'; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const paid = await (await fetch(`${shop}/orders/${orderId}?lang=en`)).text();
  assert.ok(paid.includes('<h1>Paid</h1>'));
  const refunded = await post(`/orders/${orderId}/refund`, { lang: 'en', amount: '10.00' });
  assert.equal(refunded.status, 303);
  const page = await (await fetch(`${shop}${refunded.headers.get('location')}`)).text();
  assert.ok(page.includes('Refund of $10.00 submitted.'));
  assert.ok(page.includes('Refundable: <strong>$247.00</strong>'));
  // Once UMF settles the refund, the order says so (until then it refreshes itself).
  let later = page;
  for (let i = 0; i < 50 && !later.includes('<h1>Partially refunded</h1>'); i += 1) {
    assert.ok(later.includes('<h1>Paid</h1>'));
    assert.match(later, /<body data-refresh="\d+">/, 'a pending refund refreshes the page');
    await new Promise((resolve) => setTimeout(resolve, 100));
    later = await (await fetch(`${shop}/orders/${orderId}?lang=en`)).text();
  }
  assert.ok(later.includes('<h1>Partially refunded</h1>'));
  assert.ok(later.includes('$10.00 of $257.00 refunded.'));
  assert.doesNotMatch(later, /data-refresh/);
  const zh = await (await fetch(`${shop}/orders/${orderId}?lang=zh-CN`)).text();
  assert.ok(zh.includes('<h1>部分退款</h1>'));
  assert.ok(zh.includes('可退金额：<strong>US$247.00</strong>'));
});

test('an open order is canceled; its pay page then leads to the order page', async () => {
  const { orderId } = await order('en');
  const canceled = await post(`/orders/${orderId}/cancel`, { lang: 'en' });
  assert.equal(canceled.status, 303);
  const page = await (await fetch(`${shop}${canceled.headers.get('location')}`)).text();
  assert.ok(page.includes('<h1>Canceled</h1>'));
  assert.ok(page.includes('The order was canceled.'));
  const pay = await fetch(`${shop}/pay/${orderId}?lang=en`, { redirect: 'manual' });
  assert.equal(pay.status, 303);
  assert.equal(pay.headers.get('location'), `/orders/${orderId}?lang=en`);
  const list = await (await fetch(`${shop}/orders?lang=en`)).text();
  assert.ok(list.includes(orderId));
});

test('a form posted from another site is refused', async () => {
  const response = await post('/checkout', CART, { 'sec-fetch-site': 'cross-site' });
  assert.equal(response.status, 403);
});

test('unknown paths are left to the app; unknown orders are a 404 page', async () => {
  assert.equal((await fetch(`${shop}/graphql-nope`)).status, 404);
  const missing = await fetch(`${shop}/orders/DEMO-none?lang=en`);
  assert.equal(missing.status, 404);
  assert.ok((await missing.text()).includes('We could not find this order.'));
});

test('after a restart the shop still lists and shows its orders: they come from checkouts', async () => {
  const { orderId } = await order('en');
  // A new shop process: nothing in memory, the same BFF.
  const restarted = createDemoShop({ graphqlUrl: bff.endpoint, merchantKey: MERCHANT_KEY });
  const get = async (path: string) => {
    const response = await restarted(
      new Request(`http://shop.test${path}`, { redirect: 'manual' }),
    );
    assert.ok(response, path);
    return response;
  };
  const list = await get('/orders?lang=en');
  const listed = await list.text();
  assert.ok(listed.includes(`href="/orders/${orderId}?lang=en"`), 'the order is listed');
  assert.ok(listed.includes('Awaiting payment'));
  const shown = await get(`/orders/${orderId}?lang=en`);
  assert.equal(shown.status, 200);
  assert.ok((await shown.text()).includes('Awaiting payment'));
  // Its client secret stayed with the old process: the pay page leads to the order page.
  const pay = await get(`/pay/${orderId}?lang=en`);
  assert.equal(pay.status, 303);
  assert.match(pay.headers.get('location') ?? '', new RegExp(`^/orders/${orderId}\\?`));
});
