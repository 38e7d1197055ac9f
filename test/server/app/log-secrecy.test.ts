// Whatever a whole card payment puts into the logs (debug level, every component), none of
// the secrets that passed through the BFF appears in them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { documentHash, OPERATIONS, type OperationName } from '../../../widget/api/client.ts';
import { type EncryptionKey, encryptField } from '../../../widget/api/encrypt.ts';
import { CARDS, checkoutInput, PHONE, RESIDENT_ID } from '../../support/fixtures.ts';
import {
  MERCHANT_HEADERS,
  MERCHANT_KEY,
  startTestServer,
  type TestServer,
  WIDGET_HEADERS,
} from './helpers.ts';

type Json = Record<string, unknown>;

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

async function widget(name: OperationName, variables: Json): Promise<Json> {
  const hash = await documentHash(OPERATIONS[name]);
  const response = await server.post(
    {
      operationName: name,
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    },
    WIDGET_HEADERS,
  );
  const json = (await response.json()) as { data?: Json; errors?: unknown };
  assert.equal(json.errors, undefined, `${name}: ${JSON.stringify(json.errors)}`);
  return json.data as Json;
}

async function createCheckout(): Promise<string> {
  const amount = '66.60';
  const response = await server.post(
    {
      query: `mutation Create($input: CreateCheckoutInput!) {
        createCheckout(input: $input) { ... on CheckoutCreated { clientSecret } ... on CheckoutError { code message } }
      }`,
      variables: { input: checkoutInput(`LOG-${process.pid}-${Date.now().toString(36)}`, amount) },
    },
    MERCHANT_HEADERS,
  );
  const json = (await response.json()) as { data: { createCheckout: { clientSecret?: string } } };
  const secret = json.data.createCheckout.clientSecret;
  assert.ok(secret, JSON.stringify(json));
  return secret;
}

function encryptCard(key: EncryptionKey) {
  return {
    number: encryptField(CARDS.debit, key),
    holderName: encryptField('张三', key),
    idNumber: encryptField(RESIDENT_ID, key),
  };
}

test('a whole card payment leaves no secret in the logs', async () => {
  const clientSecret = await createCheckout();
  const loaded = (await widget('Checkout', { clientSecret })).checkout as Json;
  const key = loaded.encryptionKey as EncryptionKey;
  const smsCard = encryptCard(key);
  const sent = (await widget('SendSmsCode', {
    input: { clientSecret, method: 'DEBIT_CARD', bankCode: 'ICBC', phone: PHONE, card: smsCard },
  })) as { sendSmsCode: { __typename: string; attempt: { id: string } } };
  assert.equal(sent.sendSmsCode.__typename, 'SmsCodeSent');
  const [sms] = await server.control.sms(PHONE);
  const confirmCard = encryptCard(key);
  const confirmed = (await widget('ConfirmPayment', {
    input: {
      clientSecret,
      attemptId: sent.sendSmsCode.attempt.id,
      phone: PHONE,
      card: confirmCard,
      smsCode: sms.code,
    },
  })) as { confirmPayment: { __typename: string } };
  assert.equal(confirmed.confirmPayment.__typename, 'PaymentConfirmed');
  // Let the execute finish and UMF's notification arrive and be logged.
  for (let i = 0; i < 50; i += 1) {
    const status = ((await widget('Checkout', { clientSecret })).checkout as Json).status;
    if (status === 'SUCCEEDED') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));

  const token = await server.store.getUmfToken();
  assert.ok(token, 'the UMF token was stored');
  const secrets: Record<string, string> = {
    'merchant API key': MERCHANT_KEY,
    'client secret': clientSecret,
    'UMF client secret': server.sandbox?.credentials.clientSecret ?? 'missing',
    'UMF access token': token.token,
    'SMS code': sms.code,
    'card number': CARDS.debit,
    'resident ID': RESIDENT_ID,
  };
  for (const [field, value] of Object.entries({ ...smsCard, ...confirmCard }))
    secrets[`ciphertext ${field}`] = value;
  const logs = server.logs.join('');
  assert.ok(server.logs.length > 10, 'the run was logged');
  if (process.env.SHOW_LOGS) console.log(logs);
  assert.match(logs, /"operationName":"ConfirmPayment"/);
  for (const [name, value] of Object.entries(secrets))
    assert.ok(!logs.includes(value), `the logs contain the ${name}`);
  // Ciphertexts are long: a fragment of one is as bad.
  for (const value of Object.values({ ...smsCard, ...confirmCard }))
    assert.ok(!logs.includes(value.slice(20, 60)), 'the logs contain part of a ciphertext');
});
