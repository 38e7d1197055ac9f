// Fault rules and notification faults that hit only a share of requests (`rate`), drawn from
// the seeded source: what the chaos suite configures to spread faults over a whole run.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import {
  at,
  paymentBody,
  startReceiver,
  type UmfTestClient,
  umfClient,
  waitFor,
} from './helpers.ts';

const ACK = { status: 200, body: { meta: { ret_code: '0000' } } };

describe('fault rates', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  before(async () => {
    sandbox = await startSandbox({ executeDelayMs: 0, notifyRetryBaseMs: 20 });
    client = umfClient(sandbox);
  });
  beforeEach(async () => {
    await sandbox.control.reset();
    await client.authorize();
  });
  after(() => sandbox.close());

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
      rules: [{ endpoint: 'exchangeRate', errorRate: 0, badSignature: true, rate: 0, times: 1 }],
    });
    for (let i = 0; i < 3; i++) await client.get('/exchange_rate?currency=USD');
    const log = await sandbox.control.requests();
    assert.deepEqual(
      log.filter((entry) => entry.fault !== undefined),
      [],
    );
  });

  test('notification fault sets are drawn per notification', async () => {
    const receiver = await startReceiver(() => ACK);
    await sandbox.control.faults({
      seed: 1,
      notifications: [
        { rate: 0, drop: 8 },
        { rate: 1, duplicate: 2 },
      ],
    });
    const created = await client.post(
      '/payments/payment',
      paymentBody({ method: 'WECHAT_SCAN', notifyUrl: receiver.url }),
    );
    await sandbox.control.scan(String(at(created.body, 'payment.id')));
    await waitFor(() => (receiver.deliveries.length >= 3 ? true : undefined));
    const ledger = await sandbox.control.ledger();
    assert.deepEqual(
      ledger.notifications.map((d) => d.acknowledged),
      [true, true, true],
    );
    await receiver.close();
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
});
