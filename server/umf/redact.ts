// Keeps secrets and card data out of errors and logs: a redacted deep copy of a body, and a
// scrub of free text (UMF's ret_msg may echo what it was sent).

const SECRET_KEYS = new Set([
  'number',
  'valid_date',
  'cvv2',
  'payer_name',
  'card_holder',
  'citizen_id_number',
  'verify_code',
  'name',
  'client_secret',
  'access_token',
  'sign',
  'signature',
  'authorization',
  'pay_sign',
]);

const REDACTED = '[REDACTED]';

/** A deep copy with every sensitive member replaced; safe to log or keep on an error. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > 12) return REDACTED;
  if (Array.isArray(value)) return value.map((entry) => redactBody(entry, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    copy[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : redactBody(entry, depth + 1);
  }
  return copy;
}

/**
 * Masks what could be a card or ID number (long digit runs), a token, a signature or a
 * ciphertext (long base64 runs) in free text.
 */
export function redactText(text: string): string {
  return text
    .replace(/[A-Za-z0-9+/_-]{32,}={0,2}/g, REDACTED)
    .replace(/\d[\d -]{10,}[\dXx]/g, REDACTED);
}
