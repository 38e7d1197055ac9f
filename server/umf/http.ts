// The transport: serialises a body once, signs those bytes, sends those bytes (exchange.ts); one
// timeout per attempt; jittered exponential retries for calls that are safe to repeat.
import type { Logger } from '../../common/logger.ts';
import { signBytes, type UmfKeys } from './crypto.ts';
import { umfErrorFrom } from './errors.ts';
import {
  type Exchange,
  type FetchLike,
  fetchExchange,
  type HeaderReader,
  nodeExchange,
} from './exchange.ts';

export type { FetchLike } from './exchange.ts';

export type Language = 'ZH' | 'EN';

export type RetryOptions = { retries: number; baseDelayMs: number; maxDelayMs: number };

/** One logical UMF call. `endpoint` is the method and path template used in errors and logs. */
export type CallSpec = {
  method: 'GET' | 'POST';
  endpoint: string;
  /** Path below the base URL, query string included. */
  path: string;
  body?: unknown;
  /** Safe to send again after a network error, 429 or 5xx (GETs and the token call). */
  retry: boolean;
};

export type RawResponse = {
  status: number;
  headers: HeaderReader;
  text: string;
  requestId: string;
};

/** The Authorization header value, handed over by token.ts without exposing the token. */
export type AuthHeader = { header(): string };

export type TransportOptions = {
  baseUrl: string;
  keys: UmfKeys;
  /** Sends through this fetch; by default over node:http(s) (exchange.ts). */
  fetch?: FetchLike;
  timeoutMs: number;
  language: Language;
  retry: RetryOptions;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  newRequestId: () => string;
  logger?: Logger;
  /** Awaited before a request (and each retry of it) is sent; see UmfClientOptions. */
  beforeSend?: () => Promise<void> | undefined;
};

export type Transport = {
  send(spec: CallSpec, auth?: AuthHeader): Promise<RawResponse>;
};

const MAX_RETRY_AFTER_MS = 60_000;

export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const exchange: Exchange = options.fetch ? fetchExchange(options.fetch) : nodeExchange();

  async function attempt(
    spec: CallSpec,
    bytes: Buffer | undefined,
    requestId: string,
    auth?: AuthHeader,
  ) {
    const flushing = options.beforeSend?.();
    if (flushing) await flushing;
    const headers = buildHeaders(options, bytes, requestId, auth);
    const started = Date.now();
    try {
      const response = await exchange(base + spec.path, {
        method: spec.method,
        headers,
        body: bytes,
        timeoutMs: options.timeoutMs,
      });
      const text = response.text;
      const answeredId = response.headers.get('x-request-id') ?? requestId;
      const ms = Date.now() - started;
      options.logger?.debug?.(
        { endpoint: spec.endpoint, status: response.status, ms, requestId: answeredId },
        'umf call',
      );
      return { status: response.status, headers: response.headers, text, requestId: answeredId };
    } catch (error) {
      const timeout =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      options.logger?.warn(
        { endpoint: spec.endpoint, requestId, timeout },
        'umf call failed without an answer',
      );
      throw umfErrorFrom({
        code: timeout ? 'TIMEOUT' : 'NETWORK_ERROR',
        endpoint: spec.endpoint,
        requestId,
        reason: timeout
          ? `no answer within ${options.timeoutMs} ms`
          : 'no answer (connection failed or cut)',
        request: spec.body,
        cause: error,
      });
    }
  }

  return {
    async send(spec, auth) {
      const bytes =
        spec.body === undefined ? undefined : Buffer.from(JSON.stringify(spec.body), 'utf8');
      const requestId = options.newRequestId();
      for (let n = 0; ; n++) {
        const last = !spec.retry || n >= options.retry.retries;
        try {
          const response = await attempt(spec, bytes, requestId, auth);
          if (last || !isRetryableStatus(response.status)) return response;
          const wait = retryAfterMs(response.headers.get('retry-after'));
          if (wait !== null && wait > MAX_RETRY_AFTER_MS) return response;
          await pause(options, spec, n, wait ?? backoffMs(options, n));
        } catch (error) {
          if (last) throw error;
          await pause(options, spec, n, backoffMs(options, n));
        }
      }
    },
  };
}

function buildHeaders(
  options: TransportOptions,
  bytes: Buffer | undefined,
  requestId: string,
  auth?: AuthHeader,
): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': options.language,
    Charset: 'UTF-8',
    'X-Request-Id': requestId,
  };
  if (auth) headers.Authorization = auth.header();
  if (bytes) {
    // As every real client sends it; the charset travels in its own Charset header.
    headers['Content-Type'] = 'application/json';
    headers.Signature = signBytes(bytes, options.keys.merchantPrivateKey, options.keys.hash);
  }
  return headers;
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Equal jitter: half the exponential delay fixed, half random. */
function backoffMs(options: TransportOptions, n: number): number {
  const { baseDelayMs, maxDelayMs } = options.retry;
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** n);
  return ceiling / 2 + options.random() * (ceiling / 2);
}

/** Retry-After in ms (delta seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

async function pause(
  options: TransportOptions,
  spec: CallSpec,
  n: number,
  ms: number,
): Promise<void> {
  options.logger?.info(
    { endpoint: spec.endpoint, attempt: n + 1, delayMs: Math.round(ms) },
    'umf call retried',
  );
  await options.sleep(ms);
}
