import assert from 'node:assert/strict';
import {
  constants,
  createHash,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
} from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  createKeys,
  encryptField,
  isCiphertextFor,
  publicKeyJwk,
  signBytes,
  signEnvelope,
  verifyBytes,
  verifyEnvelope,
} from '../../../server/umf/crypto.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import { startUmf } from './helpers.ts';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** What UMF does: RSA without padding, then strip PKCS#1 v1.5 type 2 padding by hand, per block. */
function decrypt(base64: string, privateKey: KeyObject): string {
  const data = Buffer.from(base64, 'base64');
  const k = 256;
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += k) {
    const block = privateDecrypt(
      { key: privateKey, padding: constants.RSA_NO_PADDING },
      data.subarray(offset, offset + k),
    );
    assert.equal(block[0], 0x00);
    assert.equal(block[1], 0x02);
    const separator = block.indexOf(0x00, 2);
    assert.ok(separator >= 10, 'at least 8 bytes of random padding');
    parts.push(block.subarray(separator + 1));
  }
  return Buffer.concat(parts).toString('utf8');
}

let umf: Awaited<ReturnType<typeof startUmf>>;
before(async () => {
  umf = await startUmf();
});
after(() => umf.close());

test('a signature over the exact bytes verifies, and fails for other bytes', () => {
  const bytes = Buffer.from('{"order":{"amount":{"total":"100.02"}}}', 'utf8');
  const signature = signBytes(bytes, pair.privateKey);
  assert.equal(verifyBytes(bytes, signature, pair.publicKey), true);
  const tampered = Buffer.from('{"order":{"amount":{"total":"100.03"}}}', 'utf8');
  assert.equal(verifyBytes(tampered, signature, pair.publicKey), false);
});

test('a signed envelope verifies; a tampered body is rejected', () => {
  const signed = signEnvelope(
    { meta: { ret_code: '0000' }, payment: { id: 'PAY_1', state: 'TRADE_SUCCESS' } },
    pair.privateKey,
  );
  assert.equal(verifyEnvelope(signed, pair.publicKey), true);
  const tampered = { ...signed, payment: { id: 'PAY_1', state: 'TRADE_FAIL' } };
  assert.equal(verifyEnvelope(tampered, pair.publicKey), false);
  assert.equal(verifyEnvelope({ payment: { id: 'PAY_1' } }, pair.publicKey), false);
});

test('an encrypted field decrypts to the plaintext (one block)', () => {
  const ciphertext = encryptField('6222020000070000', pair.publicKey);
  assert.equal(Buffer.from(ciphertext, 'base64').length, 256);
  assert.equal(decrypt(ciphertext, pair.privateKey), '6222020000070000');
  assert.equal(isCiphertextFor(ciphertext, pair.publicKey), true);
});

test('a plaintext over 245 bytes is cut into two blocks and decrypts whole', () => {
  const plaintext = `${'张三'.repeat(40)}${'x'.repeat(30)}`; // 240 + 30 bytes of UTF-8
  assert.ok(Buffer.byteLength(plaintext) > 245);
  const ciphertext = encryptField(plaintext, pair.publicKey);
  assert.equal(Buffer.from(ciphertext, 'base64').length, 512);
  assert.equal(decrypt(ciphertext, pair.privateKey), plaintext);
});

test("UMF's certificate works as its public key: the client talks to the sandbox with it", async () => {
  const { credentials } = umf.sandbox;
  const keys = createKeys({
    merchantPrivateKey: credentials.merchantPrivateKeyPem,
    umfPublicKey: credentials.umfCertificatePem,
  });
  const client = umf.client({ keys });
  const banks = await client.banks.list('DEBIT_CARD');
  assert.ok(banks.banks.length > 0);
  const fromPem = createKeys({
    merchantPrivateKey: credentials.merchantPrivateKeyPem,
    umfPublicKey: credentials.umfPublicKeyPem,
  });
  assert.deepEqual(
    keys.umfPublicKey.export({ format: 'jwk' }),
    fromPem.umfPublicKey.export({ format: 'jwk' }),
  );
});

test('an answer with a bad signature is rejected by the client', async () => {
  const client = umf.client({ bankCacheMs: 0 });
  await umf.control.faults({ rules: [{ endpoint: 'exchangeRate', badSignature: true, times: 1 }] });
  await assert.rejects(
    client.exchangeRates.get('USD'),
    (error: unknown) =>
      error instanceof UmfError && error.code === 'SIGNATURE_INVALID' && error.retCode === null,
  );
  const rates = await client.exchangeRates.get('USD');
  assert.match(rates.exchangeRates[0]?.rate ?? '', /^\d+(\.\d+)?$/);
});

test('with verifyResponses off, a badly signed answer is accepted', async () => {
  const client = umf.client({ verifyResponses: false });
  await umf.control.faults({ rules: [{ endpoint: 'exchangeRate', badSignature: true, times: 1 }] });
  const rates = await client.exchangeRates.get('USD');
  assert.equal(rates.exchangeRates[0]?.currency, 'USD');
});

test('publicKeyJwk: modulus, exponent and key id of the key, exported once per key', () => {
  const jwk = publicKeyJwk(pair.publicKey);
  const exported = pair.publicKey.export({ format: 'jwk' });
  const spki = pair.publicKey.export({ format: 'der', type: 'spki' });
  assert.deepEqual(
    { ...jwk },
    {
      n: exported.n,
      e: exported.e,
      kid: createHash('sha256').update(spki).digest('hex').slice(0, 16),
    },
  );
  // Every checkout read asks: the same (frozen) answer, not a new export each time.
  assert.equal(publicKeyJwk(pair.publicKey), jwk);
  assert.ok(Object.isFrozen(jwk));
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
  assert.notEqual(publicKeyJwk(other).n, jwk.n, 'a different key has its own entry');
});
