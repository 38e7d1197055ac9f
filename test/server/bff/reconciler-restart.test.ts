// A BFF that is down through UMF's whole notification retry window: the payment succeeds at UMF
// meanwhile and every notification fails. The next BFF process on the same database resumes
// the reconciler's stored schedule and ends the checkout SUCCEEDED — with its webhook — though
// nobody reads it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NOTIFY_MAX_TRIES } from '../../../server/sandbox/notifier.ts';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import { eventually, freePort, startBff } from './harness.ts';
import { confirmByCard, webhookTypes } from './recovery.ts';

test('a payment finished while the BFF was down ends SUCCEEDED after its restart, unread', async (t) => {
  const umfDir = mkdtempSync(join(tmpdir(), 'umf-sandbox-'));
  const bffDir = mkdtempSync(join(tmpdir(), 'umf-bff-'));
  const sandbox = await startSandbox({
    dataDir: umfDir,
    executeDelayMs: 300,
    notifyRetryBaseMs: 10,
  });
  t.after(async () => {
    await sandbox.close();
    rmSync(umfDir, { recursive: true, force: true });
    rmSync(bffDir, { recursive: true, force: true });
  });
  const port = await freePort();
  const { credentials } = sandbox;
  const env = {
    PORT: String(port),
    DATA_DIR: bffDir,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    UMF_BASE_URL: credentials.baseUrl,
    UMF_CLIENT_ID: credentials.clientId,
    UMF_CLIENT_SECRET: credentials.clientSecret,
    UMF_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
    UMF_PUBLIC_KEY: credentials.umfPublicKeyPem,
    RECONCILE_INTERVAL_MS: '100',
  };

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
