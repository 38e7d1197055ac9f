// Live checkout updates: the `checkoutUpdated` subscription streamed over fetch; while the
// stream is down, the checkout is polled, and the stream is tried again with a backoff.
import { type ApiOptions, type Checkout, isFinal, subscribe } from './client.ts';

export type WatchOptions = ApiOptions & {
  clientSecret: string;
  /** Reads the checkout once (the polling fallback). */
  poll: () => Promise<Checkout | null>;
  onCheckout: (checkout: Checkout) => void;
  signal: AbortSignal;
  /** Polling interval while the stream is down, in ms. */
  pollInterval?: number;
};

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Follows the checkout until it is final or `signal` aborts. Never rejects. */
export async function watchCheckout(options: WatchOptions): Promise<void> {
  const { signal, onCheckout } = options;
  let final = false;
  let failures = 0;
  const seen = (checkout: Checkout) => {
    // An answer that arrives after the abort is stale: the element follows another checkout.
    if (signal.aborted) return;
    final = isFinal(checkout);
    onCheckout(checkout);
  };
  while (!signal.aborted && !final) {
    try {
      await subscribe(
        options,
        (checkout) => {
          failures = 0;
          seen(checkout);
        },
        signal,
      );
    } catch {
      // Stream refused or cut: fall back to polling below.
    }
    if (signal.aborted || final) return;
    failures++;
    const polls = Math.min(failures, 5);
    for (let i = 0; i < polls && !signal.aborted && !final; i++) {
      await sleep(options.pollInterval ?? 3000, signal);
      const checkout = await options.poll().catch(() => null);
      if (checkout) seen(checkout);
    }
  }
}
