// Identifiers: PAY_…, REFUND_…, tokens. Crypto randomness, so ids never collide across resets.
import { randomBytes } from 'node:crypto';

export function newId(prefix: string): string {
  return `${prefix}${randomBytes(10).toString('hex').toUpperCase()}`;
}

export function newSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
