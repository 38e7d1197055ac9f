// The shop's own "database": its orders in memory. A real merchant keeps these in its own
// store, including the client secret, so a customer can come back to an unpaid order.
import type { CartLine } from './catalog.ts';

export type ShopOrder = {
  /** The shop's order id, also createCheckout's orderId. */
  id: string;
  checkoutId: string;
  clientSecret: string;
  lines: CartLine[];
  createdAt: Date;
};

export type OrderBook = ReturnType<typeof createOrderBook>;

export function createOrderBook(now: () => number = Date.now, limit = 500) {
  const orders = new Map<string, ShopOrder>();
  let count = 0;
  return {
    /** DEMO-<time36>-<n>: unique, ≤ 28 characters of [A-Za-z0-9_-] (UMF's order id rule). */
    nextId(): string {
      count += 1;
      return `DEMO-${now().toString(36)}-${count.toString(36)}`.slice(0, 28);
    },
    add(order: ShopOrder): void {
      orders.set(order.id, order);
      // A long-running demo should not grow without bound: forget the oldest.
      if (orders.size > limit) orders.delete(orders.keys().next().value as string);
    },
    get(id: string): ShopOrder | undefined {
      return orders.get(id);
    },
    /** Newest first. */
    list(): ShopOrder[] {
      return [...orders.values()].reverse();
    },
  };
}
