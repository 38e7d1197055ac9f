// The merchant webhook signature, for both ends: the BFF signs with it and a merchant's
// backend verifies with it (the package entry `umf-checkout/webhooks`). Node's crypto only,
// nothing else of ours, so it can be copied or imported on its own. The recipe (README
// "Webhooks"): header `Umf-Checkout-Signature: t=<unix seconds>,v1=<hex>`, where <hex> is the
// lowercase hex HMAC-SHA256, keyed with the webhook secret (its UTF-8 bytes), of the bytes
// `<t>.` followed by the raw request body. Several v1= entries may appear (secret rotation):
// one valid entry is enough.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Umf-Checkout-Signature';
export const EVENT_ID_HEADER = 'Umf-Checkout-Event-Id';
/** The default largest distance between the signature's `t` and now. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, one v1 per secret given. */
export function signWebhookPayload(
  body: string | Uint8Array,
  secret: string | readonly string[],
  timestamp: number,
): string {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${hmacHex(body, s, timestamp)}`)].join(',');
}

export type VerifyWebhookOptions = {
  /** Largest accepted distance between the signature's time and now; default 300 s. */
  toleranceSeconds?: number;
  /** Epoch ms; default Date.now. */
  now?: () => number;
};

/**
 * True when `header` (the `Umf-Checkout-Signature` value) signs exactly `rawBody` (the bytes
 * received, before any JSON parsing) with `secret` — or with one of several secrets while
 * you rotate — at a time within the tolerance, so a captured delivery can't be replayed
 * later. Constant-time compare.
 */
export function verifyWebhookSignature(
  rawBody: string | Uint8Array,
  header: string | null | undefined,
  secret: string | readonly string[],
  { toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now = Date.now }: VerifyWebhookOptions = {},
): boolean {
  const parsed = parseSignatureHeader(header ?? '');
  if (!parsed) return false;
  if (Math.abs(Math.floor(now() / 1000) - parsed.timestamp) > toleranceSeconds) return false;
  const secrets = typeof secret === 'string' ? [secret] : secret;
  return secrets.some((key) => {
    const expected = Buffer.from(hmacHex(rawBody, key, parsed.timestamp), 'hex');
    return parsed.signatures.some((hex) => {
      const given = Buffer.from(hex, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  });
}

function parseSignatureHeader(
  header: string,
): { timestamp: number; signatures: string[] } | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value = ''] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value);
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

function hmacHex(body: string | Uint8Array, secret: string, timestamp: number): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}
