import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import {
  at,
  CARDS,
  createAndVerify,
  execute,
  newOrderId,
  paymentBody,
  sandboxPerTest,
  type UmfTestClient,
} from './helpers.ts';

describe('payment creation rules', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  sandboxPerTest({ executeDelayMs: 0 }, (started) => {
    ({ sandbox, client } = started);
  });

  const code = async (body: Record<string, unknown>) => {
    const reply = await client.post('/payments/payment', body);
    return [reply.status, at(reply.body, 'meta.ret_code')];
  };

  test('validates amounts as strings of at most two decimals', async () => {
    assert.deepEqual(await code(paymentBody({ total: '0.00' })), [400, '00202003']);
    assert.deepEqual(await code(paymentBody({ total: '1.005' })), [400, '00060700']);
    assert.deepEqual(
      await code(paymentBody({ order: { amount: { total: 12.5, currency: 'USD' } } })),
      [400, '00060700'],
    );
    assert.deepEqual(await code(paymentBody({ total: '12345678.00' })), [400, '00060700']);
  });

  test('knows the interface types of the reference and the SDK, and refuses others', async () => {
    const withInterface = (type: string) => {
      const body = paymentBody();
      (body.payer as Record<string, unknown>).interface_type = type;
      return body;
    };
    for (const known of ['SERVER_TO_SERVER', 'DIRECT_TO_BANK'])
      assert.deepEqual(await code(withInterface(known)), [200, '0000'], known);
    const reply = await client.post('/payments/payment', withInterface('SERVER_TO_APP'));
    assert.equal(reply.status, 400);
    assert.match(
      String(at(reply.body, 'meta.ret_msg')),
      /interface_type must be one of .*SERVER_TO_H5WEB/,
    );
  });

  test('refuses a currency outside the accepted list', async () => {
    assert.deepEqual(await code(paymentBody({ currency: 'KRW' })), [402, '00281017']);
  });

  test('refuses sub-orders that do not add up to the order amount', async () => {
    const body = paymentBody({ total: '100.00' });
    (body.order as Record<string, unknown>).amount = { total: '100.01', currency: 'USD' };
    assert.deepEqual(await code(body), [400, '00060700']);
  });

  test('an order id pays at most once', async () => {
    const orderId = newOrderId();
    await client.post('/payments/payment', paymentBody({ orderId }));
    assert.deepEqual(await code(paymentBody({ orderId })), [409, '00060740']);
    await sandbox.control.advanceClock(361 * 60);
    await client.authorize();
    const retry = await client.post('/payments/payment', paymentBody({ orderId }));
    assert.equal(at(retry.body, 'meta.ret_code'), '0000', 'an expired attempt frees the order id');
    const { id, code: sms } = await createAndVerify(
      sandbox,
      client,
      CARDS.debit,
      paymentBody({ orderId: 'PAID-ONCE' }),
    );
    await execute(client, id, CARDS.debit, sms);
    assert.deepEqual(await code(paymentBody({ orderId: 'PAID-ONCE' })), [409, '00060740']);
  });

  test('an expired payment is TRADE_CLOSED and refuses execute', async () => {
    const { id, code: sms } = await createAndVerify(
      sandbox,
      client,
      CARDS.debit,
      paymentBody({ order: { expire_time: '5' } }),
    );
    await sandbox.control.advanceClock(5 * 60 + 1);
    await client.authorize();
    const reply = await execute(client, id, CARDS.debit, sms);
    assert.equal(at(reply.body, 'meta.ret_code'), '00060751');
    assert.equal(
      at((await client.get(`/payments/payment/${id}`)).body, 'payment.state'),
      'TRADE_CLOSED',
    );
  });

  test('a payment due sooner than those made before it expires at its own time', async () => {
    const created = async (minutes: string) => {
      const reply = await client.post(
        '/payments/payment',
        paymentBody({ order: { expire_time: minutes } }),
      );
      return String(at(reply.body, 'payment.id'));
    };
    const state = async (id: string) =>
      at((await client.get(`/payments/payment/${id}`)).body, 'payment.state');
    const later = await created('300');
    assert.equal(await state(later), 'WAIT_BUYER_PAY'); // a request (and a sweep) in between
    const sooner = await created('2');
    await sandbox.control.advanceClock(2 * 60 + 1);
    await client.authorize();
    assert.equal(await state(sooner), 'TRADE_CLOSED');
    assert.equal(await state(later), 'WAIT_BUYER_PAY');
  });

  test('a QR payment returns the sandbox QR page as qr_code_url', async () => {
    const reply = await client.post('/payments/payment', paymentBody({ method: 'ALIPAY_SCAN' }));
    const id = String(at(reply.body, 'payment.id'));
    assert.equal(
      at(reply.body, 'payment.payer.payer_info.qr_code_scan.qr_code_url'),
      `${sandbox.url}/__sandbox/qr/${id}`,
    );
  });

  test('a WECHAT_WEB payment needs an open_id and returns pay_info', async () => {
    assert.deepEqual(await code(paymentBody({ method: 'WECHAT_WEB' })), [400, '00060700']);
    const reply = await client.post(
      '/payments/payment',
      paymentBody({ method: 'WECHAT_WEB', payerInfo: { wechat_in_app_web: { open_id: 'oABC' } } }),
    );
    const payInfo = at(reply.body, 'payment.payer.payer_info.wechat_in_app_web.pay_info') as Record<
      string,
      string
    >;
    assert.deepEqual(Object.keys(payInfo), [
      'app_id',
      'time_stamp',
      'nonce_str',
      'package',
      'sign_type',
      'pay_sign',
    ]);
    assert.equal(payInfo.sign_type, 'MD5');
    assert.match(payInfo.pay_sign, /^[0-9A-F]{32}$/);
  });

  test('a card payment needs a bank that takes that card type', async () => {
    assert.deepEqual(await code(paymentBody({ method: 'DEBIT_CARD', bank: 'NJCB' })), [
      400,
      '00060700',
    ]);
    assert.deepEqual(await code(paymentBody({ method: 'CREDIT_CARD', bank: 'NJCB' })), [
      200,
      '0000',
    ]);
  });
});
