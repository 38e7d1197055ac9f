// Idempotency keys of merchant mutations (Stripe's convention): the same key with the same input
// answers the first result, even when both requests arrive at once on different instances; the
// same key with other input is IDEMPOTENCY_KEY_REUSED. Keys are scoped by operation name (one
// merchant per BFF) and kept at least 24 hours.
//
// What is stored: the SHA-256 of operation and key (never the key), the SHA-256 of the input,
// and the first answer sealed with AES-256-GCM under a key derived (HKDF) from the merchant's
// idempotency key. The answer of createCheckout holds the client secret, which the store
// otherwise keeps only as a hash: sealed this way, it is readable only by whoever presents the
// key again, and needs no server secret shared by every instance. Random keys (a UUID) keep
// it so; a guessable key protects the secret no better than the key.
//
// A concurrent request with the key waits for the first answer (up to `waitMs`), then answers
// IDEMPOTENCY_KEY_IN_USE with a retry time. A key whose request stopped half-way (the process
// died) stays in use until it expires: its request may have moved money, so it is never run
// again blindly.

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Logger } from '../../common/logger.ts';
import { CheckoutError, validationError } from '../domain/errors.ts';
import type { CheckoutStore } from '../store/store.ts';

export type IdempotentRequest = {
  /** The operation (e.g. `refundPayment`): a key belongs to one operation. */
  scope: string;
  key: string;
  /** The operation's input without the key: compared by value (key order, nulls ignored). */
  input: unknown;
  /**
   * Error codes that this operation answers only when it changed nothing (besides VALIDATION
   * and RATE_LIMITED): such an answer frees the key, so a retry with it runs anew.
   */
  releaseOn?: readonly CheckoutError['code'][];
};

export type IdempotencyOptions = {
  store: CheckoutStore;
  now: () => Date;
  logger: Pick<Logger, 'info' | 'error'>;
  /** How long a key answers with its first result (default 24 h). */
  ttlMs?: number;
  /** How long a concurrent request waits for the first one (default 10 s). */
  waitMs?: number;
  /** How often expired keys are deleted (default 10 min; 0: never, tests sweep by hand). */
  sweepIntervalMs?: number;
};

export type Idempotency = {
  run<T>(request: IdempotentRequest, execute: () => Promise<T>): Promise<T>;
  /** Deletes expired keys now; returns how many. */
  sweep(): Promise<number>;
  stop(): void;
};

/** 16–255 characters: letters, digits and `- _ . : ~ + / =` (a UUID, base64url…). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:~+/=-]{16,255}$/;

/** Expected failures that change nothing: the key is given back, not bound to them. */
const NOT_KEPT: ReadonlySet<string> = new Set([
  'VALIDATION',
  'RATE_LIMITED',
  // Input checks with a code of their own (common/error-codes.ts).
  'SUB_ORDER_SUM_MISMATCH',
  'TRANS_CODE_UNKNOWN',
  'CUSTOMS_NOT_DECLARABLE',
]);

const DAY_MS = 24 * 60 * 60 * 1000;

type Outcome =
  | { kind: 'ok'; value: unknown }
  | {
      kind: 'error';
      code: CheckoutError['code'];
      umfCode: string | null;
      field: CheckoutError['field'];
      retryAt: Date | null;
      checkout: CheckoutError['checkout'];
      detail: string;
    }
  | { kind: 'fault' };

export function createIdempotency(options: IdempotencyOptions): Idempotency {
  const { store, now, logger } = options;
  const ttlMs = Math.max(options.ttlMs ?? DAY_MS, DAY_MS);
  const waitMs = options.waitMs ?? 10_000;

  async function run<T>(request: IdempotentRequest, execute: () => Promise<T>): Promise<T> {
    if (!IDEMPOTENCY_KEY_PATTERN.test(request.key)) {
      throw validationError(
        'idempotencyKey',
        'idempotency keys are 16-255 letters, digits or - _ . : ~ + / =',
      );
    }
    const keyHash = sha256(`${request.scope}\n${request.key}`);
    const fingerprint = sha256(canonicalJson(request.input));
    const deadline = Date.now() + waitMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 250)) {
      const claim = await store.claimIdempotencyKey({
        keyHash,
        scope: request.scope,
        fingerprint,
        expiresAt: new Date(now().getTime() + ttlMs),
      });
      if (claim.claimed) return executeOnce(request, keyHash, execute);
      const { record } = claim;
      if (record.fingerprint !== fingerprint) {
        throw new CheckoutError('IDEMPOTENCY_KEY_REUSED', {
          field: 'idempotencyKey',
          detail: `idempotency key already used for ${request.scope} with other input`,
        });
      }
      if (record.state === 'DONE' && record.response !== null)
        return replay(open(request, record.response)) as T;
      if (Date.now() + delay > deadline) {
        throw new CheckoutError('IDEMPOTENCY_KEY_IN_USE', {
          field: 'idempotencyKey',
          retryAt: new Date(now().getTime() + 1000),
        });
      }
      await sleep(delay);
    }
  }

  async function executeOnce<T>(
    request: IdempotentRequest,
    keyHash: string,
    execute: () => Promise<T>,
  ): Promise<T> {
    let outcome: Outcome;
    let result: T | undefined;
    let thrown: unknown;
    try {
      result = await execute();
      outcome = { kind: 'ok', value: result };
    } catch (error) {
      thrown = error;
      if (
        error instanceof CheckoutError &&
        (NOT_KEPT.has(error.code) || request.releaseOn?.includes(error.code))
      ) {
        await store.releaseIdempotencyKey(keyHash);
        throw error;
      }
      outcome =
        error instanceof CheckoutError
          ? {
              kind: 'error',
              code: error.code,
              umfCode: error.umfCode,
              field: error.field,
              retryAt: error.retryAt,
              checkout: error.checkout,
              detail: error.message,
            }
          : { kind: 'fault' };
    }
    try {
      await store.completeIdempotencyKey(keyHash, seal(request, serialize(outcome)));
    } catch (error) {
      // The answer still goes out; the key stays in use until it expires (never run twice).
      logger.error({ err: error, scope: request.scope }, 'idempotency: first answer not stored');
    }
    if (outcome.kind !== 'ok') throw thrown;
    return result as T;
  }

  const timer =
    (options.sweepIntervalMs ?? 600_000) > 0
      ? setInterval(() => void sweep().catch(() => undefined), options.sweepIntervalMs ?? 600_000)
      : undefined;
  timer?.unref();

  async function sweep(): Promise<number> {
    const deleted = await store.sweepIdempotencyKeys();
    if (deleted > 0) logger.info({ deleted }, 'idempotency: expired keys deleted');
    return deleted;
  }

  return { run, sweep, stop: () => clearInterval(timer) };
}

function replay(outcome: Outcome): unknown {
  if (outcome.kind === 'ok') return outcome.value;
  if (outcome.kind === 'error') {
    const { code, detail, ...rest } = outcome;
    throw new CheckoutError(code, { ...rest, detail });
  }
  throw new Error('the first request with this idempotency key failed unexpectedly');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with sorted keys and without null or undefined members: equal input, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const entries = Object.entries(member as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/** Dates survive the round trip as dates (the payload objects carry them). */
function serialize(outcome: Outcome): string {
  return JSON.stringify(outcome, function (this: Record<string, unknown>, key, member: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : member;
  });
}

function deserialize(text: string): Outcome {
  return JSON.parse(text, (_key, member: unknown) => {
    if (member && typeof member === 'object' && !Array.isArray(member)) {
      const keys = Object.keys(member);
      const date = (member as { $date?: unknown }).$date;
      if (keys.length === 1 && typeof date === 'string') return new Date(date);
    }
    return member;
  }) as Outcome;
}

const SEAL_VERSION = 'v1';

function sealKey(request: IdempotentRequest, salt: Buffer): Buffer {
  const info = `umf-checkout idempotency ${request.scope}`;
  return Buffer.from(hkdfSync('sha256', request.key, salt, info, 32));
}

function seal(request: IdempotentRequest, plaintext: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(request, salt), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [salt, iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url'));
  return [SEAL_VERSION, ...parts].join('.');
}

function open(request: IdempotentRequest, text: string): Outcome {
  const [version, salt, iv, tag, sealed] = text.split('.');
  if (version !== SEAL_VERSION || !salt || !iv || !tag || sealed === undefined)
    throw new Error('idempotency: stored answer has an unknown format');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    sealKey(request, Buffer.from(salt, 'base64url')),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([
    decipher.update(Buffer.from(sealed, 'base64url')),
    decipher.final(),
  ]);
  return deserialize(plain.toString('utf8'));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
