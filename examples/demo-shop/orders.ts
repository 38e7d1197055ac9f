// What the shop remembers of its orders: the client secret of each (the BFF shows it once), in
// memory. Everything else — which orders exist, their status, amounts and goods — comes from the
// BFF's `checkouts` list, so orders survive a restart of the shop; only an unpaid order's pay
// page needs the secret (a real merchant keeps it in its own store).

export type ShopOrder = {
  /** The shop's order id, also createCheckout's orderId. */
  id: string;
  checkoutId: string;
  /** Null for an order this shop process did not create (it was restarted): no pay page. */
  clientSecret: string | null;
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
