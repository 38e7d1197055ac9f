/// <reference types="mocha" />
// Field encryption (widget/api/encrypt.ts) in Chromium with the key a real checkout publishes;
// node crypto in the sandbox (UMF's private key) must decrypt what the page encrypted.
import { expect } from '@open-wc/testing';
import { createApi } from '../../widget/api/client.ts';
import { type EncryptionKey, encryptField } from '../../widget/api/encrypt.ts';
import {
  bffEndpoint,
  CARDS,
  createCheckout,
  decryptedHex,
  decryptWithUmfKey,
} from './support/bff.ts';

const byteLength = (base64: string) => atob(base64).length;
let key: EncryptionKey;

before(async () => {
  const { clientSecret } = await createCheckout();
  const api = createApi({ endpoint: await bffEndpoint() });
  const data = await api.request<{ checkout: { encryptionKey: EncryptionKey } }>('Checkout', {
    clientSecret,
  });
  key = data.checkout.encryptionKey;
});

describe('encryptField with the checkout key', () => {
  it('a card number encrypted in Chromium decrypts with node crypto to the plaintext', async () => {
    const ciphertext = encryptField(CARDS.debit, key);
    expect(byteLength(ciphertext)).to.equal(256);
    expect(await decryptWithUmfKey(ciphertext)).to.equal(CARDS.debit);
  });

  it('encrypting the same value twice gives different ciphertexts (random padding)', () => {
    expect(encryptField('123', key)).to.not.equal(encryptField('123', key));
  });

  it('a plaintext longer than k−11 bytes is cut into chunks', async () => {
    const long = '张'.repeat(100); // 300 UTF-8 bytes → two blocks
    const ciphertext = encryptField(long, key);
    expect(byteLength(ciphertext)).to.equal(512);
    expect(await decryptWithUmfKey(ciphertext)).to.equal(long);
  });

  it('an exactly k−11 byte plaintext fits one block', async () => {
    const value = 'a'.repeat(245);
    const ciphertext = encryptField(value, key);
    expect(byteLength(ciphertext)).to.equal(256);
    expect(await decryptWithUmfKey(ciphertext)).to.equal(value);
  });

  it('an empty value still makes one decryptable block', async () => {
    const ciphertext = encryptField('', key);
    expect(byteLength(ciphertext)).to.equal(256);
    expect(await decryptWithUmfKey(ciphertext)).to.equal('');
  });

  it('refuses a key that is too short to be safe', async () => {
    const pair = await crypto.subtle.generateKey(
      {
        name: 'RSA-OAEP',
        modulusLength: 512,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['encrypt', 'decrypt'],
    );
    const small = await crypto.subtle.exportKey('jwk', pair.publicKey);
    expect(() => encryptField('x', { modulus: small.n!, exponent: small.e!, keyId: 's' })).to.throw(
      /too short/,
    );
  });
});

describe('encryptField with a GBK key (UMF_FIELD_CHARSET=GBK)', () => {
  const gbk = () => ({ ...key, charset: 'GBK' as const });

  it('a Chinese name is encrypted as its GBK bytes, which decode back to the name', async () => {
    const name = '张三·李';
    const hex = await decryptedHex(encryptField(name, gbk()));
    expect(hex).to.equal('d5c5c8fda1a4c0ee');
    const bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    expect(new TextDecoder('gbk').decode(bytes)).to.equal(name);
  });

  it('ASCII is the same single bytes as in UTF-8', async () => {
    expect(await decryptedHex(encryptField('Zhang 3', gbk()))).to.equal('5a68616e672033');
  });

  it('a character GBK lacks becomes "?", as Java writes it', async () => {
    expect(await decryptedHex(encryptField('王😀', gbk()))).to.equal('cdf53f');
  });

  it('the UTF-8 key (the default) still sends UTF-8 bytes', async () => {
    const utf8 = { ...key, charset: 'UTF_8' as const };
    expect(await decryptedHex(encryptField('张', utf8))).to.equal('e5bca0');
  });
});
