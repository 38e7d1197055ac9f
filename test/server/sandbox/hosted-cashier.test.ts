// The hosted cashier in the sandbox: a NOT_APPLICABLE + SERVER_TO_WEB payment answers with the
// page links, and the page takes the card, sends the SMS code, pays with the same test-card
// outcomes as the API path, notifies, and links back to ret_url unchanged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { BAD_RESIDENT_ID, LUHN_FAIL_CARD } from '../../support/fixtures.ts';
import {
  at,
  type Body,
  CARDS,
  cardBody,
  PHONE,
  paymentBody,
  startReceiver,
  type UmfTestClient,
  umfClient,
  waitFor,
} from './helpers.ts';
import { cardFields, codeFor, openPage, payOnHostedPage, postForm } from './hosted-customer.ts';

let sandbox: Sandbox;
let client: UmfTestClient;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const RET_URL = 'https://shop.example/pay/order-1?lang=zh-CN&x=a%20b';

before(async () => {
  // A payment stays processing for a second: long enough that the page read right after
  // paying still shows it on a loaded machine, short enough for the suites that wait.
  sandbox = await startSandbox({ executeDelayMs: 1000, notifyRetryBaseMs: 20 });
  client = umfClient(sandbox);
  await client.authorize();
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  await sandbox.close();
});

function hostedBody(extra: Body = {}): Body {
  const base = paymentBody({ notifyUrl: receiver.url });
  return {
    ...base,
    payer: { payment_method: 'NOT_APPLICABLE', interface_type: 'SERVER_TO_WEB', payer_info: {} },
    order: { ...(base.order as Body), sub_mer_id: 'umfsubmer001' },
    ret_url: RET_URL,
    ...extra,
  };
}

async function createHosted(extra: Body = {}) {
  const created = await client.post('/payments/payment', hostedBody(extra));
  assert.equal(created.status, 200, created.text);
  const links = created.body.links as { ref: string; href: string }[];
  return { id: String(at(created.body, 'payment.id')), links, pageUrl: links[3].href };
}

test('a NOT_APPLICABLE + SERVER_TO_WEB payment answers with the page as pay_url and redirect_url', async () => {
  const { id, links } = await createHosted();
  assert.deepEqual(
    links.map((link) => link.ref),
    ['self', 'query', 'pay_url', 'redirect_url'],
  );
  // UMF's own demo sends the browser to the fourth link and shows the third.
  assert.equal(links[3].href, `${sandbox.url}/cashier/${id}`);
  assert.equal(links[2].href, links[3].href);
  const got = await client.get(`/payments/payment/${id}`);
  assert.equal(at(got.body, 'payment.state'), 'WAIT_BUYER_PAY');
  assert.equal(at(got.body, 'payment.ret_url'), RET_URL);
});

test('a hosted payment without ret_url, or with SERVER_TO_SERVER, is refused naming the member', async () => {
  const noReturn = await client.post('/payments/payment', hostedBody({ ret_url: undefined }));
  assert.equal(noReturn.status, 400);
  assert.match(String(at(noReturn.body, 'meta.ret_msg')), /ret_url/);
  const body = hostedBody();
  (body.payer as Body).interface_type = 'SERVER_TO_SERVER';
  const wrongInterface = await client.post('/payments/payment', body);
  assert.equal(wrongInterface.status, 400);
  assert.match(String(at(wrongInterface.body, 'meta.ret_msg')), /interface_type/);
});

test('the page is in Chinese by default and in English on ?lang=en or an English browser', async () => {
  const { pageUrl } = await createHosted();
  const zh = await openPage(pageUrl);
  assert.equal(zh.status, 200);
  assert.match(zh.html, /<html lang="zh-CN">/);
  assert.match(zh.html, /<h1>银行卡支付<\/h1>/);
  assert.match(zh.html, /<label for="f-cardNumber">银行卡号<\/label>/);
  const en = await openPage(`${pageUrl}?lang=en`);
  assert.match(en.html, /<html lang="en">/);
  assert.match(en.html, /<h1>Pay by bank card<\/h1>/);
  const browser = await openPage(pageUrl, { 'accept-language': 'en-GB,en;q=0.9' });
  assert.match(browser.html, /<html lang="en">/);
});

test('paying with a good debit card: SMS code in the log, TRADE_SUCCESS notified, back to ret_url as given', async () => {
  const { id, pageUrl } = await createHosted();
  const { result, returnUrl } = await payOnHostedPage(sandbox.control, pageUrl, {
    number: CARDS.debit,
  });
  assert.equal(returnUrl, RET_URL);
  const paid = await waitFor(async () => {
    const page = await openPage(pageUrl);
    return page.html.includes('支付成功') ? page : undefined;
  });
  assert.match(paid.html, /<h1>支付成功<\/h1>/);
  assert.ok(result.status === 200);
  const delivery = await waitFor(() =>
    receiver.deliveries.find((d) => at(d.body, 'payment.id') === id),
  );
  assert.equal(at(delivery.body, 'payment.state'), 'TRADE_SUCCESS');
  const ledger = await sandbox.control.ledger();
  const entry = ledger.payments.find((p) => p.id === id);
  assert.equal(entry?.state, 'TRADE_SUCCESS');
  assert.equal(entry?.executions, 1);
});

test('a credit card takes MM/YY and CVV2 on the page and pays', async () => {
  const { id, pageUrl } = await createHosted();
  await payOnHostedPage(sandbox.control, pageUrl, {
    number: CARDS.credit,
    cardType: 'CREDIT_CARD',
    expiry: '09/39',
    cvv2: '123',
  });
  await waitFor(async () => {
    const got = await client.get(`/payments/payment/${id}`);
    return at(got.body, 'payment.state') === 'TRADE_SUCCESS' ? true : undefined;
  });
});

test('a declined card (0002) ends TRADE_FAIL 00060730 and the page says why', async () => {
  const { id, pageUrl } = await createHosted();
  const { result, returnUrl } = await payOnHostedPage(sandbox.control, pageUrl, {
    number: CARDS.insufficient,
  });
  assert.match(result.html, /<h1>支付失败<\/h1>/);
  assert.match(result.html, /余额不足/);
  assert.equal(returnUrl, RET_URL);
  const entry = (await sandbox.control.ledger()).payments.find((p) => p.id === id);
  assert.equal(entry?.state, 'TRADE_FAIL');
});

test('a 0065 card is processing first, then TRADE_FAIL', async () => {
  const { id, pageUrl } = await createHosted();
  const { result } = await payOnHostedPage(
    sandbox.control,
    pageUrl,
    { number: CARDS.tradeFail },
    'en',
  );
  assert.match(result.html, /<h1>Payment processing<\/h1>/);
  const delivery = await waitFor(() =>
    receiver.deliveries.find((d) => at(d.body, 'payment.id') === id),
  );
  assert.equal(at(delivery.body, 'payment.state'), 'TRADE_FAIL');
});

test('a bad card is refused on its field, and nothing typed about the card comes back', async () => {
  const { pageUrl } = await createHosted();
  const fields = cardFields({ number: LUHN_FAIL_CARD, idNumber: BAD_RESIDENT_ID });
  const refused = await postForm(pageUrl, 'card', fields);
  assert.equal(refused.status, 422);
  assert.match(refused.html, /role="alert"/);
  assert.match(refused.html, /id="f-cardNumber-error">卡号有误/);
  assert.match(refused.html, /id="f-idNumber-error">身份证号有误/);
  assert.match(refused.html, /aria-describedby="f-cardNumber-error"/);
  assert.doesNotMatch(refused.html, /6222020000070001|110105194912310021|张三/);
  assert.match(refused.html, new RegExp(`value="${PHONE}"`));
});

test('verify-step test cards (0025, 0026, 0027) are refused as the API path refuses them', async () => {
  const expected = [
    [CARDS.incorrect, 'f-cardNumber-error">银行卡信息有误'],
    [CARDS.expired, 'f-cardNumber-error">银行卡已过期'],
    [CARDS.notEnabled, 'f-bank-error">该银行暂不支持此卡种'],
  ] as const;
  for (const [number, text] of expected) {
    const { pageUrl } = await createHosted();
    const refused = await postForm(pageUrl, 'card', cardFields({ number }));
    assert.equal(refused.status, 422, number);
    assert.ok(refused.html.includes(text), `${number}: ${text}`);
  }
});

test('a wrong SMS code is refused on its field; the right one then pays once', async () => {
  const { id, pageUrl } = await createHosted();
  assert.equal((await postForm(pageUrl, 'card', cardFields({ number: CARDS.debit }))).status, 303);
  const sms = await openPage(pageUrl);
  assert.match(sms.html, /<h1>输入短信验证码<\/h1>/);
  assert.match(sms.html, /138\*\*\*\*8000/);
  assert.ok(
    sms.html.includes(`/__sandbox/sms?phone=${PHONE}`),
    'the sandbox says where the code is',
  );
  const code = await codeFor(sandbox.control, PHONE, id);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const refused = await postForm(pageUrl, 'pay', { smsCode: wrong });
  assert.equal(refused.status, 422);
  assert.match(refused.html, /id="f-smsCode-error">验证码错误/);
  assert.equal((await postForm(pageUrl, 'pay', { smsCode: code })).status, 303);
  const again = await postForm(pageUrl, 'pay', { smsCode: code });
  assert.equal(again.status, 303, 'a second confirm shows the result, it does not pay again');
  const entry = (await sandbox.control.ledger()).payments.find((p) => p.id === id);
  assert.equal(entry?.executions, 1);
});

test('cancel ends the payment TRADE_CANCEL and sends the customer to ret_url', async () => {
  const { id, pageUrl } = await createHosted();
  const canceled = await postForm(pageUrl, 'cancel', {});
  assert.equal(canceled.status, 303);
  assert.equal(canceled.location, RET_URL);
  const got = await client.get(`/payments/payment/${id}`);
  assert.equal(at(got.body, 'payment.state'), 'TRADE_CANCEL');
});

test('a hosted payment cannot be paid through verify; a card payment has no page', async () => {
  const { id } = await createHosted();
  const verify = await client.post(`/payments/payment/${id}/verify`, cardBody(client, CARDS.debit));
  assert.equal(verify.status, 400);
  const card = await client.post('/payments/payment', paymentBody());
  const cardId = String(at(card.body, 'payment.id'));
  assert.equal((await openPage(`${sandbox.url}/cashier/${cardId}`)).status, 409);
  assert.equal((await openPage(`${sandbox.url}/cashier/PAY_NONE`)).status, 404);
});
