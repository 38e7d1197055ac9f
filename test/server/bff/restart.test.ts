// A BFF process that restarts mid-payment: its state lives in the SQLite file, UMF (a sandbox
// started on its own, as a remote UMF) keeps the payment, and the notify URL stays valid
// because the new process comes back on the same address.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARDS } from '../../support/fixtures.ts';
import { createCheckout, customer, paidAndNotified, remoteSandbox, startBff } from './harness.ts';

test('a BFF restarted between sendSmsCode and confirmPayment completes the payment', async (t) => {
  const umf = await remoteSandbox();
  t.after(() => umf.close());
  const { sandbox, env, port } = umf;

  const first = await startBff(env, { control: sandbox.control });
  const { clientSecret, id } = await createCheckout(first.endpoint);
  const sent = await customer(first).sendSms(clientSecret, CARDS.debit);
  assert.equal(sent.__typename, 'SmsCodeSent', JSON.stringify(sent));
  const attemptId = sent.attempt!.id;
  const smsCode = await customer(first).latestCode();
  await first.close();

  const second = await startBff(env, { control: sandbox.control });
  t.after(() => second.close());
  const shopper = customer(second);
  assert.equal((await shopper.load(clientSecret)).status, 'SMS_SENT');
  const confirmed = await shopper.confirm(clientSecret, attemptId, CARDS.debit, smsCode);
  assert.equal(confirmed.__typename, 'PaymentConfirmed', JSON.stringify(confirmed));
  const { paymentId, ledger } = await paidAndNotified(second, id, attemptId);
  const delivery = ledger.notifications.find((n) => n.objectId === paymentId);
  assert.equal(delivery?.url, `http://127.0.0.1:${port}/umf/notify`);
  assert.equal(ledger.payments.find((p) => p.id === paymentId)?.executions, 1);
});
