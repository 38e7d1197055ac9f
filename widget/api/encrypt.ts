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

/** Bytes as hex digits, two a byte. */
const hex = (bytes: Iterable<number>): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** A base64url number (atob reads it without padding) as a BigInt. */
const bigIntOf = (value: string): bigint =>
  BigInt(
    `0x0${hex(Array.from(atob(value.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))}`,
  );

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
  const n = bigIntOf(key.modulus);
  const k = (n.toString(16).length + 1) >> 1;
  if (k < 128) throw new Error('encryption key is too short');
  return { n, e: bigIntOf(key.exponent), k };
}

/** Hex of a non-zero random padding string PS of `length` bytes (RFC 8017 §7.2.1). */
function nonZeroRandom(length: number): string {
  let ps = '';
  while (ps.length < length * 2)
    ps += hex(crypto.getRandomValues(new Uint8Array(length)).filter(Boolean));
  return ps.slice(0, length * 2);
}

/** One block 00 02 PS 00 M, encrypted: k bytes as hex. */
function encryptBlock(message: ArrayLike<number> & Iterable<number>, { n, e, k }: RsaKey): string {
  const block = BigInt(`0x02${nonZeroRandom(k - message.length - 3)}00${hex(message)}`);
  return modPow(block, e, n)
    .toString(16)
    .padStart(k * 2, '0');
}

/** Code point → GBK code; built on first need from the browser's own GBK decoder. */
let gbkCodes: Map<number, number> | undefined;

/** GBK bytes; a character GBK lacks becomes "?", as Java's GBK encoder writes it. */
function gbk(text: string): number[] {
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
  return out;
}

/**
 * Encrypts one field: its bytes (UTF-8, or GBK when the key says so) cut into chunks of k−11
 * bytes, each RSA PKCS#1 v1.5 encrypted, ciphertexts concatenated, base64.
 */
export function encryptField(plaintext: string, publicKey: EncryptionKey): string {
  const key = toKey(publicKey);
  const data = publicKey.charset === 'GBK' ? gbk(plaintext) : new TextEncoder().encode(plaintext);
  const chunk = key.k - 11;
  let out = '';
  let offset = 0;
  do {
    out += encryptBlock(data.slice(offset, offset + chunk), key);
    offset += chunk;
  } while (offset < data.length);
  return btoa(out.replace(/../g, (byte) => String.fromCharCode(Number.parseInt(byte, 16))));
}
