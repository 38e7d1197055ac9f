import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { UmfClient } from '../../../server/umf/client.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import type { UmfNotification } from '../../../server/umf/notifications.ts';
import { paidPayment, paymentRequest, refundRequest, useUmf, waitFor } from './helpers.ts';

const FINAL = new Set([
  'TRADE_SUCCESS',
  'TRADE_FAIL',
  'TRADE_CLOSED',
  'TRADE_CANCEL',
  'REFUND_SUCCESS',
  'REFUND_FAIL',
  'REFUND_CLOSE',
]);

/** The smallest idempotent merchant receiver: a final state is applied once and never left. */
async function startReceiver(client: UmfClient) {
  const state = new Map<string, string>();
  const applied = new Map<string, number>();
  const bodies: string[] = [];
  /** The Signature header each body came with. */
  const signatures = new Map<string, string | null>();
  const refusals = new Map<string, number>();
  let refuseFirst = 0;
  let rejected = 0;

  function apply(notification: UmfNotification): string {
    const object =
      notification.kind === 'payment'
        ? notification.payment
        : notification.kind === 'refund'
          ? notification.refund
          : { id: notification.customsDeclarations[0]?.id ?? '', state: 'DECLARED' };
    const id = object.id ?? '';
    const current = state.get(id);
    if (current !== undefined && FINAL.has(current)) return id; // never moves backwards
    state.set(id, object.state ?? '');
    if (FINAL.has(object.state ?? '')) applied.set(id, (applied.get(id) ?? 0) + 1);
    return id;
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers.signature;
      bodies.push(raw);
      signatures.set(raw, typeof signature === 'string' ? signature : null);
      let notification: UmfNotification;
      try {
        notification = client.notifications.parse(raw, signatures.get(raw));
      } catch {
        rejected += 1;
        res.writeHead(400).end();
        return;
      }
      const key = raw.slice(0, 200);
      const refused = refusals.get(key) ?? 0;
      if (refused < refuseFirst) {
        refusals.set(key, refused + 1);
        res.writeHead(503).end();
        return;
      }
      apply(notification);
      const ack = client.notifications.ack(notification);
      res.writeHead(ack.status, ack.headers).end(ack.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/umf/notify`;
  return {
    url,
    state,
    applied,
    bodies,
    signatures,
    rejected: () => rejected,
    refuseFirst(n: number) {
      refuseFirst = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
const umf = useUmf(
  {},
  {
    async setUp(started) {
      receiver = await startReceiver(started.client);
    },
    tearDown: () => receiver.close(),
  },
);

async function pay(): Promise<string> {
  const request = paymentRequest({ notifyUrl: receiver.url });
  return (await paidPayment(umf, umf.client, {}, request)).id;
}

async function acknowledged(objectId: string) {
  return waitFor(async () => {
    const deliveries = (await umf.control.ledger()).notifications.filter(
      (n) => n.objectId === objectId,
    );
    return deliveries.some((n) => n.acknowledged) ? deliveries : undefined;
  });
}

test('a signed payment notification is retried until acknowledged, and applied once', async () => {
  receiver.refuseFirst(2);
  const id = await pay();
  const deliveries = await acknowledged(id);
  receiver.refuseFirst(0);
  assert.ok(deliveries.length >= 3, `expected retries, saw ${deliveries.length} deliveries`);
  assert.equal(receiver.state.get(id), 'TRADE_SUCCESS');
  assert.equal(receiver.applied.get(id), 1);
});

test('duplicate and stale notifications are harmless', async () => {
  await umf.control.faults({ notifications: { duplicate: 2, outOfOrder: true } });
  const id = await pay();
  await acknowledged(id);
  await waitFor(async () =>
    receiver.bodies.filter((b) => b.includes(id)).length >= 4 ? true : undefined,
  );
  await umf.control.faults({});
  assert.equal(receiver.state.get(id), 'TRADE_SUCCESS');
  assert.equal(receiver.applied.get(id), 1);
});

test('a refund notification parses as a refund and is acknowledged', async () => {
  const id = await pay();
  await acknowledged(id);
  const paid = await umf.client.payments.get(id);
  const amount = paid.payment.order?.amount ?? { total: '100.00', currency: 'USD' };
  const refund = await umf.client.payments.refund(
    id,
    refundRequest(amount, '1.00', { notifyUrl: receiver.url }),
  );
  await acknowledged(refund.refund.id);
  assert.equal(receiver.state.get(refund.refund.id), 'REFUND_SUCCESS');
});

test("the acknowledgement is UMF's demo text form, ret_code 0000", async () => {
  const id = await pay();
  await acknowledged(id);
  const raw = receiver.bodies.find((b) => b.includes(id) && b.includes('TRADE_SUCCESS')) ?? '';
  const notification = umf.client.notifications.parse(raw, receiver.signatures.get(raw));
  assert.equal(notification.kind, 'payment');
  const ack = umf.client.notifications.ack(notification);
  assert.equal(ack.body, 'ret_code=0000&ret_msg=success');
  assert.match(ack.headers['Content-Type'] ?? '', /^text\/plain/);
});

test('with notificationAnswer=json the acknowledgement carries meta and the payment ids', async () => {
  const id = await pay();
  await acknowledged(id);
  const raw = receiver.bodies.find((b) => b.includes(id) && b.includes('TRADE_SUCCESS')) ?? '';
  const json = umf.clientWith({ protocol: { notificationAnswer: 'json' } });
  const ack = json.notifications.ack(json.notifications.parse(raw, receiver.signatures.get(raw)));
  const body = JSON.parse(ack.body) as Record<string, Record<string, unknown>>;
  const payment = body.payment ?? {};
  assert.deepEqual(body.meta, { ret_code: '0000', ret_msg: 'success' });
  assert.equal(payment.id, id);
  assert.ok(payment.order_id);
  assert.match(String(payment.mer_date), /^\d{8}$/);
});

test('a notification with a bad signature is rejected by parse', async () => {
  const id = await pay();
  await acknowledged(id);
  const raw = receiver.bodies.find((b) => b.includes(id) && b.includes('TRADE_SUCCESS')) ?? '';
  const forged = raw.replace('TRADE_SUCCESS', 'TRADE_FAIL');
  const signature = receiver.signatures.get(raw);
  assert.throws(
    () => umf.client.notifications.parse(forged, signature),
    (error: unknown) => error instanceof UmfError && error.code === 'SIGNATURE_INVALID',
  );
  const unsigned = JSON.stringify({ payment: JSON.parse(raw).payment });
  assert.throws(() => umf.client.notifications.parse(unsigned), UmfError);
  const before = receiver.rejected();
  const response = await fetch(receiver.url, {
    method: 'POST',
    body: forged,
    headers: signature ? { Signature: signature } : {},
  });
  assert.equal(response.status, 400);
  assert.equal(receiver.rejected(), before + 1);
  assert.equal(receiver.state.get(id), 'TRADE_SUCCESS');
});
