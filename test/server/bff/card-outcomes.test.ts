// Every sandbox test card, through the whole BFF: the typed error (or result) the customer
// gets, with UMF's code, the field at fault, and the message in zh-CN and in en.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIELD_MESSAGES } from '../../../common/error-codes.ts';
import { returnCodeEntry } from '../../../server/umf/return-codes.ts';
import { CARDS } from '../../support/fixtures.ts';
import { type Answer, createCheckout, customer, eventually, useBff } from './harness.ts';

const bff = useBff();
const shopper = customer(bff);

const LOCALES = ['zh-CN', 'en'] as const;
const HAN = /[\u4e00-\u9fff]/;

/** The message the return-code table gives UMF's code in that locale. */
function tableMessage(umfCode: string, locale: (typeof LOCALES)[number]): string {
  const entry = returnCodeEntry(umfCode);
  assert.ok(entry, `no table entry for ${umfCode}`);
  return entry.messages[locale];
}

async function verifyRefusal(card: string, expected: { code: string; umfCode: string }) {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const answers: Record<string, Answer> = {};
  for (const locale of LOCALES)
    answers[locale] = await shopper.sendSms(clientSecret, card, { locale });
  for (const locale of LOCALES) {
    const answer = answers[locale];
    assert.equal(answer.__typename, 'CheckoutError');
    assert.equal(answer.code, expected.code);
    assert.equal(answer.umfCode, expected.umfCode);
    assert.equal(answer.message, tableMessage(expected.umfCode, locale));
    assert.equal(answer.errorCheckout?.status, 'OPEN', 'the customer may try another card');
  }
  assert.match(String(answers['zh-CN'].message), HAN);
  assert.doesNotMatch(String(answers.en.message), HAN);
  return answers.en;
}

test('a card whose details the bank finds wrong (…0025) is CARD_REJECTED 00200025, in zh-CN and en', async () => {
  const refused = await verifyRefusal(CARDS.incorrect, {
    code: 'CARD_REJECTED',
    umfCode: '00200025',
  });
  assert.equal(refused.field, returnCodeEntry('00200025')?.field ?? null);
});

test('an expired debit card (…0026) is CARD_EXPIRED 00200026 with no field (a debit form has no expiry), in zh-CN and en', async () => {
  const refused = await verifyRefusal('6222020000070026', {
    code: 'CARD_EXPIRED',
    umfCode: '00200026',
  });
  assert.equal(refused.field, null);
});

test('an expired credit card (…0026) is CARD_EXPIRED pointing at the expiry field', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  const refused = await shopper.sendSms(clientSecret, '6258070000090026', {
    method: 'CREDIT_CARD',
    locale: 'en',
  });
  assert.equal(refused.code, 'CARD_EXPIRED');
  assert.equal(refused.field, 'expiry');
});

test('a card of a bank the merchant lacks (…0027) is BANK_NOT_SUPPORTED 00200027 pointing at the bank', async () => {
  const refused = await verifyRefusal('6222020000060027', {
    code: 'BANK_NOT_SUPPORTED',
    umfCode: '00200027',
  });
  assert.equal(refused.field, 'bank');
});

test('a retried confirm of an insufficient-balance card (…0002) repeats INSUFFICIENT_FUNDS without a second execute', async () => {
  const card = CARDS.insufficient;
  const { clientSecret } = await createCheckout(bff.endpoint);
  const sent = await shopper.sendSms(clientSecret, card);
  const attemptId = sent.attempt!.id;
  const code = await shopper.latestCode();
  const first = await shopper.confirm(clientSecret, attemptId, card, code, { locale: 'zh-CN' });
  const retry = await shopper.confirm(clientSecret, attemptId, card, code, { locale: 'en' });
  for (const [answer, locale] of [
    [first, 'zh-CN'],
    [retry, 'en'],
  ] as const) {
    assert.equal(answer.__typename, 'CheckoutError', JSON.stringify(answer));
    assert.equal(answer.code, 'INSUFFICIENT_FUNDS');
    assert.equal(answer.umfCode, '00060730');
    assert.equal(answer.message, tableMessage('00060730', locale));
    assert.equal(answer.errorCheckout?.status, 'OPEN');
  }
  const attempt = await bff.server.store.getAttempt({ attemptId });
  const ledger = await bff.control.ledger();
  assert.equal(ledger.payments.find((p) => p.id === attempt?.umfPaymentId)?.executions, 1);
});

test('a payment that fails after execute (…0065) reopens the checkout with PAYMENT_FAILED on its attempt', async () => {
  const card = '6222020000090065';
  const { clientSecret } = await createCheckout(bff.endpoint);
  const sent = await shopper.sendSms(clientSecret, card);
  const confirmed = await shopper.confirm(
    clientSecret,
    sent.attempt!.id,
    card,
    await shopper.latestCode(),
  );
  assert.equal(confirmed.__typename, 'PaymentConfirmed');
  assert.equal(confirmed.checkout?.status, 'PROCESSING');
  const reopened = await eventually(
    () => shopper.load(clientSecret),
    (checkout) => checkout.status !== 'PROCESSING',
  );
  assert.equal(reopened.status, 'OPEN');
  assert.equal(reopened.attempt?.status, 'FAILED');
  const zh = (await shopper.load(clientSecret, 'zh-CN')).attempt;
  const en = (await shopper.load(clientSecret, 'en')).attempt;
  assert.equal(zh?.failureCode, 'PAYMENT_FAILED');
  assert.equal(en?.failureCode, 'PAYMENT_FAILED');
  assert.match(String(zh?.failureMessage), HAN);
  assert.match(String(en?.failureMessage), /payment/i);
  assert.doesNotMatch(String(en?.failureMessage), HAN);
});

test('a credit card with its expiry and CVV2 pays', async () => {
  const card = CARDS.credit;
  const { clientSecret } = await createCheckout(bff.endpoint);
  const sent = await shopper.sendSms(clientSecret, card, { method: 'CREDIT_CARD' });
  assert.equal(sent.__typename, 'SmsCodeSent', JSON.stringify(sent));
  const updates = shopper.watch(clientSecret);
  const confirmed = await shopper.confirm(
    clientSecret,
    sent.attempt!.id,
    card,
    await shopper.latestCode(),
    { method: 'CREDIT_CARD' },
  );
  assert.equal(confirmed.__typename, 'PaymentConfirmed');
  assert.equal((await updates).at(-1), 'SUCCEEDED');
});

test('a credit card sent without its expiry is VALIDATION on the expiry field, in zh-CN and en', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint);
  for (const locale of LOCALES) {
    const answer = await shopper.sendSms(clientSecret, CARDS.credit, {
      method: 'CREDIT_CARD',
      creditFields: false,
      locale,
    });
    assert.equal(answer.code, 'VALIDATION');
    assert.equal(answer.field, 'expiry');
    assert.equal(answer.message, FIELD_MESSAGES.expiry[locale]);
  }
  assert.equal((await shopper.load(clientSecret)).attempt, null, 'refused before any UMF payment');
});
