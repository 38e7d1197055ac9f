// The checkout service: the BFF's business logic between GraphQL and the store + UMF client.
// Resolvers stay thin; every state change goes through the store (atomic, monotonic) and is
// published to `checkoutUpdated` when it changed something. This file composes the parts
// (card, wallet, hosted, merchant operations, settlement, duplicate refunds) over core.ts.

import { isIdleStatus } from '../../common/checkout-status.ts';
import { CheckoutError } from '../domain/errors.ts';
import { fromCents, toCents } from '../domain/money.ts';
import type { Attempt, AttemptChange, Checkout, Refund, Refused } from '../domain/types.ts';
import { publicKeyJwk } from '../umf/crypto.ts';
import type { Payment, Refund as UmfRefund } from '../umf/types.ts';
import { createCardPayments } from './card-payments.ts';
import {
  describe,
  type NotificationRefusal,
  type ServiceCore,
  type ServiceDeps,
  type Settlement,
} from './core.ts';
import { createCustomsDeclarations } from './customs.ts';
import { createDuplicateRefunds } from './duplicate-refunds.ts';
import { createEventLog } from './events.ts';
import { createHostedPayments } from './hosted-payments.ts';
import { createIdempotency, type IdempotentRequest } from './idempotency.ts';
import { createMerchantOperations } from './merchant-operations.ts';
import { createSavedCards } from './saved-cards.ts';
import {
  createSettlement,
  merchantRefundNumber,
  paymentMismatch,
  refundMismatch,
} from './settle.ts';
import { createWalletPayments } from './wallet-payments.ts';

export type CheckoutService = ReturnType<typeof createCheckoutService>;

export function createCheckoutService(deps: ServiceDeps) {
  const now = deps.now ?? (() => new Date());
  // A checkout's current attempt as the same transaction answered it (a WeakMap: it lives as
  // long as the checkout object a response or an event holds).
  const currentAttempts = new WeakMap<Checkout, Attempt>();
  const core: Omit<ServiceCore, 'settle'> & { settle?: Settlement } = {
    ...deps,
    now,
    notifyUrl: `${deps.publicUrl.replace(/\/$/, '')}/umf/notify`,
    publish(checkout, changed = true) {
      if (checkout && changed) deps.pubsub.publish('checkout:updated', checkout.id, checkout);
    },
    known(checkout, attempt) {
      if (checkout.currentAttemptId === attempt.id) currentAttempts.set(checkout, attempt);
      return checkout;
    },
    async bySecret(clientSecret) {
      const checkout = await deps.store.findCheckoutByClientSecret(clientSecret);
      if (!checkout) throw new CheckoutError('CHECKOUT_NOT_FOUND', { field: 'clientSecret' });
      return expireIfDue(core, checkout);
    },
    async applyPayment(attempt, payment, umfCode) {
      const result = await deps.store.applyPaymentResult(
        { attemptId: attempt.id },
        { state: payment.state, code: umfCode ?? defaultResultCode(payment.state) },
      );
      return landPayment(result, payment);
    },
  };
  /** After a payment result was applied: the saved card, the event, a duplicate's refund. */
  async function landPayment(result: AttemptChange | Refused, payment: Payment) {
    if (!result.ok) throw new Error(`could not apply the payment result: ${result.refusal}`);
    // Before publishing: a widget that reads the paid checkout finds the card saved.
    await savedCards.recordFrom(result.attempt, payment);
    core.publish(result.checkout, result.changed);
    if (result.changed && result.attempt.status === 'DUPLICATE_PAID') {
      await duplicates.refund(result.attempt);
    }
    return core.known(result.checkout, result.attempt);
  }
  core.settle = createSettlement(core, {
    graceMs: deps.reconcileGraceMs ?? 120_000,
  });
  const ready = core as ServiceCore;
  const settle = ready.settle;

  const card = createCardPayments(ready);
  const wallet = createWalletPayments(ready);
  const hosted = createHostedPayments(ready);
  const merchant = createMerchantOperations(ready);
  const customs = createCustomsDeclarations(ready, { graceMs: deps.reconcileGraceMs ?? 120_000 });
  const savedCards = createSavedCards(ready);
  const sweepIntervalMs = deps.sweepIntervalMs ?? 15_000;
  const duplicates = createDuplicateRefunds(ready, merchant.refundPayment, {
    enabled: deps.refundDuplicates ?? true,
    intervalMs: sweepIntervalMs,
  });
  const sweeper = startSweeper(ready, sweepIntervalMs);
  const idempotency = createIdempotency({
    store: deps.store,
    now,
    logger: deps.logger,
    ttlMs: deps.idempotencyTtlMs,
  });
  const lastQueried = new Map<string, number>();

  return {
    ...card,
    ...wallet,
    ...hosted,
    ...merchant,
    ...customs,
    ...createEventLog(ready),
    ...savedCards,
    /** Runs a merchant mutation once per idempotency key; a repeat answers the first result. */
    idempotent: <T>(request: IdempotentRequest, execute: () => Promise<T>) =>
      idempotency.run(request, execute),
    /** Deletes expired idempotency keys now (also done every 10 minutes). */
    sweepIdempotencyKeys: () => idempotency.sweep(),
    /** The checkout a client secret unlocks; refreshes a PROCESSING one from UMF. */
    async checkout(clientSecret: string): Promise<Checkout> {
      const checkout = await core.bySecret(clientSecret);
      return refreshIfWaiting(ready, checkout, lastQueried);
    },
    /** Looks up the checkout a client secret unlocks without touching UMF (subscriptions). */
    checkoutBySecret: (clientSecret: string) => core.bySecret(clientSecret),
    attempt: (checkout: Checkout) =>
      checkout.currentAttemptId
        ? Promise.resolve(
            currentAttempts.get(checkout) ??
              deps.store.getAttempt({ attemptId: checkout.currentAttemptId }),
          )
        : Promise.resolve(undefined),
    paidAttempt: (checkout: Checkout) =>
      checkout.paidAttemptId
        ? deps.store.getAttempt({ attemptId: checkout.paidAttemptId })
        : Promise.resolve(undefined),
    encryptionKey() {
      const jwk = publicKeyJwk(deps.keys.umfPublicKey);
      const { fieldCharset, cardExpiry } = deps.umf.protocol;
      return { modulus: jwk.n, exponent: jwk.e, keyId: jwk.kid, fieldCharset, cardExpiry };
    },
    /**
     * UMF's notification of a payment: idempotent and monotonic. Refused (not applied) when
     * its order reference, amount or currency is not what this attempt asked UMF for.
     */
    async applyUmfPayment(payment: Payment): Promise<NotificationRefusal | undefined> {
      // Checked under the lock on the rows it holds: nothing is written when it differs.
      const seen: { mismatch?: string } = {};
      const result = await deps.store.applyPaymentResult(
        { umfPaymentId: payment.id },
        { state: payment.state, code: defaultResultCode(payment.state) },
        (checkout, attempt) => {
          seen.mismatch = paymentMismatch(checkout, attempt, payment);
          return seen.mismatch === undefined;
        },
      );
      if (!result.ok && result.refusal === 'NOT_FOUND') {
        deps.logger.warn({ umfPaymentId: payment.id }, 'notification for an unknown payment');
        return undefined;
      }
      if (seen.mismatch) return { refused: `payment ${seen.mismatch} differs from the attempt's` };
      await landPayment(result, payment);
      return undefined;
    },
    /**
     * UMF's notification of a refund: found by UMF's refund id, or by our refund number when
     * the refund's own answer was lost (UMF's id is recorded then). Refused when its amount,
     * currency or references are not the refund's.
     */
    async applyUmfRefund(umfRefund: UmfRefund): Promise<NotificationRefusal | undefined> {
      const number = merchantRefundNumber(umfRefund);
      const refund =
        (await deps.store.getRefund({ umfRefundId: umfRefund.id })) ??
        (number ? await deps.store.getRefund({ refundId: number }) : undefined);
      if (!refund) {
        deps.logger.warn({ umfRefundId: umfRefund.id }, 'notification for an unknown refund');
        return undefined;
      }
      if (refund.umfRefundId && refund.umfRefundId !== umfRefund.id) {
        return { refused: 'refund id differs from the one UMF gave' };
      }
      const attempt = await deps.store.getAttempt({ attemptId: refund.attemptId });
      const mismatch = refundMismatch(refund, attempt, umfRefund);
      if (mismatch) return { refused: `refund ${mismatch} differs from the refund's` };
      if (!refund.umfRefundId) await deps.store.attachUmfRefund(refund.id, umfRefund.id);
      await settle.applyRefund(refund, umfRefund.state);
      return undefined;
    },
    /** The reconciler's check of one attempt (settle.ts); throws when UMF could not be asked. */
    reconcileAttempt: (attempt: Attempt) => settle.attempt(attempt),
    /** The reconciler's check of one PENDING refund; throws when UMF could not be asked. */
    reconcileRefund: (refund: Refund) => settle.refund(refund),
    async ready(): Promise<{ store: boolean; umf: boolean }> {
      const store = await deps.store
        .getCheckout('co_ready_probe')
        .then(() => true)
        .catch(() => false);
      // An uncached signed call: proves the token, the keys and the way to UMF.
      const umf = await deps.umf.exchangeRates
        .get('USD')
        .then(() => true)
        .catch(() => false);
      return { store, umf };
    },
    /** A checkout's attempts, oldest first (merchant view). */
    attempts: (checkout: Checkout) => deps.store.listAttempts(checkout.id),
    attemptRefunds: async (attempt: Attempt) =>
      (await deps.store.listRefunds(attempt.checkoutId)).filter((r) => r.attemptId === attempt.id),
    /** Refunded (succeeded) and still refundable amounts of one attempt. */
    async attemptBalance(attempt: Attempt) {
      const [balance, refunds, checkout] = await Promise.all([
        deps.store.refundBalance(attempt.checkoutId, attempt.id),
        deps.store.listRefunds(attempt.checkoutId),
        deps.store.getCheckout(attempt.checkoutId),
      ]);
      const currency = checkout!.currency;
      const refunded = refunds
        .filter((r) => r.attemptId === attempt.id && r.status === 'SUCCEEDED')
        .reduce((sum, r) => sum + toCents(r.amount), 0);
      return {
        refunded: { amount: fromCents(refunded), currency },
        refundable: { amount: balance?.refundable ?? '0.00', currency },
      };
    },
    /** Refunds duplicates nobody refunded yet (also runs on its own, every sweep interval). */
    refundDuplicates: () => duplicates.sweep(),
    async close(): Promise<void> {
      sweeper.stop();
      await duplicates.stop();
      idempotency.stop();
    },
  };
}

/**
 * A checkout past its time ends as the customer reaches it, not at the sweeper's next round:
 * the widget reads EXPIRED at once, subscribers hear it, and its steps are refused as closed.
 */
async function expireIfDue(
  core: Pick<ServiceCore, 'store' | 'now' | 'publish'>,
  checkout: Checkout,
): Promise<Checkout> {
  if (!isIdleStatus(checkout.status) || checkout.expiresAt > core.now()) return checkout;
  const result = await core.store.expireCheckout(checkout.id);
  if (!result.ok) return checkout;
  core.publish(result.checkout, result.changed);
  return result.checkout;
}

/** A checkout whose execute is in flight asks UMF, at most once every two seconds per attempt. */
async function refreshIfWaiting(
  core: ServiceCore,
  checkout: Checkout,
  lastQueried: Map<string, number>,
): Promise<Checkout> {
  if (checkout.status !== 'PROCESSING' && checkout.status !== 'AWAITING_CUSTOMER') return checkout;
  const attempt = checkout.currentAttemptId
    ? await core.store.getAttempt({ attemptId: checkout.currentAttemptId })
    : undefined;
  if (!attempt?.umfPaymentId) return checkout;
  const at = core.now().getTime();
  if ((lastQueried.get(attempt.id) ?? 0) > at - 2000) return checkout;
  lastQueried.set(attempt.id, at);
  if (lastQueried.size > 10_000) lastQueried.clear();
  try {
    return (await core.settle.attempt(attempt)) ?? checkout;
  } catch (error) {
    core.logger.warn({ err: describe(error), checkoutId: checkout.id }, 'payment query failed');
    return checkout;
  }
}

function startSweeper(core: ServiceCore, intervalMs: number) {
  if (intervalMs <= 0) return { stop() {} };
  const timer = setInterval(() => {
    core.store
      .expireDueCheckouts()
      .then((expired) => {
        for (const checkout of expired) core.publish(checkout);
      })
      .catch((error: unknown) =>
        core.logger.error({ err: describe(error) }, 'expiry sweep failed'),
      );
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * A payment object (query, notification) says TRADE_FAIL but carries no return code: record
 * UMF's "payment failed" so the attempt shows the customer why, as when execute answers it.
 */
function defaultResultCode(state: Payment['state']): string | undefined {
  return state === 'TRADE_FAIL' ? '00060765' : undefined;
}
