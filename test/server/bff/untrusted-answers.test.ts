// UMF answers whose signature does not verify, during the widget's and the merchant's
// operations: a typed UPSTREAM_UNAVAILABLE with its message in zh-CN and en (the customer may
// try again), never a masked "Unexpected error.".
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { CODE_MESSAGES } from '../../../common/error-codes.ts';
import { CARDS, checkoutInput } from '../../support/fixtures.ts';
import { createCheckout, customer, merchant, useBff, widget } from './harness.ts';

const bff = useBff();
afterEach(() => bff.control.faults({}));

test('sendSmsCode answered with a bad signature is UPSTREAM_UNAVAILABLE, in zh-CN and en', async () => {
  const shopper = customer(bff);
  for (const locale of ['zh-CN', 'en'] as const) {
    const { clientSecret } = await createCheckout(bff.endpoint);
    await bff.control.faults({ rules: [{ endpoint: 'verify', badSignature: true, times: 1 }] });
    const answer = await shopper.sendSms(clientSecret, CARDS.debit, { locale });
    assert.equal(answer.__typename, 'CheckoutError', JSON.stringify(answer));
    assert.equal(answer.code, 'UPSTREAM_UNAVAILABLE');
    assert.equal(answer.message, CODE_MESSAGES.UPSTREAM_UNAVAILABLE[locale]);
    assert.equal(answer.errorCheckout?.status, 'OPEN');
  }
});

test('startQrPayment answered with a bad signature is UPSTREAM_UNAVAILABLE', async () => {
  const { clientSecret } = await createCheckout(bff.endpoint, '5.00', ['WECHAT_SCAN']);
  await bff.control.faults({
    rules: [{ endpoint: 'createPayment', badSignature: true, times: 1 }],
  });
  const data = await widget(
    bff.endpoint,
    'StartQrPayment',
    { input: { clientSecret, method: 'WECHAT_SCAN' } },
    'en',
  );
  const answer = data.startQrPayment as { __typename: string; code?: string; message?: string };
  assert.equal(answer.__typename, 'CheckoutError', JSON.stringify(answer));
  assert.equal(answer.code, 'UPSTREAM_UNAVAILABLE');
  assert.equal(answer.message, CODE_MESSAGES.UPSTREAM_UNAVAILABLE.en);
});

test('createCheckout whose exchange-rate answer has a bad signature is UPSTREAM_UNAVAILABLE', async () => {
  await bff.control.faults({ rules: [{ endpoint: 'exchangeRate', badSignature: true }] });
  const result = await merchant(
    bff.endpoint,
    `mutation Create($input: CreateCheckoutInput!) {
      createCheckout(input: $input) { __typename ... on CheckoutError { code } }
    }`,
    { input: { ...checkoutInput(`BADSIG${Date.now().toString(36)}`, '10.00'), currency: 'GBP' } },
  );
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  assert.deepEqual(result.data?.createCheckout, {
    __typename: 'CheckoutError',
    code: 'UPSTREAM_UNAVAILABLE',
  });
});
