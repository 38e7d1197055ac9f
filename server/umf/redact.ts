// Keeps secrets and card data out of errors and logs: a body or log object with its secrets
// redacted (the one walk, for UMF bodies and the application log), and a scrub of free text
// (UMF's ret_msg may echo what it was sent).

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

const isSecret = (key: string) => SECRET_KEY_SET.has(key) || SECRET_KEY_SET.has(key.toLowerCase());

export type RedactOptions = {
  /** Deeper than this, an object or array is replaced whole by REDACTED (default 12). */
  maxDepth?: number;
  /** Top-level members kept even when their name is a secret's (a logger's own `name`). */
  keepAtTop?: ReadonlySet<string>;
};

/**
 * `value` with every member named in SECRET_KEYS (any letter case, at any depth, in objects
 * and arrays) replaced by REDACTED: what a UMF body or a log object may show. Copy on write:
 * what holds no secret is returned as it is, and the caller's value is never changed. An
 * object with `toJSON` (a Date, a URL) is redacted as JSON.stringify would write it.
 */
export function redactSecrets(value: unknown, options: RedactOptions = {}, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (depth > (options.maxDepth ?? 12)) return REDACTED;
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') {
    const written: unknown = json.call(value);
    return written === value ? value : redactSecrets(written, options, depth);
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const clean = redactSecrets(value[i], options, depth + 1);
      if (clean !== value[i]) {
        copy ??= value.slice();
        copy[i] = clean;
      }
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const entry = record[key];
    if (entry === undefined) continue;
    const secret = isSecret(key) && !(depth === 0 && options.keepAtTop?.has(key));
    const clean = secret ? REDACTED : redactSecrets(entry, options, depth + 1);
    if (clean !== entry) {
      copy ??= { ...record };
      copy[key] = clean;
    }
  }
  return copy ?? value;
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
