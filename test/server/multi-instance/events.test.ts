// Two BFF instances side by side on one PostgreSQL and one (remote) UMF sandbox, as behind a
// load balancer: PUBLIC_URL of both is instance A, so UMF notifies A. A widget subscribed on
// one instance sees what happens on the other (LISTEN/NOTIFY), versions only move forward, and
// both share one UMF token.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CARDS } from '../../support/fixtures.ts';
import {
  type Bff,
  createCheckout,
  customer,
  openCheckoutStream,
  startBff,
  widget,
} from '../bff/harness.ts';
import { describeInstancePair } from './pair.ts';

type Seen = { status: string; version: number };

/**
 * Subscribes to checkoutUpdated over SSE, as the widget does. `ready` resolves with the first
 * event (the checkout now: the subscription is live); `done` with every event until a final
 * status.
 */
async function subscribe(endpoint: string, clientSecret: string) {
  const { response, events } = await openCheckoutStream(endpoint, clientSecret, 20_000);
  assert.equal(response.status, 200);
  const seen: Seen[] = [];
  let live: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    live = resolve;
  });
  const done = (async () => {
    for await (const { status, version } of events) {
      seen.push({ status, version });
      live();
    }
    live();
    return seen;
  })();
  await ready;
  assert.ok(seen.length > 0, 'the subscription sent the checkout first');
  return { seen, done };
}

/**
 * No version goes backwards and none comes twice — except that the first pub/sub event may
 * repeat the snapshot the subscription starts with: payments.ts reads the checkout before it
 * subscribes, so an event for that same version can still arrive once it has subscribed.
 */
function assertForward(seen: Seen[], where: string) {
  for (let i = 1; i < seen.length; i += 1) {
    const repeatOfSnapshot = i === 1 && seen[1].version === seen[0].version;
    assert.ok(
      seen[i].version > seen[i - 1].version || repeatOfSnapshot,
      `${where}: version ${seen[i].version} after ${seen[i - 1].version} (${JSON.stringify(seen)})`,
    );
  }
}

async function payByCard(bff: Bff, clientSecret: string) {
  const { confirmed } = await customer(bff).payByCard(clientSecret, CARDS.debit);
  assert.equal(confirmed.__typename, 'PaymentConfirmed', JSON.stringify(confirmed));
}

async function startQr(bff: Bff, clientSecret: string): Promise<string> {
  const data = await widget(bff.endpoint, 'StartQrPayment', {
    input: { clientSecret, method: 'WECHAT_SCAN' },
  });
  const qr = data.startQrPayment as { __typename: string; qrContent: string };
  assert.equal(qr.__typename, 'QrPayment', JSON.stringify(data));
  const paymentId = /qr\/([^/?]+)/.exec(qr.qrContent)?.[1];
  assert.ok(paymentId, qr.qrContent);
  return paymentId;
}

test('on SQLite a second instance on the same data is refused, pointing at PostgreSQL', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'umf-two-'));
  const first = await startBff({ DATA_DIR: dataDir });
  try {
    await assert.rejects(startBff({ DATA_DIR: dataDir }), /PostgreSQL/);
  } finally {
    await first.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describeInstancePair('two BFF instances on one PostgreSQL', { executeDelayMs: 100 }, (pair) => {
  /**
   * A QR payment started on `startOn` and scanned, with a widget on B subscribed: B's stream
   * ends SUCCEEDED, versions only forward. Returns the UMF payment id.
   */
  async function scannedSeenOnB(startOn: Bff, clientSecret: string) {
    const paymentId = await startQr(startOn, clientSecret);
    const onB = await subscribe(pair.b.endpoint, clientSecret);
    await pair.sandbox.control.scan(paymentId);
    const seen = await onB.done;
    assert.equal(seen.at(-1)?.status, 'SUCCEEDED', JSON.stringify(seen));
    assertForward(seen, 'B');
    return paymentId;
  }

  test('both instances share one UMF token: one token call for both', async () => {
    const { sandbox, a, b } = pair;
    // Both ask UMF at once with no token stored yet: one fetches it, the other waits and
    // reads it from the database.
    const answers = await Promise.all([a, b, a, b].map((bff) => fetch(`${bff.server.url}/ready`)));
    for (const answer of answers) assert.equal(answer.status, 200, await answer.text());
    const { clientSecret } = await createCheckout(b.endpoint);
    await startQr(b, clientSecret);
    const tokens = (await sandbox.control.requests()).filter((r) => r.endpoint === 'token');
    assert.equal(tokens.length, 1, JSON.stringify(tokens));
  });

  test('a widget on B sees SUCCEEDED when the card payment is driven on A', async () => {
    const { sandbox, a, b } = pair;
    const { clientSecret, id } = await createCheckout(a.endpoint, '66.60');
    const onB = await subscribe(b.endpoint, clientSecret);
    const onA = await subscribe(a.endpoint, clientSecret);
    await payByCard(a, clientSecret);
    const [seenB, seenA] = await Promise.all([onB.done, onA.done]);
    assert.equal(seenB.at(-1)?.status, 'SUCCEEDED', JSON.stringify(seenB));
    assert.equal(seenA.at(-1)?.status, 'SUCCEEDED', JSON.stringify(seenA));
    assertForward(seenB, 'B');
    assertForward(seenA, 'A (its own events, once each)');
    const stored = await a.server.store.getCheckout(id);
    assert.equal(seenB.at(-1)?.version, stored?.version);
    const notified = (await sandbox.control.ledger()).notifications.filter((n) =>
      n.url.startsWith(a.server.url),
    );
    assert.ok(notified.length > 0, 'UMF notified instance A');
  });

  test('a widget on B sees SUCCEEDED when the QR is scanned and UMF notifies A', async () => {
    const { sandbox, a } = pair;
    const { clientSecret } = await createCheckout(a.endpoint, '20.00', ['WECHAT_SCAN']);
    const paymentId = await scannedSeenOnB(a, clientSecret);
    const deliveries = (await sandbox.control.ledger()).notifications.filter(
      (n) => n.objectId === paymentId,
    );
    assert.ok(deliveries.length > 0, 'the payment was notified');
    for (const delivery of deliveries) assert.ok(delivery.url.startsWith(a.server.url));
    assert.ok(deliveries.some((d) => d.acknowledged));
  });

  test('a QR started on B and notified to A (its PUBLIC_URL) reaches the widget on B', async () => {
    const { b } = pair;
    const { clientSecret, id } = await createCheckout(b.endpoint, '12.30', ['WECHAT_SCAN']);
    await scannedSeenOnB(b, clientSecret);
    assert.equal((await b.server.store.getCheckout(id))?.status, 'SUCCEEDED');
  });

  test('many subscribers on both instances, concurrent payments: versions only move forward', async () => {
    const { sandbox, a, b } = pair;
    const checkouts = await Promise.all(
      [1, 2, 3].map(() => createCheckout(a.endpoint, '10.00', ['WECHAT_SCAN'])),
    );
    const payments = await Promise.all(
      checkouts.map((c, i) => startQr(i % 2 === 0 ? a : b, c.clientSecret)),
    );
    const watchers = await Promise.all(
      checkouts.flatMap((c) => [
        subscribe(a.endpoint, c.clientSecret),
        subscribe(b.endpoint, c.clientSecret),
        subscribe(b.endpoint, c.clientSecret),
      ]),
    );
    await Promise.all(payments.map((p) => sandbox.control.scan(p)));
    const streams = await Promise.all(watchers.map((w) => w.done));
    streams.forEach((seen, i) => {
      assert.equal(seen.at(-1)?.status, 'SUCCEEDED', `watcher ${i}: ${JSON.stringify(seen)}`);
      assertForward(seen, `watcher ${i}`);
    });
    const tokens = (await sandbox.control.requests()).filter((r) => r.endpoint === 'token');
    assert.equal(tokens.length, 1, 'still one token for both instances');
  });
});
