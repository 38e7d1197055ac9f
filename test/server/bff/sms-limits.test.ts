// sendSmsCode limits through the whole BFF: UMF's one code a minute per payment (answered by
// the BFF itself when it knows, by UMF otherwise) and the BFF's own per-checkout limit on top.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARDS } from '../../support/fixtures.ts';
import { createCheckout, customer, testClock, useBff } from './harness.ts';

const MINUTE = 60_000;
const clock = testClock();
const bff = useBff({}, { now: clock.now });
const shopper = customer(bff);

/** Milliseconds between an ISO time and `expected`, for "about" comparisons. */
const offBy = (iso: string | null | undefined, expected: number) =>
  Math.abs(Date.parse(String(iso)) - expected);

test('a second code for the same attempt within a minute is SMS_THROTTLED until a minute after the first', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const sentAt = clock.now();
  const first = await shopper.sendSms(clientSecret, CARDS.debit);
  assert.equal(first.__typename, 'SmsCodeSent');
  assert.ok(offBy(first.retryAt, sentAt + MINUTE) < 2000, String(first.retryAt));
  const again = await shopper.sendSms(clientSecret, CARDS.debit, { locale: 'en' });
  assert.equal(again.__typename, 'CheckoutError');
  assert.equal(again.code, 'SMS_THROTTLED');
  assert.equal(again.errorRetryAt, first.retryAt);
  assert.match(String(again.message), /wait/i);
  assert.equal(again.errorCheckout?.status, 'SMS_SENT', 'the code already sent stays usable');
  const paymentId = (await bff.server.store.getAttempt({ attemptId: first.attempt!.id }))
    ?.umfPaymentId;
  const ledger = await bff.control.ledger();
  assert.equal(ledger.payments.find((p) => p.id === paymentId)?.smsSent, 1);
});

test('a fourth code request for one checkout within a minute is RATE_LIMITED until the first leaves the window', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const firstAt = clock.now();
  // Each bank is a new attempt (a new UMF payment), so UMF's own throttle never applies.
  for (const bankCode of ['ICBC', 'CCB', 'ABC']) {
    const sent = await shopper.sendSms(clientSecret, CARDS.debit, { bankCode });
    assert.equal(sent.__typename, 'SmsCodeSent', `${bankCode}: ${JSON.stringify(sent)}`);
  }
  const limited = await shopper.sendSms(clientSecret, CARDS.debit, { bankCode: 'BOC' });
  assert.equal(limited.__typename, 'CheckoutError');
  assert.equal(limited.code, 'RATE_LIMITED');
  assert.equal(limited.umfCode, null);
  assert.ok(offBy(limited.errorRetryAt, firstAt + MINUTE) < 2000, String(limited.errorRetryAt));
  clock.advance(MINUTE);
  const later = await shopper.sendSms(clientSecret, CARDS.debit, { bankCode: 'BOC' });
  assert.equal(later.__typename, 'SmsCodeSent', JSON.stringify(later));
});

test('when UMF itself refuses a resend as too soon, SMS_THROTTLED gives a retry time still ahead', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const first = await shopper.sendSms(clientSecret, CARDS.debit);
  assert.equal(first.__typename, 'SmsCodeSent');
  clock.advance(MINUTE + 1000);
  await bff.control.advanceClock(61);
  // A double click on "resend": both pass the BFF's check, UMF takes one and refuses the other.
  // UMF's latency is long enough that both requests are in flight together on a loaded machine.
  await bff.control.faults({ rules: [{ endpoint: 'verify', latencyMs: 1500, times: 2 }] });
  const answers = await Promise.all([
    shopper.sendSms(clientSecret, CARDS.debit),
    shopper.sendSms(clientSecret, CARDS.debit),
  ]);
  await bff.control.faults({});
  const sent = answers.find((a) => a.__typename === 'SmsCodeSent');
  const refused = answers.find((a) => a.__typename === 'CheckoutError');
  assert.ok(sent && refused, JSON.stringify(answers));
  assert.equal(refused.code, 'SMS_THROTTLED');
  assert.equal(refused.umfCode, '00080706', 'UMF answered, not the BFF');
  const retryAt = Date.parse(String(refused.errorRetryAt));
  assert.ok(retryAt > clock.now(), `retryAt ${refused.errorRetryAt} is already past`);
  assert.ok(offBy(refused.errorRetryAt, clock.now() + MINUTE) < 2000, String(refused.errorRetryAt));
});
