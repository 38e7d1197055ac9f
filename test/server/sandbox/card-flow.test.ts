import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { BAD_RESIDENT_ID, LUHN_FAIL_CARD, PHONE, RESIDENT_ID } from '../../support/fixtures.ts';
import {
  at,
  CARDS,
  createAndVerify,
  execute,
  paymentBody,
  sandboxPerTest,
  startReceiver,
  type UmfTestClient,
  waitFor,
} from './helpers.ts';

describe('card payment flow', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  // A payment stays in process for a second, so that two executes sent together meet it
  // in process even on a loaded machine.
  sandboxPerTest({ executeDelayMs: 1000, notifyRetryBaseMs: 20, seed: 7 }, (started) => {
    ({ sandbox, client } = started);
  });

  test('creates a payment waiting for the buyer, converted to CNY, with links', async () => {
    const reply = await client.post(
      '/payments/payment',
      paymentBody({ total: '100.00', currency: 'USD' }),
    );
    assert.equal(reply.status, 200);
    assert.equal(at(reply.body, 'meta.ret_code'), '0000');
    assert.match(String(at(reply.body, 'payment.id')), /^PAY_/);
    assert.equal(at(reply.body, 'payment.state'), 'WAIT_BUYER_PAY');
    assert.equal(at(reply.body, 'payment.order.amount.total_cny'), '712.34');
    assert.equal(at(reply.body, 'payment.order.amount.exchange_rate.rate'), '7.1234');
    const links = reply.body.links as { ref: string; href: string }[];
    assert.deepEqual(
      links.map((l) => l.ref),
      ['self', 'sms_verify'],
    );
    assert.ok(links[1].href.startsWith(`${sandbox.url}/cberest/v1/payments/payment/`));
  });

  test('pays with a test card: verify sends an SMS, execute processes, the payment succeeds', async () => {
    const receiver = await startReceiver();
    const { id, verified, code } = await createAndVerify(
      sandbox,
      client,
      CARDS.debit,
      paymentBody({ notifyUrl: receiver.url }),
    );
    assert.equal(verified.status, 200);
    assert.deepEqual(
      (verified.body.links as { ref: string }[]).map((l) => l.ref),
      ['self', 'confirm'],
    );
    assert.equal(verified.body.payment, undefined);
    assert.match(code, /^\d{6}$/);
    const executed = await execute(client, id, CARDS.debit, code);
    assert.equal(executed.status, 200, executed.text);
    assert.equal(at(executed.body, 'payment.state'), 'WAIT_BUYER_PAY');
    const [note] = await receiver.delivered();
    assert.equal(at(note.body, 'payment.state'), 'TRADE_SUCCESS');
    const got = await client.get(`/payments/payment/${id}`);
    assert.equal(at(got.body, 'payment.state'), 'TRADE_SUCCESS');
    assert.ok(at(got.body, 'payment.execute_success_time'));
    assert.ok(!JSON.stringify(got.body).includes(CARDS.debit));
    await receiver.close();
  });

  test('a credit card needs valid_date and cvv2 and then pays', async () => {
    const { id, verified, code } = await createAndVerify(
      sandbox,
      client,
      CARDS.credit,
      paymentBody({ bank: 'CMB' }),
    );
    assert.equal(verified.status, 200, verified.text);
    assert.equal((await execute(client, id, CARDS.credit, code)).status, 200);
  });

  test('refuses a second execute for the same payment and executes once', async () => {
    const { id, code } = await createAndVerify(sandbox, client);
    const [first, second] = await Promise.all([
      execute(client, id, CARDS.debit, code),
      execute(client, id, CARDS.debit, code),
    ]);
    assert.deepEqual([first.status, second.status].sort(), [200, 409]);
    assert.equal(at(second.status === 409 ? second.body : first.body, 'meta.ret_code'), '00060761');
    await waitFor(async () =>
      (await sandbox.control.ledger()).payments[0].state === 'TRADE_SUCCESS' ? true : undefined,
    );
    const again = await execute(client, id, CARDS.debit, code);
    assert.equal(at(again.body, 'meta.ret_code'), '00060763');
    assert.equal((await sandbox.control.ledger()).payments[0].executions, 1);
  });

  test('a wrong SMS code is refused and the payment stays open', async () => {
    const { id, code } = await createAndVerify(sandbox, client);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await execute(client, id, CARDS.debit, wrong);
    assert.equal(refused.status, 402);
    assert.equal(at(refused.body, 'meta.ret_code'), '00200005');
    assert.equal((await execute(client, id, CARDS.debit, code)).status, 200);
  });

  test('verify refuses the 0025, 0026 and 0027 test cards with their codes', async () => {
    for (const [card, retCode] of [
      [CARDS.incorrect, '00200025'],
      [CARDS.expired, '00200026'],
      [CARDS.notEnabled, '00200027'],
    ]) {
      const { verified } = await createAndVerify(sandbox, client, card);
      assert.equal(verified.status, 402);
      assert.equal(at(verified.body, 'meta.ret_code'), retCode);
    }
  });

  test('the 0002 card is declined at execute for insufficient balance', async () => {
    const { id, code } = await createAndVerify(sandbox, client, CARDS.insufficient);
    const reply = await execute(client, id, CARDS.insufficient, code);
    assert.equal(reply.status, 402);
    assert.equal(at(reply.body, 'meta.ret_code'), '00060730');
    assert.equal(at(reply.body, 'payment.state'), 'TRADE_FAIL');
  });

  test('the 0065 card is accepted at execute and ends TRADE_FAIL', async () => {
    const { id, code } = await createAndVerify(sandbox, client, CARDS.tradeFail);
    assert.equal((await execute(client, id, CARDS.tradeFail, code)).status, 200);
    const state = await waitFor(async () => {
      const s = at((await client.get(`/payments/payment/${id}`)).body, 'payment.state');
      return s === 'WAIT_BUYER_PAY' ? undefined : s;
    });
    assert.equal(state, 'TRADE_FAIL');
  });

  // Each refusal in the member spellings UMF's examples use (bank_card or bankCard, payer_name
  // or card_holder).
  const VERIFY_REFUSALS = [
    {
      what: 'a number failing Luhn',
      member: 'bank_card',
      holder: 'payer_name',
      number: LUHN_FAIL_CARD,
      residentId: RESIDENT_ID,
      phone: PHONE,
      retCode: '00060875',
    },
    {
      what: 'a bad resident ID',
      member: 'bankCard',
      holder: 'card_holder',
      number: CARDS.debit,
      residentId: BAD_RESIDENT_ID,
      phone: PHONE,
      retCode: '00060022',
    },
    {
      what: 'a bad phone',
      member: 'bankCard',
      holder: 'payer_name',
      number: CARDS.debit,
      residentId: RESIDENT_ID,
      phone: '2380013800',
      retCode: '00060720',
    },
  ] as const;

  test('verify checks Luhn, the resident ID and the phone', async () => {
    const created = await client.post('/payments/payment', paymentBody());
    const id = String(at(created.body, 'payment.id'));
    for (const c of VERIFY_REFUSALS) {
      const refused = await client.post(`/payments/payment/${id}/verify`, {
        payer: {
          payer_info: {
            [c.member]: {
              number: client.encrypt(c.number),
              [c.holder]: client.encrypt('张三'),
              citizen_id_number: client.encrypt(c.residentId),
              phone: c.phone,
            },
          },
        },
      });
      assert.equal(at(refused.body, 'meta.ret_code'), c.retCode, c.what);
    }
  });

  test('throttles SMS codes: one a minute, five a payment', async () => {
    const { id } = await createAndVerify(sandbox, client);
    const { cardBody } = await import('./helpers.ts');
    const tooSoon = await client.post(
      `/payments/payment/${id}/verify`,
      cardBody(client, CARDS.debit),
    );
    assert.equal(tooSoon.status, 429);
    assert.equal(tooSoon.headers.get('retry-after'), '60');
    assert.equal(at(tooSoon.body, 'meta.ret_code'), '00080706');
    for (let i = 0; i < 4; i++) {
      await sandbox.control.advanceClock(61);
      assert.equal(
        (await client.post(`/payments/payment/${id}/verify`, cardBody(client, CARDS.debit))).status,
        200,
      );
    }
    await sandbox.control.advanceClock(61);
    const sixth = await client.post(
      `/payments/payment/${id}/verify`,
      cardBody(client, CARDS.debit),
    );
    assert.equal(at(sixth.body, 'meta.ret_code'), '00080707');
  });
});
