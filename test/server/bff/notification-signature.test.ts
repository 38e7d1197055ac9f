// The BFF's notification endpoint trusts what UMF signed: the `Signature` header over the raw
// body bytes, signed with UMF's key (here the in-process sandbox's, read from its data folder).
// A wrong header, or no signature at all, is refused whatever the body claims.
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KEY_FILES } from '../../../server/sandbox/keys.ts';
import { signBytes, signEnvelope } from '../../../server/umf/crypto.ts';
import { CARDS } from '../../support/fixtures.ts';
import { type Bff, createCheckout, customer, startBff } from './harness.ts';

let bff: Bff;
let dataDir: string;
let umfKey: KeyObject;
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'umf-notify-signature-'));
  // Notifications from the sandbox itself come late (executeDelayMs): these tests post their own.
  bff = await startBff({ DATA_DIR: dataDir }, { sandbox: { executeDelayMs: 60_000 } });
  umfKey = createPrivateKey(readFileSync(join(dataDir, 'sandbox', KEY_FILES.umfPrivateKey)));
});
after(async () => {
  await bff.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A checkout whose card payment waits for the SMS code, and that payment claimed as paid. */
async function waitingPayment() {
  const shopper = customer(bff);
  const { clientSecret, id } = await createCheckout(bff.endpoint);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  const attempt = await bff.server.store.getAttempt({ attemptId: sent.attempt!.id });
  const { payment } = await bff.server.umf.payments.get(String(attempt?.umfPaymentId));
  const paid = { payment: { ...payment, state: 'TRADE_SUCCESS' } };
  return { id, paid };
}

async function post(body: string, signature?: string) {
  const response = await fetch(`${bff.url}/umf/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { signature } : {}) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** ret_code of either answer form: `ret_code=…&…` text or `{"meta":{"ret_code":…}}`. */
function retCodeOf(text: string): string | undefined {
  const form = /^ret_code=([^&]*)/.exec(text);
  if (form) return form[1];
  return (JSON.parse(text) as { meta?: { ret_code?: string } }).meta?.ret_code;
}

async function statusOf(id: string) {
  return (await bff.server.store.getCheckout(id))?.status;
}

test('a notification signed in the Signature header over its raw bytes is applied', async () => {
  const { id, paid } = await waitingPayment();
  // Pretty-printed, as a server may send it: the header covers these bytes, not a re-serialisation.
  const body = JSON.stringify(paid, null, 2);
  const answer = await post(body, signBytes(Buffer.from(body, 'utf8'), umfKey));
  assert.equal(answer.status, 200);
  assert.equal(answer.text, 'ret_code=0000&ret_msg=success', "UMF's demo form by default");
  assert.equal(await statusOf(id), 'SUCCEEDED');
});

test('a wrong Signature header is refused even with a valid meta.sign in the body', async () => {
  const { id, paid } = await waitingPayment();
  const body = JSON.stringify(signEnvelope(paid, umfKey));
  const wrong = [
    signBytes(Buffer.from(body, 'utf8'), stranger),
    signBytes(Buffer.from(`${body} `, 'utf8'), umfKey),
    'AAAA',
  ];
  for (const signature of wrong) {
    const answer = await post(body, signature);
    assert.equal(answer.status, 400);
    assert.notEqual(retCodeOf(answer.text), '0000');
  }
  assert.equal(await statusOf(id), 'SMS_SENT');
});

test('a header signature over other bytes is refused: the body was changed on the way', async () => {
  const { id, paid } = await waitingPayment();
  const genuine = JSON.stringify({ ...paid, payment: { ...paid.payment, state: 'TRADE_FAIL' } });
  const tampered = genuine.replace('TRADE_FAIL', 'TRADE_SUCCESS');
  const answer = await post(tampered, signBytes(Buffer.from(genuine, 'utf8'), umfKey));
  assert.equal(answer.status, 400);
  assert.equal(await statusOf(id), 'SMS_SENT');
});

test('a notification with neither a Signature header nor meta.sign is refused', async () => {
  const { id, paid } = await waitingPayment();
  const answer = await post(JSON.stringify(paid));
  assert.equal(answer.status, 400);
  assert.notEqual(retCodeOf(answer.text), '0000');
  assert.equal(await statusOf(id), 'SMS_SENT');
});
