import type { CheckoutStatus } from '../domain/state.ts';
import type { Checkout } from '../domain/types.ts';
import type { StoreContext } from './context.ts';
import { toCheckout } from './rows.ts';
import { COLUMNS } from './tables.ts';

export type CheckoutFilter = {
  status?: CheckoutStatus | null;
  orderId?: string | null;
  /** Created at or after. */
  createdAfter?: Date | null;
  /** Created before. */
  createdBefore?: Date | null;
};

/** Where a page starts: after the checkout with this creation time and id (newest first). */
export type CheckoutPosition = { createdAt: string; id: string };

export type CheckoutPage = { checkouts: Checkout[]; hasNextPage: boolean };

/**
 * The merchant's checkouts, newest first, the id breaking ties (so the order is total and a
 * page never repeats or skips a row), `first` of them after `after`. Served by the indexes of
 * migration 0005 (created_at, id) and (status, created_at, id).
 */
export async function listCheckouts(
  ctx: StoreContext,
  filter: CheckoutFilter,
  first: number,
  after?: CheckoutPosition | null,
): Promise<CheckoutPage> {
  let query = ctx.db.selectFrom('checkouts').select(COLUMNS.checkouts);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.orderId) query = query.where('merchant_order_id', '=', filter.orderId);
  if (filter.createdAfter)
    query = query.where('created_at', '>=', filter.createdAfter.toISOString());
  if (filter.createdBefore) {
    query = query.where('created_at', '<', filter.createdBefore.toISOString());
  }
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(first + 1)
    .execute();
  return { checkouts: rows.slice(0, first).map(toCheckout), hasNextPage: rows.length > first };
}
