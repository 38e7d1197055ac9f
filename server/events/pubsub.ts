// Checkout events for the `checkoutUpdated` subscription: Yoga's pub/sub shape (the service
// publishes `('checkout:updated', id, checkout)`, the subscription subscribes by id). In-process
// by itself (SQLite: one process); with PostgreSQL, server/events/pg-events.ts delivers what
// other instances changed (the store's transactions announce every change themselves).
//
// Subscribers never see a version go backwards: per watched checkout, one that is older than the
// last one handed out here is dropped (concurrent operations may publish out of order; other
// instances' events arrive in their own order). The same version may come again (a refund or an older attempt changed
// without a checkout status change), as it always could.
import { createPubSub, Repeater } from 'graphql-yoga';
import type { Checkout } from '../domain/types.ts';

export type CheckoutEvents = {
  'checkout:updated': [checkoutId: string, checkout: Checkout];
};

/** Yoga's `PubSub<CheckoutEvents>`, spelled out for its one event. */
export type CheckoutPubSub = {
  publish(routingKey: 'checkout:updated', checkoutId: string, checkout: Checkout): void;
  subscribe(routingKey: 'checkout:updated', checkoutId: string): Repeater<Checkout>;
};

/** The local pub/sub plus what an event bridge needs to feed it. */
export type CheckoutEventHub = CheckoutPubSub & {
  /** Hands a checkout that changed on another instance to this instance's subscribers only. */
  deliver(checkout: Checkout): void;
  /**
   * The last version delivered here for a checkout someone on this instance subscribes to:
   * 0 when nothing was delivered yet, undefined when nobody here watches it.
   */
  watchedVersion(checkoutId: string): number | undefined;
  /** The checkouts someone on this instance subscribes to. */
  watched(): string[];
};

export function createCheckoutPubSub(): CheckoutEventHub {
  const local = createPubSub<CheckoutEvents>();
  // Per watched checkout: how many subscribers here, and the last version handed to them.
  const watching = new Map<string, { subscribers: number; version: number }>();

  const hand = (checkoutId: string, checkout: Checkout) => {
    const watch = watching.get(checkoutId);
    if (!watch || checkout.version < watch.version) return;
    watch.version = checkout.version;
    local.publish('checkout:updated', checkoutId, checkout);
  };

  return {
    publish: (_routingKey, checkoutId, checkout) => hand(checkoutId, checkout),
    deliver: (checkout) => hand(checkout.id, checkout),
    watchedVersion: (checkoutId) => watching.get(checkoutId)?.version,
    watched: () => [...watching.keys()],
    subscribe(routingKey, checkoutId) {
      return new Repeater<Checkout>(async (push, stop) => {
        const watch = watching.get(checkoutId) ?? { subscribers: 0, version: 0 };
        watch.subscribers += 1;
        watching.set(checkoutId, watch);
        const source = local.subscribe(routingKey, checkoutId);
        stop.then(() => {
          source.return();
          watch.subscribers -= 1;
          if (watch.subscribers === 0 && watching.get(checkoutId) === watch) {
            watching.delete(checkoutId);
          }
        });
        for await (const checkout of source) await push(checkout);
        stop();
      });
    },
  };
}
