import { randomUUID } from 'node:crypto';
import { defaultRandom, type RandomBytes } from '../domain/ids.ts';
import {
  attachUmfPayment,
  claimExecute,
  getAttempt,
  lapseExecute,
  listAttempts,
  listDuplicatesToRefund,
  recordAttemptError,
  recordSmsSent,
  releaseExecute,
  startAttempt,
} from './attempt-ops.ts';
import {
  cancelCheckout,
  createCheckout,
  expireCheckout,
  expireDueCheckouts,
  findCheckoutByClientSecret,
  getCheckout,
} from './checkout-ops.ts';
import type { StoreContext } from './context.ts';
import {
  applyCustomsResult,
  createCustomsDeclaration,
  getCustomsDeclaration,
  listCustomsDeclarations,
} from './customs-ops.ts';
import { type DialectName, openDatabase, requireDurableCommits } from './db.ts';
import type { SyncFile } from './durability.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  getIdempotencyKey,
  releaseIdempotencyKey,
  sweepIdempotencyKeys,
} from './idempotency-ops.ts';
import { listCheckouts } from './listing-ops.ts';
import { migrateToLatest } from './migrate.ts';
import { isNotificationProcessed, markNotificationProcessed } from './notification-ops.ts';
import {
  claimWebhooks,
  enqueueWebhook,
  getWebhookEvent,
  listEvents,
  listPendingWebhooks,
  markWebhookDelivered,
  markWebhookFailed,
  releaseHeldWebhooks,
  resendWebhook,
} from './outbox-ops.ts';
import {
  dueChecks,
  markExecuteAnswered,
  type ReconcileLock,
  reconcileLock,
  scheduleCheck,
} from './reconcile-ops.ts';
import {
  applyRefundResult,
  attachUmfRefund,
  createRefund,
  getRefund,
  listRefunds,
  refundBalance,
} from './refund-ops.ts';
import { applyPaymentResult } from './result-ops.ts';
import {
  deleteSavedCard,
  getSavedCard,
  listSavedCards,
  recordSavedCard,
} from './saved-card-ops.ts';
import {
  getUmfToken,
  type SharedTokenStore,
  setUmfToken,
  sharedTokenStore,
  tokenLock,
} from './token-ops.ts';

export type StoreOptions = {
  /** `postgres://…` or `postgresql://…` → PostgreSQL; anything else → a SQLite file path. */
  databaseUrl?: string;
  /** SQLite without databaseUrl: folder of umf-checkout.sqlite (default `data`). */
  dataDir?: string;
  now?: () => Date;
  random?: RandomBytes;
  /** Attempts per checkout (default 10); after the last one fails, the checkout is FAILED. */
  maxAttempts?: number;
  /** Hold the webhook events queued by this store (no webhook URL configured); default false. */
  holdWebhooks?: boolean;
  /** Called with the SQL of each statement the store runs (BEGIN and COMMIT too; see db.ts). */
  onQuery?: (sql: string) => void;
  /** SQLite: how its WAL file is flushed (durability.ts; default fdatasync). */
  syncFile?: SyncFile;
};

type Op<F> = F extends (ctx: StoreContext, ...args: infer A) => infer R ? (...args: A) => R : never;

const OPERATIONS = {
  createCheckout,
  getCheckout,
  findCheckoutByClientSecret,
  cancelCheckout,
  expireCheckout,
  expireDueCheckouts,
  startAttempt,
  attachUmfPayment,
  recordSmsSent,
  recordAttemptError,
  claimExecute,
  releaseExecute,
  applyPaymentResult,
  getAttempt,
  listAttempts,
  listDuplicatesToRefund,
  createRefund,
  attachUmfRefund,
  applyRefundResult,
  getRefund,
  listRefunds,
  refundBalance,
  markNotificationProcessed,
  isNotificationProcessed,
  enqueueWebhook,
  claimWebhooks,
  markWebhookDelivered,
  markWebhookFailed,
  getWebhookEvent,
  listEvents,
  listPendingWebhooks,
  releaseHeldWebhooks,
  resendWebhook,
  getUmfToken,
  setUmfToken,
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  getIdempotencyKey,
  sweepIdempotencyKeys,
  dueChecks,
  scheduleCheck,
  markExecuteAnswered,
  lapseExecute,
  listCheckouts,
  createCustomsDeclaration,
  applyCustomsResult,
  getCustomsDeclaration,
  listCustomsDeclarations,
  recordSavedCard,
  getSavedCard,
  listSavedCards,
  deleteSavedCard,
};

type Operations = { [K in keyof typeof OPERATIONS]: Op<(typeof OPERATIONS)[K]> };

export type CheckoutStore = Operations & {
  dialect: DialectName;
  /** This store's instance id: the checkout events its transactions announce carry it. */
  instanceId: string;
  /** Runs fn holding the UMF token refresh lock (advisory lock on PostgreSQL). */
  withTokenLock: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Runs a reconciler round unless another one (any instance) holds it already. */
  withReconcileLock: ReconcileLock;
  /** The same token as a `TokenStore` for umf/token.ts (get / set / exclusive). */
  tokenStore: SharedTokenStore;
  /**
   * Undefined when every commit so far is on disk; else a promise resolved once it is (or
   * rejected with a StoreDurabilityError). Awaited before anything leaves the BFF.
   */
  durable: () => Promise<void> | undefined;
  close: () => Promise<void>;
};

/**
 * Opens the store and brings its schema up to date. On SQLite the file is locked for this
 * store alone: a second process (or store) on it fails with a StoreLockedError that says to
 * use PostgreSQL.
 */
export async function openStore(options: StoreOptions = {}): Promise<CheckoutStore> {
  const instanceId = randomUUID();
  const { db, dialect, durable } = openDatabase({ ...options, origin: instanceId });
  try {
    await migrateToLatest(db, dialect);
    if (dialect === 'postgres') await requireDurableCommits(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const ctx: StoreContext = {
    db,
    dialect,
    now: options.now ?? (() => new Date()),
    random: options.random ?? defaultRandom,
    maxAttempts: options.maxAttempts ?? 10,
    holdWebhooks: options.holdWebhooks ?? false,
  };
  const withTokenLock = tokenLock(ctx);
  const tokenStore = { ...sharedTokenStore(ctx), exclusive: withTokenLock };
  const withReconcileLock = reconcileLock(ctx);
  return {
    ...bind(ctx),
    dialect,
    instanceId,
    withTokenLock,
    withReconcileLock,
    tokenStore,
    durable,
    close: () => db.destroy(),
  };
}

function bind(ctx: StoreContext): Operations {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(OPERATIONS)) {
    bound[name] = (...args: unknown[]) => (fn as (...a: unknown[]) => unknown)(ctx, ...args);
  }
  return bound as Operations;
}
