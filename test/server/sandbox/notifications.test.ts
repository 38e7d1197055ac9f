import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { verifyBytes, verifyEnvelope } from '../../../server/umf/crypto.ts';
import {
  acknowledged,
  at,
  paymentBody,
  sandboxPerTest,
  startReceiver,
  type UmfTestClient,
  umfClient,
  waitFor,
} from './helpers.ts';

const ACK = { status: 200, body: { meta: { ret_code: '0000' }, payment: { id: 'x' } } };

describe('notifications', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  sandboxPerTest({ executeDelayMs: 0, notifyRetryBaseMs: 20 }, (started) => {
    ({ sandbox, client } = started);
  });

  async function qrPaymentTo(url: string): Promise<string> {
    const created = await client.post(
      '/payments/payment',
      paymentBody({ method: 'WECHAT_SCAN', notifyUrl: url }),
    );
    return String(at(created.body, 'payment.id'));
  }

  test('retries until the merchant acknowledges, each delivery signed', async () => {
    const receiver = await startReceiver((n) =>
      n === 1
        ? { status: 500, body: {} }
        : n === 2
          ? { status: 200, body: { meta: { ret_code: '9999' } } }
          : ACK,
    );
    const id = await qrPaymentTo(receiver.url);
    await sandbox.control.scan(id);
    await receiver.delivered(3);
    for (const delivery of receiver.deliveries) {
      assert.ok(delivery.signature, 'a Signature header');
      assert.ok(verifyBytes(delivery.bytes, delivery.signature, client.umfKey));
      assert.equal(delivery.body.meta, undefined, 'header only by default, like UMF');
      assert.equal(at(delivery.body, 'payment.state'), 'TRADE_SUCCESS');
    }
    const ledger = await sandbox.control.ledger();
    assert.deepEqual(
      ledger.notifications.map((d) => [d.attempt, d.status, d.acknowledged]),
      [
        [1, 500, false],
        [2, 200, false],
        [3, 200, true],
      ],
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(receiver.deliveries.length, 3);
    await receiver.close();
  });

  test('notification faults: dropped first tries, duplicates and a stale copy', async () => {
    const receiver = await startReceiver(() => ACK);
    await sandbox.control.faults({ notifications: { drop: 1, duplicate: 1, outOfOrder: true } });
    const id = await qrPaymentTo(receiver.url);
    await sandbox.control.scan(id);
    await receiver.delivered(3);
    const states = receiver.deliveries.map((d) => at(d.body, 'payment.state')).sort();
    assert.deepEqual(states, ['TRADE_SUCCESS', 'TRADE_SUCCESS', 'WAIT_BUYER_PAY']);
    const ledger = await sandbox.control.ledger();
    assert.equal(ledger.notifications[0].status, null);
    await receiver.close();
  });

  test('notification fault sets are drawn per notification by their rate', async () => {
    const receiver = await startReceiver(() => ACK);
    await sandbox.control.faults({
      seed: 1,
      notifications: [
        { rate: 0, drop: 8 },
        { rate: 1, duplicate: 2 },
      ],
    });
    await sandbox.control.scan(await qrPaymentTo(receiver.url));
    await receiver.delivered(3);
    assert.deepEqual(await acknowledged(sandbox), [true, true, true]);
    await receiver.close();
  });

  test('refunds are notified too', async () => {
    const receiver = await startReceiver(() => ACK);
    const id = await qrPaymentTo(receiver.url);
    await sandbox.control.scan(id);
    const refund = await client.post(`/payments/payment/${id}/refund`, {
      refund: {
        org_amount: { total: '100.00', currency: 'USD' },
        orders: [{ mer_reference_id: 'R1', amount: { total: '10.00', currency: 'USD' } }],
        notify_url: receiver.url,
      },
    });
    assert.equal(refund.status, 200, refund.text);
    const note = await waitFor(() => receiver.deliveries.find((d) => d.body.refund !== undefined));
    assert.equal(at(note.body, 'refund.state'), 'REFUND_SUCCESS');
    assert.ok(verifyBytes(note.bytes, String(note.signature), client.umfKey));
    await receiver.close();
  });

  test('notificationMetaSign also signs the body, besides the header', async () => {
    const signing = await startSandbox({
      executeDelayMs: 0,
      notifyRetryBaseMs: 20,
      notificationMetaSign: true,
    });
    const own = umfClient(signing);
    await own.authorize();
    const receiver = await startReceiver(() => ACK);
    const created = await own.post(
      '/payments/payment',
      paymentBody({ method: 'WECHAT_SCAN', notifyUrl: receiver.url }),
    );
    await signing.control.scan(String(at(created.body, 'payment.id')));
    const [note] = await receiver.delivered();
    assert.ok(verifyEnvelope(note.body, own.umfKey));
    assert.ok(verifyBytes(note.bytes, String(note.signature), own.umfKey));
    await receiver.close();
    await signing.close();
  });
});
