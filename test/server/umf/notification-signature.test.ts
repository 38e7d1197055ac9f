// How the client trusts a notification: UMF's `Signature` header over the exact body bytes
// (SHA256withRSA, base64), or, without that header, a `meta.sign` in the body. The keys are
// real RSA keys made here, UMF's private key standing in for UMF.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { createKeys, signBytes, signEnvelope } from '../../../server/umf/crypto.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import { createNotifications } from '../../../server/umf/notifications.ts';

const umf = generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = createKeys({
  merchantPrivateKey: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }),
  umfPublicKey: umf.publicKey.export({ type: 'spki', format: 'pem' }),
});
let ids = 0;
const notifications = (options: Partial<Parameters<typeof createNotifications>[0]> = {}) =>
  createNotifications({ keys, verify: true, newRequestId: () => `n-${++ids}`, ...options });

const PAYMENT = {
  id: 'PAY_AAEZW7SW6VQJ6AJTY24KG',
  state: 'TRADE_SUCCESS',
  order: {
    mer_reference_id: 'ORDER-1',
    mer_date: '20261201',
    amount: { total: '100.02', currency: 'USD' },
  },
};
/** A body as UMF might write it: pretty-printed, a Chinese summary, bytes as sent. */
const RAW = Buffer.from(
  JSON.stringify({ payment: { ...PAYMENT, order_summary: '服装' } }, null, 2),
  'utf8',
);
const headerFor = (bytes: Uint8Array, key = umf.privateKey) => signBytes(bytes, key);

function refusedWith(pattern: RegExp) {
  return (error: unknown) =>
    error instanceof UmfError && error.code === 'SIGNATURE_INVALID' && pattern.test(error.message);
}

test('a notification signed in the Signature header over its raw bytes is accepted', () => {
  const parsed = notifications().parse(RAW, headerFor(RAW));
  assert.equal(parsed.kind, 'payment');
  assert.equal(parsed.kind === 'payment' && parsed.payment.state, 'TRADE_SUCCESS');
});

test('the header covers the exact bytes: the same JSON re-serialised is refused', () => {
  const compact = Buffer.from(JSON.stringify(JSON.parse(RAW.toString('utf8'))), 'utf8');
  assert.throws(() => notifications().parse(compact, headerFor(RAW)), refusedWith(/Signature/));
});

test('a wrong Signature header is refused even when the body carries a valid meta.sign', () => {
  const body = Buffer.from(JSON.stringify(signEnvelope({ payment: PAYMENT }, umf.privateKey)));
  assert.doesNotThrow(() => notifications().parse(body), 'the meta.sign alone is valid');
  for (const header of [headerFor(body, stranger.privateKey), 'AAAA', 'not base64!'])
    assert.throws(() => notifications().parse(body, header), refusedWith(/Signature header/));
});

test('a body signed as the header claims but with another key is refused', () => {
  assert.throws(
    () => notifications().parse(RAW, headerFor(RAW, stranger.privateKey)),
    refusedWith(/does not match/),
  );
});

test('without a header, a valid meta.sign in the body is accepted and a wrong one refused', () => {
  const body = JSON.stringify(signEnvelope({ payment: PAYMENT }, umf.privateKey));
  assert.equal(notifications().parse(body, null).kind, 'payment');
  const forged = body.replace('TRADE_SUCCESS', 'TRADE_FAIL');
  assert.throws(() => notifications().parse(forged, null), refusedWith(/meta.sign/));
});

test('a notification with neither header nor meta.sign is refused, whatever it claims', () => {
  for (const header of [undefined, null, '', '  '])
    assert.throws(() => notifications().parse(RAW, header), refusedWith(/not signed/));
});

test('with verification switched off an unsigned notification is read', () => {
  assert.equal(notifications({ verify: false }).parse(RAW).kind, 'payment');
});

test("the text answer is UMF's demo form, text/plain, signed over its bytes each time", () => {
  const client = notifications({ answer: 'text' });
  // The second answer's signature is the first one's, made once: still the one of its bytes.
  for (let n = 0; n < 2; n++) {
    const ack = client.ack(client.parse(RAW, headerFor(RAW)));
    assert.equal(ack.status, 200);
    assert.equal(ack.body, 'ret_code=0000&ret_msg=success');
    assert.match(ack.headers['Content-Type'] ?? '', /^text\/plain; charset=UTF-8$/);
    assert.deepEqual(ack.meta, { ret_code: '0000', ret_msg: 'success' });
    const signature = ack.headers.Signature ?? '';
    assert.equal(signature, signBytes(Buffer.from(ack.body), keys.merchantPrivateKey));
  }
});

test('the JSON answer carries meta and the payment id, order id and date', () => {
  const client = notifications({ answer: 'json' });
  const ack = client.ack(client.parse(RAW, headerFor(RAW)));
  assert.match(ack.headers['Content-Type'] ?? '', /^application\/json/);
  const json = JSON.parse(ack.body);
  assert.deepEqual(json.meta, { ret_code: '0000', ret_msg: 'success' });
  assert.equal(json.payment.id, PAYMENT.id);
  assert.equal(json.payment.order_id, 'ORDER-1');
  assert.equal(json.payment.mer_date, '20261201');
});
