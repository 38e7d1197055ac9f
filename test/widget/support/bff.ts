// Browser side of the widget tests' harness: what a test page may ask the real BFF + sandbox
// started by web-test-runner (support/node/plugin.ts) through the /__test/* routes on its own
// origin. Every helper throws with the server's answer when a route fails.
// README.md beside this file documents each helper.

import { PHONE } from '../../support/fixtures.ts';
import type { RecordedRequest } from './node/bff.ts';

export {
  BAD_RESIDENT_ID,
  CARDS,
  LUHN_FAIL_CARD,
  PHONE,
  RESIDENT_ID,
} from '../../support/fixtures.ts';
export type { RecordedRequest } from './node/bff.ts';

export type TestConfig = {
  /** The BFF's origin, e.g. http://127.0.0.1:40123. */
  bffUrl: string;
  /** The BFF's GraphQL endpoint, reached directly (cross-origin, not recorded). */
  endpoint: string;
  /** The recording proxy's origin (see recordingEndpoint). */
  proxyUrl: string;
};

export type SmsMessage = { phone: string; code: string; paymentId: string; sentAt: string };
export type CreatedCheckout = { clientSecret: string; id: string };
export type CheckoutOptions = {
  /** Decimal string, default "100.00". */
  amount?: string;
  /** Default USD. */
  currency?: string;
  /** Subset of PaymentMethod the checkout offers. */
  methods?: string[];
  /** The merchant's id of the customer: the checkout shows (and may save) their cards. */
  customerId?: string;
  /** NEVER | ASK | ALWAYS (the BFF's default with a customerId: ASK). */
  saveCard?: string;
};

async function call<T>(path: string, init?: { method?: string; body?: unknown }): Promise<T> {
  const response = await fetch(`/__test/${path}`, {
    method: init?.method ?? (init?.body === undefined ? 'GET' : 'POST'),
    headers: init?.body === undefined ? {} : { 'content-type': 'application/json' },
    body: init?.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`/__test/${path}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

let config: Promise<TestConfig> | undefined;

/** Where the test BFF listens. */
export function testConfig(): Promise<TestConfig> {
  config ??= call<TestConfig>('config');
  return config;
}

/** The BFF's GraphQL endpoint, reached directly. */
export async function bffEndpoint(): Promise<string> {
  return (await testConfig()).endpoint;
}

export type Recording = {
  /** A GraphQL endpoint for the widget: the BFF behind a proxy that keeps every request. */
  endpoint: string;
  id: string;
  /** Every request that went through this endpoint, oldest first. */
  requests(): Promise<RecordedRequest[]>;
  /** Throws when any recorded request (body, path or header) contains one of the values. */
  assertNeverSent(...values: string[]): Promise<void>;
  /** Cuts (true) or restores (false) the network between the page and the BFF for this endpoint. */
  setOffline(offline: boolean): Promise<void>;
  /**
   * Holds the BFF's answers to this endpoint's next POSTs back, the n-th by `delays[n]` ms (the
   * request reaches the BFF at once; only the answer is late).
   */
  delayAnswers(...delays: number[]): Promise<void>;
};

/**
 * A fresh recorded endpoint: point `<umf-checkout endpoint>` at it to assert on what the page
 * sent. Still cross-origin to the page (real CORS and CSRF checks); each recording reaches the
 * BFF from its own loopback address, so per-IP limits never leak between tests.
 */
export async function recordingEndpoint(): Promise<Recording> {
  const { proxyUrl } = await testConfig();
  const id = `rec${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const requests = () => call<RecordedRequest[]>(`requests?recording=${id}`);
  return {
    endpoint: `${proxyUrl}/r/${id}/graphql`,
    id,
    requests,
    async setOffline(offline) {
      await call(`offline/${id}`, { body: { offline } });
    },
    async delayAnswers(...delays) {
      await call(`delay/${id}`, { body: { delays } });
    },
    async assertNeverSent(...values) {
      for (const request of await requests()) {
        const wire = `${request.method} ${request.path}\n${JSON.stringify(request.headers)}\n${request.body}`;
        for (const value of values) {
          if (value && wire.includes(value)) {
            throw new Error(`"${value}" was sent in ${request.method} ${request.path}`);
          }
        }
      }
    },
  };
}

/** A new checkout, created as the merchant backend would (with the merchant API key). */
export function createCheckout(options: CheckoutOptions = {}): Promise<CreatedCheckout> {
  return call<CreatedCheckout>('checkout', { body: options });
}

/**
 * The newest SMS the sandbox sent to `phone`; waits up to `waitMs` (default 5000) for one sent
 * after `after` (an ISO time or Date) when given.
 */
export function newestSms(
  phone = PHONE,
  options: { after?: string | Date; waitMs?: number } = {},
): Promise<SmsMessage> {
  const params = new URLSearchParams({ phone, waitMs: String(options.waitMs ?? 5000) });
  if (options.after) params.set('after', new Date(options.after).toISOString());
  return call<SmsMessage>(`sms?${params}`);
}

/** The code of the newest SMS (see newestSms). */
export async function newestSmsCode(
  phone = PHONE,
  options: { after?: string | Date; waitMs?: number } = {},
): Promise<string> {
  return (await newestSms(phone, options)).code;
}

/**
 * The customer scans and pays (or fails) a QR payment. Takes the sandbox payment id or the
 * checkout attempt's `qrContent` (…/__sandbox/qr/{id}).
 */
export async function scanQr(
  paymentIdOrQrContent: string,
  outcome: 'success' | 'fail' = 'success',
): Promise<void> {
  const id = paymentIdOrQrContent.split('/').pop() ?? paymentIdOrQrContent;
  await call(`scan/${encodeURIComponent(id)}?outcome=${outcome}`, { body: {} });
}

/**
 * The customer pays on UMF's hosted page (the sandbox's) at `url` with this card number: card
 * form, the SMS code from the sandbox, confirm. Resolves with the page's way back (ret_url).
 */
export async function payOnHostedPage(url: string, number: string): Promise<string | null> {
  const paid = await call<{ returnUrl: string | null }>('hosted', {
    body: { url, card: { number } },
  });
  return paid.returnUrl;
}

/** Decrypts a field ciphertext with the sandbox's UMF private key (node crypto), as UMF does. */
export async function decryptWithUmfKey(ciphertext: string): Promise<string> {
  return (await call<{ plaintext: string }>('decrypt', { body: { ciphertext } })).plaintext;
}

/** The decrypted bytes of a field, hex: what UMF reads before decoding its charset. */
export async function decryptedHex(ciphertext: string): Promise<string> {
  return (await call<{ hex: string }>('decrypt', { body: { ciphertext } })).hex;
}

/**
 * The sandbox control API (README "The UMF sandbox"), e.g.
 * `sandboxControl('clock', { advanceSeconds: 600 })`, `sandboxControl('ledger')`,
 * `sandboxControl('faults', { rules: [...] })`. A body makes it a POST.
 */
export function sandboxControl<T = unknown>(path: string, body?: unknown): Promise<T> {
  return call<T>(`sandbox/${path}`, body === undefined ? {} : { body });
}
