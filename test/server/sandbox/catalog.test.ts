import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { at, type UmfTestClient, umfClient } from './helpers.ts';

describe('banks, rates and WeChat open id', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  before(async () => {
    sandbox = await startSandbox({ rates: { USD: '7.2000' } });
    client = umfClient(sandbox);
    await client.authorize();
  });
  after(() => sandbox.close());

  test('lists 64 credit-card banks and 15 debit-card banks', async () => {
    const credit = await client.get('/bank?type=CREDIT_CARD');
    const debit = await client.get('/bank?type=DEBIT_CARD');
    assert.equal((credit.body.banks as unknown[]).length, 64);
    assert.equal((debit.body.banks as unknown[]).length, 15);
    const icbc = (debit.body.banks as Record<string, unknown>[]).find(
      (bank) => bank.code === 'ICBC',
    );
    assert.equal(icbc?.name_zh, '中国工商银行');
    assert.deepEqual(icbc?.types, ['CREDIT_CARD', 'DEBIT_CARD']);
    const logo = await fetch(String(icbc?.logo_url));
    assert.equal(logo.headers.get('content-type'), 'image/svg+xml');
  });

  test('refuses an unknown card type with 400', async () => {
    const reply = await client.get('/bank?type=GIFT_CARD');
    assert.equal(reply.status, 400);
    assert.equal(at(reply.body, 'meta.ret_code'), '00060700');
  });

  test('answers exchange rates from the table, with overrides', async () => {
    const usd = await client.get('/exchange_rate?currency=USD');
    assert.deepEqual(usd.body.exchangeRates, [{ currency: 'USD', rate: '7.2000' }]);
    const unknown = await client.get('/exchange_rate?currency=XYZ');
    assert.equal(at(unknown.body, 'meta.ret_code'), '00281017');
  });

  test('links to a WeChat OAuth page that redirects with an open_id', async () => {
    const reply = await client.get(
      `/payments/wechat_openid?notify_url=${encodeURIComponent('https://shop.example/back?x=1')}`,
    );
    const [weChat] = reply.body.links as { ref: string; method: string; href: string }[];
    assert.equal(weChat.ref, 'weChat');
    const page = await fetch(weChat.href, { redirect: 'manual' });
    assert.equal(page.status, 302);
    const location = new URL(String(page.headers.get('location')));
    assert.equal(location.origin + location.pathname, 'https://shop.example/back');
    assert.equal(location.searchParams.get('x'), '1');
    assert.match(String(location.searchParams.get('open_id')), /^oSbx/);
  });
});
