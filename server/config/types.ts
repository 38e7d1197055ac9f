// The shape of the configuration: what loadConfig (config.ts) returns and redact.ts prints.

import type { KeyObject } from 'node:crypto';
import type { UmfProtocol } from '../umf/protocol.ts';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type UmfConfig =
  /**
   * UMF_BASE_URL unset: server/local-stack.ts (`npm start`, tests) starts the sandbox in-process
   * and takes its keys from it; the production entry server/main.ts refuses to start.
   */
  | {
      readonly mode: 'sandbox';
      readonly verifySignatures: boolean;
      readonly protocol: UmfProtocol;
    }
  | {
      readonly mode: 'remote';
      /** Without a trailing slash, e.g. https://fx.soopay.net/cberest/v1. */
      readonly baseUrl: string;
      readonly clientId: string;
      readonly clientSecret: string;
      readonly merchantPrivateKey: KeyObject;
      readonly umfPublicKey: KeyObject;
      readonly verifySignatures: boolean;
      /** The protocol variants the client speaks (UMF_BEARER_FORMAT, UMF_REFUND_SHAPE …). */
      readonly protocol: UmfProtocol;
    };

export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

/**
 * Which peers may tell the client's address in X-Forwarded-For: none (the socket peer is the
 * client), the nearest `hops` proxies, or the proxies at these addresses / CIDR ranges.
 */
export type TrustProxy =
  | { readonly kind: 'none' }
  | { readonly kind: 'hops'; readonly hops: number }
  | { readonly kind: 'ranges'; readonly ranges: readonly string[] };

export type Config = {
  readonly nodeEnv: NodeEnv;
  readonly port: number;
  /** HOST: the interface to listen on; null: `npm start` 127.0.0.1, server/main.ts every one. */
  readonly host: string | null;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  readonly umf: UmfConfig;
  /** null: none configured (development, test): the app generates one and keeps it in dataDir. */
  readonly merchantApiKeys: readonly string[] | null;
  /** '*': any origin (development and test only). */
  readonly allowedOrigins: '*' | readonly string[];
  /** Absolute, without a trailing slash; notify_url is built from it. */
  readonly publicUrl: string;
  readonly trustedDocumentsFiles: readonly string[];
  readonly database: DatabaseConfig;
  readonly merchantWebhook: { readonly url: string; readonly secret: string } | null;
  /**
   * WEBHOOK_DELIVER_BACKLOG: at start, deliver the events held while no webhook URL was
   * configured (default false: they stay held, listed by `events`, sent by `resendEvent`).
   */
  readonly webhookDeliverBacklog: boolean;
  readonly trustProxy: TrustProxy;
  /** How long an idempotency key answers with its first result (≥ 24 h). */
  readonly idempotencyKeyTtlHours: number;
  /** UMF_SUB_MERCHANT_ID: order.sub_mer_id of hosted-cashier payments; null: not sent. */
  readonly umfSubMerchantId: string | null;
  /** REFUND_DUPLICATE_PAYMENTS: refund a checkout's duplicate payments in full at once. */
  readonly refundDuplicatePayments: boolean;
  /** The reconciler: asks UMF about every result not known yet (server/reconcile/). */
  readonly reconcile: ReconcileConfig;
  /** Accepted but risky or ignored settings; the app logs them at start. */
  readonly warnings: readonly string[];
};

export type ReconcileConfig = {
  /** Pause between two rounds of the reconciler (ms). */
  readonly intervalMs: number;
  /**
   * How long after an execute or refund whose answer was lost UMF's "still waiting for the
   * buyer" or "no such refund" is believed (ms): then the customer may confirm again, or the
   * refund is FAILED.
   */
  readonly graceMs: number;
  /** The longest wait between two checks of one payment or refund (ms). */
  readonly maxDelayMs: number;
};

export type Env = Readonly<Record<string, string | undefined>>;

export type LoadConfigOptions = {
  /** Reads key files (default: fs.readFileSync). */
  readFile?: (path: string) => Buffer | string;
  /** Whether a path names an existing file (default: fs.statSync). */
  fileExists?: (path: string) => boolean;
};
