// The only module that touches RSA keys: request signatures, response and notification
// signature checks, and field encryption (docs/umf-protocol.md §3).
import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  publicEncrypt,
  sign,
  verify,
  X509Certificate,
} from 'node:crypto';

export type SignatureHash = 'RSA-SHA256' | 'RSA-SHA1';

/** A parsed RSA key: loaded once, never printed (its inspection shows no material). */
export type UmfKeys = {
  /** The merchant's private key: signs request bodies. */
  readonly merchantPrivateKey: KeyObject;
  /** UMF's public key: encrypts card fields, verifies responses and notifications. */
  readonly umfPublicKey: KeyObject;
  readonly hash: SignatureHash;
};

/** True for bytes that are not PEM text: a DER file such as UMF's `.key.p8` or `.crt`. */
function isDer(input: string | Buffer): input is Buffer {
  return Buffer.isBuffer(input) && !input.toString('latin1').includes('-----BEGIN');
}

/**
 * Parses the merchant's private key: PEM (PKCS#1 or PKCS#8), or PKCS#8 DER as UMF hands it out
 * and its Java SDK reads it (`merchant.key.p8`); PKCS#1 DER is taken too.
 */
export function loadPrivateKey(pem: string | Buffer): KeyObject {
  const key = isDer(pem) ? privateKeyFromDer(pem) : createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'rsa')
    throw new Error('the merchant private key is not an RSA key');
  return key;
}

function privateKeyFromDer(der: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs1' });
  }
}

/**
 * Parses UMF's public key: an X.509 certificate (PEM, or DER as UMF's `.crt`), a PEM public key
 * (SPKI or PKCS#1), or an SPKI DER public key.
 */
export function loadPublicKey(input: string | Buffer): KeyObject {
  const text = Buffer.isBuffer(input) ? input.toString('latin1') : input;
  const key = text.includes('BEGIN CERTIFICATE')
    ? new X509Certificate(input).publicKey
    : isDer(input)
      ? publicKeyFromDer(input)
      : createPublicKey(input);
  if (key.asymmetricKeyType !== 'rsa') throw new Error('the UMF public key is not an RSA key');
  return key;
}

function publicKeyFromDer(der: Buffer): KeyObject {
  try {
    return new X509Certificate(der).publicKey;
  } catch {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  }
}

export function createKeys(options: {
  merchantPrivateKey: string | Buffer;
  umfPublicKey: string | Buffer;
  hash?: SignatureHash;
}): UmfKeys {
  return {
    merchantPrivateKey: loadPrivateKey(options.merchantPrivateKey),
    umfPublicKey: loadPublicKey(options.umfPublicKey),
    hash: options.hash ?? 'RSA-SHA256',
  };
}

/** base64 RSA-PKCS#1-v1.5 signature over exactly these bytes. */
export function signBytes(
  bytes: Uint8Array,
  privateKey: KeyObject,
  hash: SignatureHash = 'RSA-SHA256',
): string {
  // One call, not createSign: a Sign (and a Verify) is a Writable stream, built per signature.
  return sign(hash, bytes, privateKey).toString('base64');
}

export function verifyBytes(
  bytes: Uint8Array,
  signature: string,
  publicKey: KeyObject,
  hash: SignatureHash = 'RSA-SHA256',
): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return verify(hash, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * The bytes UMF signs in a response or notification (our rule, docs/umf-protocol.md §3): the object
 * without its `meta` member, compact JSON, keys in the order they were sent.
 */
export function signedPayload(body: Record<string, unknown>): Buffer {
  const { meta: _meta, ...rest } = body;
  return Buffer.from(JSON.stringify(rest), 'utf8');
}

/** Signs a response or notification body the way UMF does; returns the body with `meta.sign`. */
export function signEnvelope<T extends Record<string, unknown>>(
  body: T,
  privateKey: KeyObject,
  hash: SignatureHash = 'RSA-SHA256',
): T & { meta: Record<string, unknown> } {
  const meta = (body.meta ?? {}) as Record<string, unknown>;
  const sign = signBytes(signedPayload(body), privateKey, hash);
  const { meta: _meta, ...rest } = body;
  return { meta: { ...meta, sign }, ...rest } as unknown as T & { meta: Record<string, unknown> };
}

/** Checks `meta.sign` of a parsed response or notification body. */
export function verifyEnvelope(
  body: unknown,
  publicKey: KeyObject,
  hash: SignatureHash = 'RSA-SHA256',
): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  const meta = record.meta as Record<string, unknown> | undefined;
  const sign = meta?.sign;
  if (typeof sign !== 'string' || sign.length === 0) return false;
  return verifyBytes(signedPayload(record), sign, publicKey, hash);
}

/** Modulus size in bytes. */
export function modulusBytes(publicKey: KeyObject): number {
  const bits = publicKey.asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new Error('not an RSA key');
  return Math.ceil(bits / 8);
}

/**
 * RSA PKCS#1 v1.5 encryption of a UTF-8 field, chunked at k−11 bytes, the ciphertexts
 * concatenated, base64 (docs/umf-protocol.md §3).
 */
export function encryptField(plaintext: string, publicKey: KeyObject): string {
  const data = Buffer.from(plaintext, 'utf8');
  const chunkSize = modulusBytes(publicKey) - 11;
  const parts: Buffer[] = [];
  let offset = 0;
  do {
    const chunk = data.subarray(offset, offset + chunkSize);
    parts.push(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, chunk));
    offset += chunkSize;
  } while (offset < data.length);
  return Buffer.concat(parts).toString('base64');
}

export type PublicKeyJwk = { readonly n: string; readonly e: string; readonly kid: string };

/** A key's JWK, exported once: every checkout read asks for it, and a KeyObject never changes. */
const jwks = new WeakMap<KeyObject, PublicKeyJwk>();

/** The public key as the widget needs it: modulus and exponent (base64url), and a key id. */
export function publicKeyJwk(publicKey: KeyObject): PublicKeyJwk {
  const known = jwks.get(publicKey);
  if (known) return known;
  const jwk = publicKey.export({ format: 'jwk' });
  if (!jwk.n || !jwk.e) throw new Error('not an RSA key');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const kid = createHash('sha256').update(spki).digest('hex').slice(0, 16);
  const result = Object.freeze({ n: jwk.n, e: jwk.e, kid });
  jwks.set(publicKey, result);
  return result;
}

/** True when a value is base64 of whole RSA blocks for this key (shape check only). */
export function isCiphertextFor(value: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  const length = Buffer.from(value, 'base64').length;
  const k = modulusBytes(publicKey);
  return length > 0 && length % k === 0;
}
