// RSA PKCS#1 v1.5 field encryption in the browser with the key the checkout publishes
// (docs/umf-protocol.md §3). WebCrypto has no PKCS#1 v1.5 encryption, so this is a small BigInt
// implementation; padding bytes come from crypto.getRandomValues.

/**
 * The public key as the BFF publishes it on a checkout: base64url modulus and exponent, the
 * charset fields are encoded in before encryption (UTF-8 unless GBK) and the expiry's digit order.
 */
export type EncryptionKey = {
  modulus: string;
  exponent: string;
  keyId: string;
  charset?: 'UTF_8' | 'GBK';
  expiryFormat?: 'YYMM' | 'MMYY';
};

type RsaKey = { n: bigint; e: bigint; k: number };

function base64UrlToBytes(value: string): Uint8Array {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`);
}

function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function toKey(key: EncryptionKey): RsaKey {
  const modulus = base64UrlToBytes(key.modulus);
  const n = bytesToBigInt(modulus);
  const k = Math.ceil(n.toString(2).length / 8);
  if (k < 128) throw new Error('encryption key is too short');
  return { n, e: bytesToBigInt(base64UrlToBytes(key.exponent)), k };
}

/** Non-zero random padding string PS of the given length (RFC 8017 §7.2.1). */
function nonZeroRandom(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const batch = crypto.getRandomValues(new Uint8Array(length - filled + 16));
    for (const b of batch) if (b !== 0 && filled < length) out[filled++] = b;
  }
  return out;
}

function encryptBlock(message: Uint8Array, key: RsaKey): Uint8Array {
  const block = new Uint8Array(key.k);
  block[1] = 0x02;
  block.set(nonZeroRandom(key.k - message.length - 3), 2);
  block.set(message, key.k - message.length);
  return bigIntToBytes(modPow(bytesToBigInt(block), key.e, key.n), key.k);
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Code point → GBK code; built on first need from the browser's own GBK decoder. */
let gbkCodes: Map<number, number> | undefined;

/** GBK bytes; a character GBK lacks becomes "?", as Java's GBK encoder writes it. */
function gbk(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const point = char.codePointAt(0) ?? 0;
    if (point < 0x80) {
      out.push(point);
      continue;
    }
    if (!gbkCodes) {
      gbkCodes = new Map();
      const decoder = new TextDecoder('gbk');
      // Downwards, so that where two codes decode alike the lower one stays.
      for (let code = 0xfefe; code > 0x813f; code--)
        gbkCodes.set(decoder.decode(Uint8Array.of(code >> 8, code)).codePointAt(0) ?? 0, code);
    }
    const code = gbkCodes.get(point) ?? 0x3f;
    out.push(...(code > 0xff ? [code >> 8, code & 0xff] : [code]));
  }
  return Uint8Array.from(out);
}

/**
 * Encrypts one field: its bytes (UTF-8, or GBK when the key says so) cut into chunks of k−11
 * bytes, each RSA PKCS#1 v1.5 encrypted, ciphertexts concatenated, base64.
 */
export function encryptField(plaintext: string, publicKey: EncryptionKey): string {
  const key = toKey(publicKey);
  const data = publicKey.charset === 'GBK' ? gbk(plaintext) : new TextEncoder().encode(plaintext);
  const chunk = key.k - 11;
  const blocks: Uint8Array[] = [];
  let offset = 0;
  do {
    blocks.push(encryptBlock(data.subarray(offset, offset + chunk), key));
    offset += chunk;
  } while (offset < data.length);
  const out = new Uint8Array(blocks.length * key.k);
  blocks.forEach((block, i) => {
    out.set(block, i * key.k);
  });
  return bytesToBase64(out);
}
