// The reconciler: a background loop that asks UMF about every attempt and refund whose result
// is not known yet — an execute in flight or whose answer was lost, a QR code shown, a refund
// PENDING — until UMF gives its final word, so no result waits for someone to look and none
// is guessed. Each row carries its own due time (next_check_at) and check count: checks come
// a few seconds apart at first, then minutes apart, and a restart resumes the same schedule.
// With PostgreSQL one BFF instance at a time runs a round (an advisory lock); the others skip.
// What a check learns lands through the service's own paths (settle.ts): store, live stream
// and webhooks, exactly as a notification or a widget read would.

import type { Logger } from '../../common/logger.ts';
import type { Attempt, Refund } from '../domain/types.ts';
import { FIRST_CHECK_DELAY_MS } from '../store/reconcile-ops.ts';
import type { CheckoutStore } from '../store/store.ts';

export type ReconcilerOptions = {
  store: Pick<CheckoutStore, 'dueChecks' | 'scheduleCheck' | 'withReconcileLock' | 'getCheckout'>;
  /** Asks UMF about one attempt and applies what it says; throws when UMF could not be asked. */
  checkAttempt(attempt: Attempt): Promise<unknown>;
  /** Asks UMF about one PENDING refund and applies what it says; throws likewise. */
  checkRefund(refund: Refund): Promise<unknown>;
  logger: Logger;
  now: () => Date;
  /** Pause between rounds (ms). */
  intervalMs: number;
  /** The longest wait between two checks of one row (ms); checks double from 5 s up to it. */
  maxDelayMs: number;
  /** Stop asking about an attempt this long after its checkout's expiry (ms; default 1 day). */
  giveUpAfterMs?: number;
  /** Rows per kind and round (default 50). */
  batchSize?: number;
};

export type Reconciler = {
  /** One round now (tests, shutdown); resolves when it ended. Skipped while one runs. */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
};

/** The wait after the `count`-th check of a row: 10 s, 20 s, 40 s … up to maxDelayMs. */
export function checkDelayMs(count: number, maxDelayMs: number): number {
  return Math.min(FIRST_CHECK_DELAY_MS * 2 ** Math.min(count, 20), maxDelayMs);
}

export function startReconciler(options: ReconcilerOptions): Reconciler {
  const { store, logger } = options;
  const giveUpAfterMs = options.giveUpAfterMs ?? 86_400_000;
  const batchSize = options.batchSize ?? 50;
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function check(
    ref: { attemptId: string } | { refundId: string },
    count: number,
    run: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await run();
    } catch (error) {
      logger.warn({ ...ref, err: describe(error) }, 'reconciler: UMF could not be asked');
    }
    const next = new Date(options.now().getTime() + checkDelayMs(count + 1, options.maxDelayMs));
    await store.scheduleCheck(ref, next);
  }

  async function checkAttempt(attempt: Attempt): Promise<void> {
    const checkout = await store.getCheckout(attempt.checkoutId);
    const giveUpAt = (checkout?.expiresAt.getTime() ?? 0) + giveUpAfterMs;
    if (options.now().getTime() > giveUpAt) {
      logger.error(
        { attemptId: attempt.id, checkoutId: attempt.checkoutId, status: attempt.status },
        'reconciler: UMF gave no final state for a day after expiry; no longer asking',
      );
      await store.scheduleCheck({ attemptId: attempt.id }, null);
      return;
    }
    await check({ attemptId: attempt.id }, attempt.checkCount, () => options.checkAttempt(attempt));
  }

  async function round(): Promise<void> {
    await store.withReconcileLock(async () => {
      const { attempts, refunds } = await store.dueChecks(batchSize);
      for (const attempt of attempts) {
        if (stopped) return;
        await checkAttempt(attempt);
      }
      for (const refund of refunds) {
        if (stopped) return;
        await check({ refundId: refund.id }, refund.checkCount, () => options.checkRefund(refund));
      }
    });
  }

  function runOnce(): Promise<void> {
    running ??= round()
      .catch((error: unknown) => logger.error({ err: describe(error) }, 'reconciler round failed'))
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void runOnce().then(schedule);
    }, options.intervalMs);
    timer.unref();
  }

  schedule();
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
