// A BFF that is down through UMF's whole notification retry window: the payment succeeds at UMF
// meanwhile and every notification fails. The next BFF process on the same database resumes
// the reconciler's stored schedule and ends the checkout SUCCEEDED — with its webhook — though
// nobody reads it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOTIFY_MAX_TRIES } from '../../../server/sandbox/notifier.ts';
import { eventually, remoteSandbox, startBff } from './harness.ts';
import { confirmByCard, webhookTypes } from './recovery.ts';

test('a payment finished while the BFF was down ends SUCCEEDED after its restart, unread', async (t) => {
  const umf = await remoteSandbox({ executeDelayMs: 300, notifyRetryBaseMs: 10 });
  t.after(() => umf.close());
  const { sandbox } = umf;
  const env = { ...umf.env, RECONCILE_INTERVAL_MS: '100' };

  const first = await startBff(env, { control: sandbox.control });
  const paying = await confirmByCard(first);
  assert.equal(paying.confirmed.checkout?.status, 'PROCESSING');
  await first.close();

  // UMF finishes the payment and tries every notification while no BFF listens.
  await eventually(
    () => sandbox.control.ledger(),
    (l) =>
      l.notifications.filter((n) => n.objectId === paying.paymentId).length >= NOTIFY_MAX_TRIES,
    15_000,
  );
  const ledger = await sandbox.control.ledger();
  assert.equal(ledger.payments.find((p) => p.id === paying.paymentId)?.state, 'TRADE_SUCCESS');
  assert.ok(ledger.notifications.every((n) => n.objectId !== paying.paymentId || !n.acknowledged));

  const second = await startBff(env, { control: sandbox.control });
  t.after(() => second.close());
  const paid = await eventually(
    () => second.server.store.getCheckout(paying.id),
    (checkout) => checkout?.status === 'SUCCEEDED',
    15_000,
  );
  assert.equal(paid?.paidAttemptId, paying.attemptId);
  assert.deepEqual(
    (await webhookTypes(second, paying.id)).filter((type) => type.startsWith('checkout.')),
    ['checkout.succeeded'],
  );
});
