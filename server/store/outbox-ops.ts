import type { WebhookEvent } from '../domain/types.ts';
import { enqueueEvent, HELD_AT } from './checkout-tx.ts';
import { inTransaction, nowIso, type StoreContext } from './context.ts';
import { toWebhookEvent } from './rows.ts';
import { findRow, listRows, mapRow, updateRow } from './table-rows.ts';
import { COLUMNS } from './tables.ts';

/** Queues a merchant webhook outside any state change (state changes queue their own). */
export async function enqueueWebhook(
  ctx: StoreContext,
  type: string,
  data: Record<string, unknown>,
): Promise<string> {
  return inTransaction(ctx, (trx) => enqueueEvent(trx, ctx, type, data));
}

export type ClaimOptions = {
  limit?: number;
  /** How long the claimer owns the rows; unacknowledged rows come back after it. */
  leaseMs?: number;
};

/**
 * Claims due undelivered events for delivery. Concurrent claimers get disjoint rows:
 * PostgreSQL skips rows another claimer has locked (FOR UPDATE SKIP LOCKED), and a claim
 * pushes next_attempt_at past the lease so committed claims are not claimed again.
 */
export async function claimWebhooks(
  ctx: StoreContext,
  { limit = 10, leaseMs = 30_000 }: ClaimOptions = {},
): Promise<WebhookEvent[]> {
  return inTransaction(ctx, async (trx) => {
    const now = ctx.now();
    const due = await trx
      .selectFrom('webhook_outbox')
      .select(['id', 'attempts'])
      .where('delivered_at', 'is', null)
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate().skipLocked())
      .execute();
    if (due.length === 0) return [];
    const rows = await trx
      .updateTable('webhook_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        next_attempt_at: new Date(now.getTime() + leaseMs).toISOString(),
      }))
      .where(
        'id',
        'in',
        due.map((r) => r.id),
      )
      .returning(COLUMNS.webhook_outbox)
      .execute();
    return rows.map(toWebhookEvent).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  });
}

export async function markWebhookDelivered(ctx: StoreContext, id: string): Promise<void> {
  await updateRow(
    ctx.db,
    'webhook_outbox',
    { id },
    { delivered_at: nowIso(ctx), last_error: null },
  );
}

/** A delivery failed: try again at `retryAt` (the caller's backoff). */
export async function markWebhookFailed(
  ctx: StoreContext,
  id: string,
  failure: { error: string; retryAt: Date },
): Promise<void> {
  await updateRow(
    ctx.db,
    'webhook_outbox',
    { id, delivered_at: null },
    { last_error: failure.error.slice(0, 1000), next_attempt_at: failure.retryAt.toISOString() },
  );
}

export async function getWebhookEvent(
  ctx: StoreContext,
  id: string,
): Promise<WebhookEvent | undefined> {
  return mapRow(await findRow(ctx.db, 'webhook_outbox', { id }), toWebhookEvent);
}

/** Undelivered events, oldest first (for tests and an operator's view). */
export async function listPendingWebhooks(ctx: StoreContext, limit = 100): Promise<WebhookEvent[]> {
  const order = ['created_at', 'id'] as const;
  const rows = await listRows(ctx.db, 'webhook_outbox', { delivered_at: null }, order, limit);
  return rows.map(toWebhookEvent);
}

export type EventPosition = { createdAt: string; id: string };

export type ListEventsOptions = {
  /** Events after this one (exclusive), in the listing's order. */
  after?: EventPosition;
  /** An event type (`checkout.succeeded`) or a family (`checkout.*`). */
  type?: string;
  limit: number;
};

/** Every event kept, delivered or not, oldest first (created, then id): a merchant's catch-up. */
export async function listEvents(
  ctx: StoreContext,
  { after, type, limit }: ListEventsOptions,
): Promise<WebhookEvent[]> {
  const family = type?.endsWith('.*') ? type.slice(0, -1) : undefined;
  const exact = family === undefined ? type : undefined;
  let query = ctx.db.selectFrom('webhook_outbox').select(COLUMNS.webhook_outbox);
  if (family !== undefined) query = query.where('event_type', 'like', `${family}%`);
  if (exact !== undefined) query = query.where('event_type', '=', exact);
  if (after !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '>', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '>', after.id)]),
      ]),
    );
  }
  const rows = await query.orderBy('created_at').orderBy('id').limit(limit).execute();
  return rows.map(toWebhookEvent);
}

/**
 * Makes an event due for delivery again now, delivered, given up on, held or pending alike,
 * with a fresh count of tries. Undefined when there is no such event.
 */
export async function resendWebhook(
  ctx: StoreContext,
  id: string,
): Promise<WebhookEvent | undefined> {
  const due = { delivered_at: null, last_error: null, attempts: 0, next_attempt_at: nowIso(ctx) };
  return mapRow(await updateRow(ctx.db, 'webhook_outbox', { id }, due), toWebhookEvent);
}

/** Releases every held event (queued while no webhook URL was set) for delivery; how many. */
export async function releaseHeldWebhooks(ctx: StoreContext): Promise<number> {
  const result = await ctx.db
    .updateTable('webhook_outbox')
    .set({ next_attempt_at: nowIso(ctx) })
    .where('delivered_at', 'is', null)
    .where('next_attempt_at', '=', HELD_AT.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
