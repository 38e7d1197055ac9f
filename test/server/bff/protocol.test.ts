// The protocol settings through the whole BFF: set from the environment, the checkout's key
// tells the browser the field charset and expiry order, and a BFF set one way pays, refunds and
// acknowledges notifications against a sandbox strict about exactly that way.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { FetchLike } from '../../../server/umf/http.ts';
import { UMF_PROTOCOL_DEFAULTS, type UmfProtocol } from '../../../server/umf/protocol.ts';
import { CARDS, PHONE } from '../../support/fixtures.ts';
import { type Bff, createCheckout, customer, merchant, startBff, widget } from './harness.ts';

const started: Bff[] = [];
after(() => Promise.all(started.map((bff) => bff.close())));

const ENV: Record<keyof UmfProtocol, string> = {
  bearer: 'UMF_BEARER_FORMAT',
  missingResponseSignature: 'UMF_MISSING_RESPONSE_SIGNATURE',
  memberSpelling: 'UMF_MEMBER_SPELLING',
  refundShape: 'UMF_REFUND_SHAPE',
  fieldCharset: 'UMF_FIELD_CHARSET',
  notificationAnswer: 'UMF_NOTIFICATION_ANSWER',
  cardExpiry: 'UMF_CARD_EXPIRY_FORMAT',
  riskAddress: 'UMF_RISK_ADDRESS_MEMBER',
  verifyCode: 'UMF_VERIFY_CODE_MEMBER',
};

/** A BFF configured through the environment, its in-process sandbox strict the same way. */
async function bffSpeaking(protocol: UmfProtocol) {
  const env = Object.fromEntries(
    Object.entries(protocol).map(([key, value]) => [ENV[key as keyof UmfProtocol], value]),
  );
  const bff = await startBff(env, {
    sandbox: { strict: protocol, executeDelayMs: 50 },
    umfFetch: recording,
  });
  started.push(bff);
  return bff;
}

/** Payment creations the BFFs sent, as JSON. */
const created: Record<string, unknown>[] = [];
const recording: FetchLike = (url, init) => {
  if (init.body && /\/payments\/payment$/.test(url))
    created.push(JSON.parse(Buffer.from(init.body as Uint8Array).toString()));
  return fetch(url, init);
};

/** The risk_info of the last payment created: the address under `name` only. */
function assertAddressSentAs(name: UmfProtocol['riskAddress']) {
  const risk = created.at(-1)?.risk_info as Record<string, string> | undefined;
  const other = name === 'receiver_address' ? 'shipping_address' : 'receiver_address';
  assert.equal(risk?.[name], PHYSICAL_GOODS.receiverAddress, JSON.stringify(risk));
  assert.equal(risk?.[other], undefined);
}

async function keyOf(bff: Bff, clientSecret: string) {
  const data = await widget(bff.endpoint, 'Checkout', { clientSecret });
  return (data.checkout as { encryptionKey: Record<string, string> }).encryptionKey;
}

/** Physical goods: risk_info carries the receiver and the delivery address. */
const PHYSICAL_GOODS = {
  transType: '02',
  goodsType: '1',
  receiverName: '张三',
  receiverPhone: PHONE,
  receiverAddress: '上海市浦东新区世纪大道 100 号',
};

/** A credit card paid through the widget's requests, then refunded by the merchant. */
async function payAndRefund(bff: Bff) {
  const shopper = customer(bff);
  const { clientSecret, id } = await createCheckout(bff.endpoint, '30.00', ['CREDIT_CARD'], {
    riskInfo: PHYSICAL_GOODS,
  });
  const options = { method: 'CREDIT_CARD' as const, bankCode: 'CMB' };
  const { attemptId, confirmed } = await shopper.payByCard(clientSecret, CARDS.credit, options);
  assert.equal(confirmed.__typename, 'PaymentConfirmed', JSON.stringify(confirmed));
  assert.deepEqual((await shopper.watch(clientSecret)).at(-1), 'SUCCEEDED');
  const refunded = await merchant(
    bff.endpoint,
    `mutation R($input: RefundPaymentInput!) { refundPayment(input: $input) {
      __typename ... on Refund { id status } ... on CheckoutError { code message } } }`,
    { input: { checkoutId: id, amount: '5.00' } },
  );
  const refund = refunded.data?.refundPayment as { __typename: string };
  assert.equal(refund.__typename, 'Refund', JSON.stringify(refunded));
  return { attemptId };
}

/** Every notification the sandbox sent for this BFF was acknowledged in the first try. */
async function allAcknowledged(bff: Bff) {
  const ledger = await bff.control.ledger();
  const answered = ledger.notifications.filter((n) => n.status !== null);
  assert.ok(answered.length > 0, 'notifications were sent');
  assert.ok(
    answered.every((n) => n.acknowledged),
    JSON.stringify(answered.filter((n) => !n.acknowledged)),
  );
}

for (const { name, protocol, charset, expiryFormat } of [
  {
    name: 'by default the key publishes UTF-8 and YYMM, and the BFF passes a sandbox strict on every default',
    protocol: UMF_PROTOCOL_DEFAULTS,
    charset: 'UTF_8',
    expiryFormat: 'YYMM',
  },
  {
    name: 'set the other way by environment, the BFF publishes GBK and MMYY and passes that strict sandbox',
    protocol: {
      bearer: 'space',
      missingResponseSignature: 'refuse',
      memberSpelling: 'reference-examples',
      refundShape: 'demo',
      fieldCharset: 'GBK',
      notificationAnswer: 'json',
      cardExpiry: 'MMYY',
      riskAddress: 'shipping_address',
      verifyCode: 'payer-info',
    } satisfies UmfProtocol,
    charset: 'GBK',
    expiryFormat: 'MMYY',
  },
]) {
  test(name, async () => {
    const bff = await bffSpeaking(protocol);
    const { clientSecret } = await createCheckout(bff.endpoint);
    const key = await keyOf(bff, clientSecret);
    assert.equal(key.charset, charset);
    assert.equal(key.expiryFormat, expiryFormat);
    await payAndRefund(bff);
    assertAddressSentAs(protocol.riskAddress);
    await allAcknowledged(bff);
  });
}

test('a BFF sending UTF-8 to a sandbox strict on GBK gets the card refused, changing nothing', async () => {
  const bff = await startBff({}, { sandbox: { strict: { fieldCharset: 'GBK' } } });
  started.push(bff);
  const { clientSecret, id } = await createCheckout(bff.endpoint);
  const sent = await customer(bff).sendSms(clientSecret, CARDS.debit);
  assert.equal(sent.__typename, 'CheckoutError', JSON.stringify(sent));
  assert.equal(sent.code, 'VALIDATION');
  assert.equal(sent.umfCode, '00060700');
  assert.equal((await bff.server.store.getCheckout(id))?.status, 'OPEN');
});

test('a debit card travels as bank_card with valid_date and cvv2 empty, as the SDK sends it', async () => {
  const bodies: { url: string; body: Record<string, unknown> }[] = [];
  const umfFetch: FetchLike = (url, init) => {
    if (init.body)
      bodies.push({ url, body: JSON.parse(Buffer.from(init.body as Uint8Array).toString()) });
    return fetch(url, init);
  };
  const bff = await startBff({}, { umfFetch });
  started.push(bff);
  const shopper = customer(bff);
  const { clientSecret } = await createCheckout(bff.endpoint);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  const code = await shopper.latestCode();
  await shopper.confirm(clientSecret, String(sent.attempt?.id), CARDS.debit, code);
  const cards = bodies
    .filter(({ url }) => /\/(verify|execute)$/.test(url))
    .map(
      ({ body }) =>
        (body.payer as { payer_info: Record<string, Record<string, string>> }).payer_info,
    );
  assert.equal(cards.length, 2);
  for (const info of cards) {
    assert.equal(info.bankCard, undefined);
    assert.equal(info.bank_card?.valid_date, '');
    assert.equal(info.bank_card?.cvv2, '');
    assert.match(info.bank_card?.number ?? '', /^[A-Za-z0-9+/]{300,}={0,2}$/);
  }
});
