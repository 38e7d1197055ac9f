// Paying inside WeChat's browser through the whole BFF: the OAuth round trip that yields the
// customer's open_id, the JS-API parameters, and the payment UMF finishes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Answer, createCheckout, customer, useBff, widget } from './harness.ts';

const bff = useBff();

type AuthorizeAnswer = Answer & { data?: string };

async function authorizeUrl(clientSecret: string, returnUrl: string, locale = 'zh-CN') {
  const data = await widget(
    bff.endpoint,
    'WechatAuthorizeUrl',
    { clientSecret, returnUrl },
    locale,
  );
  return data.wechatAuthorizeUrl as AuthorizeAnswer;
}

/** Follows the authorisation page as WeChat's browser would, up to the shop's return URL. */
async function openIdFrom(authorizeHref: string, returnUrl: string): Promise<string> {
  const response = await fetch(authorizeHref, { redirect: 'manual' });
  assert.equal(response.status, 302);
  const location = new URL(String(response.headers.get('location')));
  assert.equal(`${location.origin}${location.pathname}`, returnUrl);
  const openId = location.searchParams.get('open_id');
  assert.ok(openId, location.href);
  return openId;
}

test('the WeChat authorisation URL leads back to the shop with an open_id', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint, '12.00', ['WECHAT_WEB']);
  const returnUrl = 'https://shop.example/pay/wechat';
  const answer = await authorizeUrl(clientSecret, returnUrl);
  assert.equal(answer.__typename, 'QueryWechatAuthorizeUrlSuccess');
  assert.match(String(answer.data), /^https?:\/\//);
  assert.match(await openIdFrom(String(answer.data), returnUrl), /^[\w-]{6,128}$/);
});

test('a return URL on an origin the merchant did not allow is VALIDATION on returnUrl', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint, '12.00', ['WECHAT_WEB']);
  for (const returnUrl of ['https://evil.example/pay', 'javascript:alert(1)']) {
    const answer = await authorizeUrl(clientSecret, returnUrl, 'en');
    assert.equal(answer.__typename, 'CheckoutError');
    assert.equal(answer.code, 'VALIDATION');
    assert.equal(answer.field, 'returnUrl');
  }
});

test('startWechatPayment gives the JS-API parameters, and the paid payment ends SUCCEEDED', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint, '12.00', ['WECHAT_WEB']);
  const returnUrl = 'https://shop.example/pay/wechat';
  const openId = await openIdFrom(
    String((await authorizeUrl(clientSecret, returnUrl)).data),
    returnUrl,
  );
  const data = await widget(bff.endpoint, 'StartWechatPayment', {
    input: { clientSecret, openId },
  });
  const started = data.startWechatPayment as Answer & { payParams: Record<string, string> };
  assert.equal(started.__typename, 'WechatPayment', JSON.stringify(started));
  assert.equal(started.checkout?.status, 'AWAITING_CUSTOMER');
  const { payParams } = started;
  assert.deepEqual(Object.keys(payParams).sort(), [
    'appId',
    'nonceStr',
    'package',
    'paySign',
    'signType',
    'timeStamp',
  ]);
  assert.match(payParams.appId, /^wx/);
  assert.match(payParams.timeStamp, /^\d{10}$/);
  assert.match(payParams.nonceStr, /^\w+$/);
  assert.match(payParams.package, /^prepay_id=/);
  assert.equal(payParams.signType, 'MD5');
  assert.match(payParams.paySign, /^[0-9A-F]{32}$/);

  const updates = customer(bff).watch(clientSecret);
  const attempt = await bff.server.store.getAttempt({ attemptId: started.checkout!.attempt!.id });
  await bff.control.scan(String(attempt?.umfPaymentId));
  assert.equal((await updates).at(-1), 'SUCCEEDED');
});

test('an open_id that is not one is VALIDATION on openId, and no payment starts', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint, '12.00', ['WECHAT_WEB']);
  const data = await widget(bff.endpoint, 'StartWechatPayment', {
    input: { clientSecret, openId: 'x"><script>' },
  });
  const answer = data.startWechatPayment as Answer;
  assert.equal(answer.code, 'VALIDATION');
  assert.equal(answer.field, 'openId');
  assert.equal((await customer(bff).load(clientSecret)).attempt, null);
});
