// The UMF REST client (docs/umf-protocol.md): one factory, dependencies passed in, a resource per area.

import { randomUUID } from 'node:crypto';
import type { Logger } from '../../common/logger.ts';
import { createBanksResource } from './banks.ts';
import type { UmfKeys } from './crypto.ts';
import { createCustomsResource } from './customs.ts';
import { createExchangeRatesResource } from './exchange-rates.ts';
import {
  createTransport,
  type FetchLike,
  type Language,
  type RetryOptions,
  type Transport,
} from './http.ts';
import { createNotifications } from './notifications.ts';
import { createPaymentsResource } from './payments.ts';
import { protocolOf, type UmfProtocol } from './protocol.ts';
import { createRefundsResource } from './refunds.ts';
import { createReportsResource } from './reports.ts';
import { createRequester } from './request.ts';
import { createTokenManager, memoryTokenStore, type TokenStore } from './token.ts';
import { createWechatResource } from './wechat.ts';

export type UmfClientOptions = {
  /** e.g. https://fx.soopay.net/cberest/v1 — configuration, never a constant. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  keys: UmfKeys;
  /** The protocol variants to speak; every key defaults to UMF_PROTOCOL_DEFAULTS. */
  protocol?: Partial<UmfProtocol>;
  fetch?: FetchLike;
  /** Per attempt; default 10 000 ms. */
  timeoutMs?: number;
  /**
   * Check the signature of every JSON answer; default true. A missing `meta.sign` is then taken
   * or refused by `protocol.missingResponseSignature`; a wrong one is always refused.
   */
  verifyResponses?: boolean;
  /** Check notification signatures (`Signature` header or `meta.sign`); default: verifyResponses. */
  verifyNotifications?: boolean;
  /** Refuse to send card fields that are not RSA ciphertext; default true. */
  requireEncryptedCardFields?: boolean;
  tokenStore?: TokenStore;
  /**
   * Awaited before each request goes out (the BFF passes its store's `durable()`: UMF is
   * never asked anything on the strength of a commit the disk could still lose).
   */
  beforeSend?: () => Promise<void> | undefined;
  /** Epoch ms; drives the token cache and the bank list cache. */
  now?: () => number;
  /** In [0, 1); drives retry jitter. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  retry?: Partial<RetryOptions>;
  /** After a lost execute answer: re-query while WAIT_BUYER_PAY; default 3 polls, 1000 ms apart. */
  executeRecovery?: { polls?: number; intervalMs?: number };
  /** Bank list cache lifetime; default one hour, 0 disables. */
  bankCacheMs?: number;
  language?: Language;
  logger?: Logger;
  newRequestId?: () => string;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createUmfClient(options: UmfClientOptions) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const newRequestId = options.newRequestId ?? randomUUID;
  const verifyResponses = options.verifyResponses ?? true;
  const protocol = protocolOf(options.protocol);
  const transport = transportFor(options, sleep, newRequestId);
  const tokens = createTokenManager({
    transport,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    keys: options.keys,
    verify: verifyResponses,
    store: options.tokenStore ?? memoryTokenStore(),
    now,
    bearer: protocol.bearer,
  });
  const requester = createRequester({
    transport,
    tokens,
    keys: options.keys,
    verifyResponses,
    requireCiphertext: options.requireEncryptedCardFields ?? true,
    newRequestId,
    protocol,
  });
  const recovery = { polls: 3, intervalMs: 1000, ...options.executeRecovery, sleep };
  return {
    /** The protocol in force (the BFF publishes fieldCharset and cardExpiry to the widget). */
    protocol,
    banks: createBanksResource(requester, { ttlMs: options.bankCacheMs ?? 3_600_000, now }),
    payments: createPaymentsResource(
      requester,
      recovery,
      protocol.refundShape,
      protocol.verifyCode,
    ),
    refunds: createRefundsResource(requester),
    customs: createCustomsResource(requester),
    exchangeRates: createExchangeRatesResource(requester),
    wechat: createWechatResource(requester),
    reports: createReportsResource(requester),
    notifications: createNotifications({
      keys: options.keys,
      verify: options.verifyNotifications ?? verifyResponses,
      newRequestId,
      answer: protocol.notificationAnswer,
    }),
  };
}

function transportFor(
  options: UmfClientOptions,
  sleep: (ms: number) => Promise<void>,
  newRequestId: () => string,
): Transport {
  return createTransport({
    baseUrl: options.baseUrl,
    keys: options.keys,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    language: options.language ?? 'ZH',
    retry: { retries: 3, baseDelayMs: 200, maxDelayMs: 5000, ...options.retry },
    random: options.random ?? Math.random,
    sleep,
    newRequestId,
    logger: options.logger,
    beforeSend: options.beforeSend,
  });
}

export type UmfClient = ReturnType<typeof createUmfClient>;
