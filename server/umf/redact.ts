// Keeps secrets and card data out of errors and logs: a redacted deep copy of a body, and a
// scrub of free text (UMF's ret_msg may echo what it was sent).

/**
 * The one list of members that hold a secret, card or identity data — in UMF bodies (snake
 * case), our inputs and log objects (camel case) and HTTP headers. UMF bodies match it in any
 * letter case; so does the application log (server/http/logger.ts), at any depth of a log
 * object.
 */
export const SECRET_KEYS: readonly string[] = [
  // UMF bodies: the card and its holder, the SMS code, tokens and signatures.
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
  'pay_sign',
  // Headers.
  'authorization',
  'Authorization',
  'cookie',
  'Cookie',
  'set-cookie',
  'x-api-key',
  // Our inputs and log members.
  'apiKey',
  'merchantKey',
  'merchantApiKey',
  'clientSecret',
  'secret',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  'smsCode',
  'sms_code',
  'verifyCode',
  'cardNumber',
  'card_number',
  'cardHolder',
  'cvv',
  'validDate',
  'expiry',
  'idNumber',
  'identity_code',
  'identityCode',
  'ciphertext',
  'encrypted',
  'variables',
  'query',
];

/** What stands in for a redacted value, everywhere (bodies, text, logs, the configuration). */
export const REDACTED = '[redacted]';

const SECRET_KEY_SET = new Set(SECRET_KEYS.map((key) => key.toLowerCase()));

/** A deep copy with every sensitive member replaced; safe to log or keep on an error. */
export function redactBody(value: unknown, depth = 0): unknown {
  if (depth > 12) return REDACTED;
  if (Array.isArray(value)) return value.map((entry) => redactBody(entry, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    copy[key] = SECRET_KEY_SET.has(key.toLowerCase()) ? REDACTED : redactBody(entry, depth + 1);
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
