import { createHash, randomBytes } from 'node:crypto';

/** Random bytes source; passed in so tests can make ids deterministic. */
export type RandomBytes = (size: number) => Uint8Array;

export const defaultRandom: RandomBytes = (size) => randomBytes(size);

/** `co_…`, `at_…`, `rf_…`, `ev_…`: 128 random bits, base64url. */
export function newId(prefix: string, random: RandomBytes): string {
  return `${prefix}_${Buffer.from(random(16)).toString('base64url')}`;
}

/** `cs_…` with 192 random bits: a capability for one checkout (at least 128 bits are required). */
export function newClientSecret(random: RandomBytes): string {
  return `cs_${Buffer.from(random(24)).toString('base64url')}`;
}

/** What the store keeps instead of the secret: SHA-256, hex. */
export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** "13812345678" → "138****5678"; anything shorter keeps only its last two digits. */
export function maskPhone(phone: string): string {
  if (phone.length >= 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(phone.length - 2, 0))}${phone.slice(-2)}`;
}
