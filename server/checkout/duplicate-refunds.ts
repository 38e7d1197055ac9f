// Duplicate payments (state.ts): money UMF took that the checkout does not count — a replaced
// QR code scanned after another attempt was paid, both wallets, a QR code after the card, a
// payment after the merchant canceled. The store records it as DUPLICATE_PAID with a
// `payment.duplicate` webhook; this part refunds it in full through the merchant's own refund
// path (`refundPayment` with the attempt's id), so it is recovered the same way as any refund
// and its webhooks follow. The checkout itself never changes.
//
// It runs as soon as the duplicate lands, and a sweep (at start, then every interval) catches
// any duplicate without a refund — one whose refund never started because the BFF stopped in
// between. A duplicate that has any refund (pending, failed, succeeded) is left alone: a
// refused refund is the merchant's to look at (`refund.failed`), never blindly re-sent. Two
// instances racing on one duplicate are safe: the refund reserves the whole amount under the
// checkout's lock, so the second is refused.
import type { RefundPaymentInput } from './merchant-operations.ts';
import type { ServiceCore } from './service.ts';
import type { Attempt, Refund } from './types.ts';

export type DuplicateRefunds = {
  /** Refunds what is left of a DUPLICATE_PAID attempt; never throws (logs instead). */
  refund(attempt: Attempt): Promise<Refund | undefined>;
  /** Refunds every duplicate that has no refund yet; resolves to how many were started. */
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
      core.logger.error(
        { ...log, err: error instanceof Error ? `${error.name}: ${error.message}` : 'unknown' },
        'duplicate payment: refund not completed',
      );
      return undefined;
    }
  }

  async function sweep(): Promise<number> {
    const duplicates = await core.store.listUnrefundedDuplicates();
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
