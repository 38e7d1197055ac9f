import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { test } from 'node:test';
import { decryptField } from '../../../server/sandbox/decrypt.ts';
import { encryptField } from '../../../server/umf/crypto.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

test('decrypts a field encrypted with PKCS#1 v1.5', () => {
  assert.equal(
    decryptField(encryptField('6222020000070000', publicKey), privateKey),
    '6222020000070000',
  );
});

test('decrypts a long field cut into k−11 byte chunks', () => {
  const long = '张三丰'.repeat(40);
  const ciphertext = encryptField(long, publicKey);
  assert.equal(Buffer.from(ciphertext, 'base64').length, 256 * 2);
  assert.equal(decryptField(ciphertext, privateKey), long);
});

test('refuses a block without PKCS#1 v1.5 padding', () => {
  const raw = Buffer.alloc(256, 1);
  raw[0] = 0;
  const block = publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, raw);
  assert.throws(() => decryptField(block.toString('base64'), privateKey), /PKCS#1/);
});

test('refuses text that is not whole RSA blocks', () => {
  assert.throws(() => decryptField('6222020000070000', privateKey));
  assert.throws(() => decryptField('not base64!', privateKey));
});
