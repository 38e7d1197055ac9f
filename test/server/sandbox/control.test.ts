import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import {
  at,
  CARDS,
  cardBody,
  createAndVerify,
  execute,
  PHONE,
  paymentBody,
  sandboxPerTest,
  type UmfTestClient,
} from './helpers.ts';

describe('control API', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  sandboxPerTest({ executeDelayMs: 0, seed: 42 }, (started) => {
    ({ sandbox, client } = started);
  });

  async function qrPayment(): Promise<string> {
    const reply = await client.post('/payments/payment', paymentBody({ method: 'WECHAT_SCAN' }));
    return String(at(reply.body, 'payment.id'));
  }

  test('scan pays a QR payment, and ?outcome=fail fails one', async () => {
    const paid = await qrPayment();
    await sandbox.control.scan(paid);
    assert.equal(
      at((await client.get(`/payments/payment/${paid}`)).body, 'payment.state'),
      'TRADE_SUCCESS',
    );
    await sandbox.control.reset();
    await client.authorize();
    const failed = await qrPayment();
    await sandbox.control.scan(failed, 'fail');
    assert.equal(
      at((await client.get(`/payments/payment/${failed}`)).body, 'payment.state'),
      'TRADE_FAIL',
    );
    await assert.rejects(sandbox.control.scan(failed), /409/);
  });

  test('scan refuses card payments', async () => {
    const reply = await client.post('/payments/payment', paymentBody());
    await assert.rejects(sandbox.control.scan(String(at(reply.body, 'payment.id'))), /409/);
  });

  test('the QR page shows the amount, an SVG QR code and Pay / Fail forms', async () => {
    const id = await qrPayment();
    const page = await fetch(`${sandbox.url}/__sandbox/qr/${id}`);
    assert.match(String(page.headers.get('content-type')), /text\/html/);
    const html = await page.text();
    assert.match(html, /<svg[\s\S]*<\/svg>/);
    assert.match(html, /100\.00 USD/);
    assert.match(
      html,
      new RegExp(`<form method="post" action="/__sandbox/payments/${id}/scan\\?outcome=success">`),
    );
    assert.match(html, /outcome=fail/);
    const posted = await fetch(`${sandbox.url}/__sandbox/payments/${id}/scan?outcome=success`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    assert.match(await posted.text(), /TRADE_SUCCESS/);
  });

  test('lists SMS codes newest first (the newest few with limit) and the test cards', async () => {
    const first = await createAndVerify(sandbox, client);
    const { id, code } = await createAndVerify(sandbox, client);
    const [sms] = await sandbox.control.sms(PHONE);
    assert.deepEqual([sms.paymentId, sms.code, sms.phone], [id, code, PHONE]);
    const ids = async (limit?: number) =>
      (await sandbox.control.sms(PHONE, limit)).map((message) => message.paymentId);
    assert.deepEqual(await ids(), [id, first.id]);
    assert.deepEqual(await ids(1), [id]);
    assert.deepEqual(await ids(0), []);
    assert.deepEqual(await ids(5), [id, first.id]);
    const bad = await fetch(`${sandbox.url}/__sandbox/sms?phone=${PHONE}&limit=-1`);
    assert.equal(bad.status, 400);
    const cards = await sandbox.control.testCards();
    assert.ok(
      cards.some((card) => card.number === CARDS.insufficient && card.retCode === '00060730'),
    );
  });

  test('logs requests without bodies or card data', async () => {
    await createAndVerify(sandbox, client);
    const log = await sandbox.control.requests();
    assert.deepEqual(
      log.map((entry) => entry.endpoint),
      ['token', 'createPayment', 'verify'],
    );
    assert.equal(log[2].retCode, '0000');
    assert.ok(!JSON.stringify(log).includes(CARDS.debit));
  });

  test('reset clears payments, SMS, tokens and the log', async () => {
    await createAndVerify(sandbox, client);
    await sandbox.control.reset();
    assert.deepEqual(await sandbox.control.sms(PHONE), []);
    assert.deepEqual((await sandbox.control.ledger()).payments, []);
    assert.deepEqual(await sandbox.control.requests(), []);
    assert.equal((await client.get('/bank')).status, 401);
  });

  test('an HTTP 500 fault changes no state and replays with the same seed', async () => {
    const draws = async () => {
      await sandbox.control.faults({
        seed: 3,
        rules: [{ endpoint: 'exchangeRate', errorRate: 0.5 }],
      });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await client.get('/exchange_rate?currency=USD')).status);
      return statuses;
    };
    const first = await draws();
    assert.ok(first.includes(500) && first.includes(200));
    assert.deepEqual(await draws(), first);
    await sandbox.control.faults({
      rules: [{ endpoint: 'createPayment', errorRate: 1, times: 1 }],
    });
    const failed = await client.post('/payments/payment', paymentBody());
    assert.equal(failed.status, 500);
    assert.deepEqual((await sandbox.control.ledger()).payments, []);
  });

  test('a reset-after fault cuts the answer but the execute really happened', async () => {
    const { id, code } = await createAndVerify(sandbox, client);
    await sandbox.control.faults({ rules: [{ endpoint: 'execute', reset: 'after', times: 1 }] });
    await assert.rejects(execute(client, id, CARDS.debit, code));
    assert.equal(
      at((await client.get(`/payments/payment/${id}`)).body, 'payment.state'),
      'TRADE_SUCCESS',
    );
    const log = await sandbox.control.requests();
    assert.equal(log.find((entry) => entry.endpoint === 'execute')?.fault, 'reset-after');
  });

  test('a reset-before fault cuts the request before any state change', async () => {
    const created = await client.post('/payments/payment', paymentBody());
    const id = String(at(created.body, 'payment.id'));
    await sandbox.control.faults({ rules: [{ endpoint: 'verify', reset: 'before' }] });
    await assert.rejects(
      client.post(`/payments/payment/${id}/verify`, cardBody(client, CARDS.debit)),
    );
    assert.deepEqual(await sandbox.control.sms(PHONE), []);
  });

  test('a rule with a rate resets some requests, the same ones again with the same seed', async () => {
    const outcomes = async () => {
      await sandbox.control.faults({
        seed: 11,
        rules: [{ endpoint: 'exchangeRate', reset: 'before', rate: 0.5 }],
      });
      const seen: string[] = [];
      for (let i = 0; i < 16; i++) {
        const answer = await client.get('/exchange_rate?currency=USD').then(
          (reply) => String(reply.status),
          () => 'reset',
        );
        seen.push(answer);
      }
      return seen;
    };
    const first = await outcomes();
    assert.ok(first.includes('reset') && first.includes('200'), first.join(' '));
    assert.deepEqual(await outcomes(), first);
  });

  test('times counts only the requests a rule hit', async () => {
    await sandbox.control.faults({
      seed: 5,
      rules: [{ endpoint: 'exchangeRate', badSignature: true, rate: 0, times: 1 }],
    });
    for (let i = 0; i < 3; i++) await client.get('/exchange_rate?currency=USD');
    const log = await sandbox.control.requests();
    assert.deepEqual(
      log.filter((entry) => entry.fault !== undefined),
      [],
    );
  });

  test('a rate outside 0..1 is refused', async () => {
    const answer = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ endpoint: 'refund', rate: 2 }] }),
    });
    assert.equal(answer.status, 400);
    assert.match(((await answer.json()) as { error: string }).error, /rate/);
  });

  test('latency delays the answer', async () => {
    await sandbox.control.faults({ rules: [{ endpoint: 'bank', latencyMs: 120 }] });
    const started = Date.now();
    await client.get('/bank?type=DEBIT_CARD');
    assert.ok(Date.now() - started >= 110);
  });
});
