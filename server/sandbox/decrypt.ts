// Decrypts card fields the way UMF does: base64 of concatenated RSA PKCS#1 v1.5 blocks.
// Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809), so each block is decrypted
// raw and the 00 02 <non-zero padding> 00 framing is stripped here (fine for test keys).
import { constants, type KeyObject, privateDecrypt } from 'node:crypto';

function modulusLength(privateKey: KeyObject): number {
  const bits = privateKey.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new Error('not an RSA key');
  return Math.ceil(bits / 8);
}

function unpad(block: Buffer): Buffer {
  if (block[0] !== 0x00 || block[1] !== 0x02) throw new Error('bad PKCS#1 v1.5 block');
  const separator = block.indexOf(0x00, 2);
  if (separator < 10) throw new Error('bad PKCS#1 v1.5 padding');
  return block.subarray(separator + 1);
}

/** Decrypts one field to its plaintext bytes; throws on anything not ciphertext for this key. */
export function decryptFieldBytes(ciphertext: string, privateKey: KeyObject): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext)) throw new Error('not base64');
  const data = Buffer.from(ciphertext, 'base64');
  const k = modulusLength(privateKey);
  if (data.length === 0 || data.length % k !== 0) throw new Error('not whole RSA blocks');
  const parts: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += k) {
    const block = privateDecrypt(
      { key: privateKey, padding: constants.RSA_NO_PADDING },
      data.subarray(offset, offset + k),
    );
    parts.push(unpad(block));
  }
  return Buffer.concat(parts);
}

/** Decrypts one UTF-8 field; throws on anything that is not ciphertext for this key. */
export function decryptField(ciphertext: string, privateKey: KeyObject): string {
  return decryptFieldBytes(ciphertext, privateKey).toString('utf8');
}
