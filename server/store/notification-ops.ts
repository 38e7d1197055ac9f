import { nowIso, type StoreContext } from './context.ts';

/**
 * Records a UMF notification as processed; false when it already was (UMF retries until
 * acknowledged). Apply the result first (applyPaymentResult is idempotent), then mark.
 */
export async function markNotificationProcessed(ctx: StoreContext, key: string): Promise<boolean> {
  const result = await ctx.db
    .insertInto('processed_notifications')
    .values({ key, processed_at: nowIso(ctx) })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return result.numInsertedOrUpdatedRows === 1n;
}

export async function isNotificationProcessed(ctx: StoreContext, key: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('processed_notifications')
    .select('key')
    .where('key', '=', key)
    .executeTakeFirst();
  return row !== undefined;
}
