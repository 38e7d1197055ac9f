import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, type KeyObject, privateDecrypt } from 'node:crypto';
import { test } from 'node:test';
import { encryptField } from '../../widget/encrypt.ts';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = publicKey.export({ format: 'jwk' });
const key = { modulus: jwk.n!, exponent: jwk.e!, keyId: 'test' };

// Node 20 refuses PKCS#1 v1.5 private decryption; undo the padding by hand, as UMF would.
function decrypt(ciphertext: string, pk: KeyObject): string {
  const bytes = Buffer.from(ciphertext, 'base64');
  const parts: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += 256) {
    const block = privateDecrypt(
      { key: pk, padding: constants.RSA_NO_PADDING },
      bytes.subarray(offset, offset + 256),
    );
    assert.equal(block[0], 0);
    assert.equal(block[1], 2);
    const separator = block.indexOf(0, 2);
    assert.ok(separator >= 10, 'at least eight bytes of padding');
    parts.push(block.subarray(separator + 1));
  }
  return Buffer.concat(parts).toString('utf8');
}

test('a card number encrypted with the published key decrypts to the plaintext', () => {
  const ciphertext = encryptField('6222020000070000', key);
  assert.equal(Buffer.from(ciphertext, 'base64').length, 256);
  assert.equal(decrypt(ciphertext, privateKey), '6222020000070000');
});

test('encrypting the same value twice gives different ciphertexts (random padding)', () => {
  assert.notEqual(encryptField('123', key), encryptField('123', key));
});

test('a plaintext longer than k−11 bytes is cut into chunks', () => {
  const long = '张'.repeat(100); // 300 UTF-8 bytes → two blocks
  const ciphertext = encryptField(long, key);
  assert.equal(Buffer.from(ciphertext, 'base64').length, 512);
  assert.equal(decrypt(ciphertext, privateKey), long);
});

test('an exactly k−11 byte plaintext fits one block', () => {
  const value = 'a'.repeat(245);
  assert.equal(Buffer.from(encryptField(value, key), 'base64').length, 256);
  assert.equal(decrypt(encryptField(value, key), privateKey), value);
});

test('refuses a key that is too short to be safe', () => {
  const small = generateKeyPairSync('rsa', { modulusLength: 512 }).publicKey.export({
    format: 'jwk',
  });
  assert.throws(() => encryptField('x', { modulus: small.n!, exponent: small.e!, keyId: 's' }));
});
