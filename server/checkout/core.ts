// What every part of the checkout service shares: its dependencies and the few operations the
// parts call on each other's behalf (publish, bySecret, applyPayment, settle). The card,
// wallet, hosted, merchant, settlement and duplicate-refund parts take a ServiceCore;
// service.ts builds it and composes them. Imports none of the parts.

import type { Logger } from '../../common/logger.ts';
import type { Attempt, Checkout, Refund } from '../domain/types.ts';
import type { CheckoutPubSub } from '../events/pubsub.ts';
import type { CheckoutStore } from '../store/store.ts';
import type { UmfClient } from '../umf/client.ts';
import type { UmfKeys } from '../umf/crypto.ts';
import type { Payment, Refund as UmfRefund } from '../umf/types.ts';

export type Limiter = { take(key: string): { ok: true } | { ok: false; retryAt: Date } };

export type ServiceDeps = {
  store: CheckoutStore;
  umf: UmfClient;
  keys: UmfKeys;
  pubsub: CheckoutPubSub;
  /** Origin UMF reaches this BFF at; notify_url is `${publicUrl}/umf/notify`. */
  publicUrl: string;
  /** Origins a WeChat or hosted-cashier return URL may point at ('*' allows any: development). */
  allowedOrigins: readonly string[];
  logger: Logger;
  now?: () => Date;
  /** sendSmsCode limits on top of UMF's own: per checkout and per client IP. */
  smsLimits?: { perCheckout: Limiter; perIp: Limiter };
  /** Sent as order.sub_mer_id of hosted-cashier payments when set. */
  subMerchantId?: string | null;
  /** How often open checkouts are swept for expiry (ms); 0 disables the sweeper. */
  sweepIntervalMs?: number;
  /** Refund duplicate payments in full automatically (default true; duplicate-refunds.ts). */
  refundDuplicates?: boolean;
  /** How long an idempotency key answers with its first result (ms, at least 24 h). */
  idempotencyTtlMs?: number;
  /**
   * How long after an ambiguous execute or refund UMF's "still waiting for the buyer" or "no
   * such refund" is believed (ms; default 120 000).
   */
  reconcileGraceMs?: number;
};

/** A UMF notification that is not what we asked for: refused, not applied. */
export type NotificationRefusal = { refused: string };

/** What the service needs from its own parts: shared by the card, wallet and merchant files. */
export type ServiceCore = ServiceDeps & {
  now: () => Date;
  notifyUrl: string;
  publish(checkout: Checkout | undefined, changed?: boolean): void;
  /**
   * Remembers the attempt a store operation answered with its checkout (when it is the
   * checkout's current one), so the checkout's `attempt` is not read again; returns `checkout`.
   */
  known(checkout: Checkout, attempt: Attempt): Checkout;
  /** The checkout a client secret unlocks, or CHECKOUT_NOT_FOUND-like refusal. */
  bySecret(clientSecret: string): Promise<Checkout>;
  applyPayment(attempt: Attempt, payment: Payment, umfCode?: string): Promise<Checkout>;
  /** Asks UMF about what is not known yet (settle.ts). */
  settle: Settlement;
};

/** Learning UMF's word on what is not known yet; settle.ts implements it. */
export type Settlement = {
  /** Applies a refund's final state (or records it PENDING) and publishes the change. */
  applyRefund(refund: Refund, state: UmfRefund['state'], code?: string): Promise<Refund>;
  /** Asks UMF about an attempt's payment; throws when UMF could not be asked. */
  attempt(attempt: Attempt): Promise<Checkout | undefined>;
  /** Asks UMF about a PENDING refund; throws when UMF could not be asked. */
  refund(refund: Refund): Promise<Refund>;
};

export function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
