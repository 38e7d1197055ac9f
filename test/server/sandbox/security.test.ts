import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { loadPublicKey, signBytes, verifyEnvelope } from '../../../server/umf/crypto.ts';
import { at, paymentBody, type UmfTestClient, umfClient } from './helpers.ts';

describe('tokens, signatures and keys', () => {
  let sandbox: Sandbox;
  let client: UmfTestClient;
  before(async () => {
    sandbox = await startSandbox({ executeDelayMs: 0, tokenTtlSeconds: 60 });
    client = umfClient(sandbox);
    await client.authorize();
  });
  after(() => sandbox.close());

  test('the certificate carries the UMF public key', () => {
    const fromCert = new X509Certificate(sandbox.credentials.umfCertificatePem).publicKey;
    assert.ok(fromCert.equals(loadPublicKey(sandbox.credentials.umfPublicKeyPem)));
  });

  test('signs every response with the UMF key over the body without meta', async () => {
    const created = await client.post('/payments/payment', paymentBody());
    assert.ok(verifyEnvelope(created.body, client.umfKey));
    const refused = await client.post('/payments/payment', paymentBody({ total: '0' }));
    assert.equal(at(refused.body, 'meta.ret_code'), '00202003');
    assert.ok(verifyEnvelope(refused.body, client.umfKey));
    const tampered = {
      ...created.body,
      payment: { ...(created.body.payment as object), state: 'TRADE_SUCCESS' },
    };
    assert.equal(verifyEnvelope(tampered, client.umfKey), false);
  });

  test('refuses a POST without a Signature header', async () => {
    const reply = await client.post('/payments/payment', paymentBody(), { sign: false });
    assert.equal(reply.status, 400);
    assert.equal(at(reply.body, 'meta.ret_code'), '00060710');
  });

  test('refuses a POST whose body changed after signing', async () => {
    const body = JSON.stringify(paymentBody());
    const signature = signBytes(Buffer.from(body), client.merchantKey);
    const reply = await client.post('/payments/payment', undefined, {
      raw: body.replace('100.00', '100.01'),
      signature,
    });
    assert.equal(at(reply.body, 'meta.ret_code'), '00060710');
    const same = await client.post('/payments/payment', undefined, { raw: body, signature });
    assert.equal(same.status, 200);
  });

  test('a new token revokes the previous one at once', async () => {
    const first = await client.authorize();
    const second = await client.authorize();
    const old = await client.get('/exchange_rate?currency=USD', { token: first });
    assert.equal(old.status, 401);
    assert.equal(at(old.body, 'meta.ret_code'), '00280703');
    assert.equal((await client.get('/exchange_rate?currency=USD', { token: second })).status, 200);
  });

  test('a token expires with the test clock', async () => {
    await client.authorize();
    await sandbox.control.advanceClock(61);
    const reply = await client.get('/bank?type=DEBIT_CARD');
    assert.equal(reply.status, 401);
    assert.equal(at(reply.body, 'meta.ret_code'), '00280703');
    await client.authorize();
  });

  test('refuses wrong client credentials with 401', async () => {
    const reply = await client.post('/oauth/authorize', {
      client_id: sandbox.credentials.clientId,
      client_secret: 'nope',
      grant_type: 'client_credentials',
    });
    assert.equal(reply.status, 401);
    assert.match(String(at(reply.body, 'meta.ret_msg')), /client_secret/);
    await client.authorize();
  });

  test('the token answer is signed and carries access_token and expires_in', async () => {
    const reply = await client.post('/oauth/authorize', {
      client_id: sandbox.credentials.clientId,
      client_secret: sandbox.credentials.clientSecret,
      grant_type: 'client_credentials',
    });
    assert.equal(reply.body.expires_in, 60);
    assert.equal(typeof reply.body.access_token, 'string');
    assert.ok(verifyEnvelope(reply.body, client.umfKey));
    await client.authorize();
  });

  test('the request log line never carries card data', async () => {
    const lines: string[] = [];
    const logged = await startSandbox({ log: (line) => lines.push(line), executeDelayMs: 0 });
    const loggedClient = umfClient(logged);
    await loggedClient.authorize();
    const { createAndVerify, CARDS, RESIDENT_ID } = await import('./helpers.ts');
    await createAndVerify(logged, loggedClient);
    assert.equal(lines.length, 3);
    assert.match(lines[2], /^POST \/cberest\/v1\/payments\/payment\/PAY_\w+\/verify 200 0000$/);
    assert.ok(!lines.join('\n').includes(CARDS.debit) && !lines.join('\n').includes(RESIDENT_ID));
    await logged.close();
  });

  test('ignores request signatures when verifySignatures is off', async () => {
    const lax = await startSandbox({ verifySignatures: false });
    const laxClient = umfClient(lax);
    await laxClient.authorize();
    assert.equal(
      (await laxClient.post('/payments/payment', paymentBody(), { sign: false })).status,
      200,
    );
    await lax.close();
  });

  test('a bad signature fault signs the answer wrongly', async () => {
    await sandbox.control.faults({
      rules: [{ endpoint: 'exchangeRate', badSignature: true, times: 1 }],
    });
    const bad = await client.get('/exchange_rate?currency=EUR');
    assert.equal(verifyEnvelope(bad.body, client.umfKey), false);
    const good = await client.get('/exchange_rate?currency=EUR');
    assert.ok(verifyEnvelope(good.body, client.umfKey));
  });
});
