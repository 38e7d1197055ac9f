// Duplicate payments (state.ts): money UMF took that the checkout does not count — a replaced
// QR code scanned after another attempt was paid, both wallets, a QR code after the card, a
// payment after the merchant canceled. The store records it as DUPLICATE_PAID with a
// `payment.duplicate` webhook; this part refunds it in full through the merchant's own refund
// path (`refundPayment` with the attempt's id), so it is recovered the same way as any refund
// and its webhooks follow. The checkout itself never changes.
//
// It runs as soon as the duplicate lands, and a sweep (at start, then every interval) takes
// every duplicate still to refund: one whose refund never started because the BFF stopped in
// between, or whose refund FAILED — UMF refused it or provably never received it, so a new
// refund (its own refund number) cannot move money twice. After MAX_TRIES refunds it is left
// to the merchant (`refund.failed` told them each time). A PENDING refund is never doubled:
// its result is the reconciler's to learn. Two instances racing on one duplicate are safe:
// a refund reserves the whole amount under the checkout's lock, so the second is refused.
import { CheckoutError } from '../domain/errors.ts';
import type { Attempt, Refund } from '../domain/types.ts';
import type { ServiceCore } from './core.ts';
import type { RefundPaymentInput } from './merchant-operations.ts';

/** Refunds tried per duplicate before it is left to the merchant. */
export const MAX_TRIES = 5;

export type DuplicateRefunds = {
  /** Refunds what is left of a DUPLICATE_PAID attempt; never throws (logs instead). */
  refund(attempt: Attempt): Promise<Refund | undefined>;
  /** Refunds every duplicate still to refund; resolves to how many it tried. */
  sweep(): Promise<number>;
  stop(): Promise<void>;
};

export function createDuplicateRefunds(
  core: ServiceCore,
  refundPayment: (input: RefundPaymentInput) => Promise<Refund>,
  options: { enabled: boolean; intervalMs: number },
): DuplicateRefunds {
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work));
    return work;
  };

  async function refundNow(attempt: Attempt): Promise<Refund | undefined> {
    const log = { checkoutId: attempt.checkoutId, attemptId: attempt.id };
    try {
      const balance = await core.store.refundBalance(attempt.checkoutId, attempt.id);
      if (!balance || balance.refundable === '0.00') return undefined;
      core.logger.warn(
        { ...log, umfPaymentId: attempt.umfPaymentId, amount: balance.refundable },
        'duplicate payment: refunding it in full',
      );
      return await refundPayment({
        checkoutId: attempt.checkoutId,
        attemptId: attempt.id,
        amount: balance.refundable,
        reason: 'duplicate payment',
      });
    } catch (error) {
      if (error instanceof CheckoutError && error.code === 'REFUND_AMOUNT_INVALID') {
        // Another instance (or the sweep) refunded it first: nothing is left to refund.
        core.logger.info(log, 'duplicate payment: already being refunded');
        return undefined;
      }
      core.logger.error(
        { ...log, err: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown' },
        'duplicate payment: refund not completed',
      );
      return undefined;
    }
  }

  async function sweep(): Promise<number> {
    const duplicates = await core.store.listDuplicatesToRefund({ maxTries: MAX_TRIES });
    for (const attempt of duplicates) await track(refundNow(attempt));
    return duplicates.length;
  }

  let timer: NodeJS.Timeout | undefined;
  if (options.enabled && options.intervalMs > 0) {
    const tick = () => {
      track(sweep())
        .catch((error: unknown) =>
          core.logger.error({ err: String(error) }, 'duplicate payment sweep failed'),
        )
        .finally(() => {
          if (timer) timer = setTimeout(tick, options.intervalMs).unref();
        });
    };
    // The first sweep soon after start: duplicates a stopped BFF left unrefunded.
    timer = setTimeout(tick, Math.min(options.intervalMs, 1000)).unref();
  }

  return {
    refund: (attempt) => (options.enabled ? track(refundNow(attempt)) : Promise.resolve(undefined)),
    sweep: () => (options.enabled ? sweep() : Promise.resolve(0)),
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await Promise.allSettled([...running]);
    },
  };
}
