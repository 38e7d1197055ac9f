import { newId } from '../domain/ids.ts';
import {
  type CheckoutEvent,
  type CheckoutStatus,
  checkoutAfter,
  isCheckoutOpen,
} from '../domain/state.ts';
import type { Refusal, Refused } from '../domain/types.ts';
import { inTransaction, nowIso, type StoreContext, type Trx } from './context.ts';
import { toCheckout } from './rows.ts';
import {
  lockOwningCheckoutThenFind,
  lockRow,
  type Match,
  type Row,
  updateRow,
} from './table-rows.ts';
import type { CheckoutRow } from './tables.ts';

// Building blocks used inside one transaction. Every write to a checkout first locks its row
// (SELECT … FOR UPDATE on PostgreSQL; SQLite transactions are serial in our one process),
// always checkout before attempt or refund, so concurrent operations queue instead of
// deadlocking, and every update is still a compare-and-set on the version it read.

export function lockCheckout(
  trx: Trx,
  ctx: StoreContext,
  id: string,
): Promise<CheckoutRow | undefined> {
  return lockRow(trx, ctx, 'checkouts', { id });
}

/**
 * A row of a checkout (an attempt, a refund) with its checkout locked: the checkout locked
 * through the row, then the row read under the lock — checkout before its rows, the lock order
 * everywhere. A row never changes checkout, so the one read is the row of the locked checkout.
 */
export async function lockWithCheckout<T extends 'attempts' | 'refunds'>(
  trx: Trx,
  ctx: StoreContext,
  table: T,
  match: Match<T>,
): Promise<[CheckoutRow, Row<T>] | undefined> {
  const [row, held] = await lockOwningCheckoutThenFind(trx, ctx, table, match);
  if (!row || !held) return undefined;
  if (held.checkout_id !== row.id) throw new Error(`a ${table} row moved to another checkout`);
  return [row, held];
}

/**
 * One transaction on what `lock` holds for `key` (a checkout, or a row of one with its
 * checkout): NOT_FOUND when it finds nothing, else what `change` answers.
 */
export function changeLocked<K, L, T>(
  ctx: StoreContext,
  lock: (trx: Trx, ctx: StoreContext, key: K) => Promise<L | undefined>,
  key: K,
  change: (trx: Trx, locked: L) => Promise<T | Refused>,
): Promise<T | Refused> {
  return inTransaction(ctx, async (trx) => {
    const locked = await lock(trx, ctx, key);
    return locked ? change(trx, locked) : refused('NOT_FOUND');
  });
}

export class ConcurrentUpdateError extends Error {
  override name = 'ConcurrentUpdateError';
}

/** Writes the checkout row with a bumped version if its version is still `row`'s. */
export async function updateCheckout(
  trx: Trx,
  ctx: StoreContext,
  row: CheckoutRow,
  changes: Partial<Omit<CheckoutRow, 'id' | 'status_version'>>,
): Promise<CheckoutRow> {
  const updated = await updateRow(
    trx,
    'checkouts',
    { id: row.id, status_version: row.status_version },
    { ...changes, status_version: row.status_version + 1, updated_at: nowIso(ctx) },
  );
  if (!updated) throw new ConcurrentUpdateError(`checkout ${row.id} changed underneath`);
  return updated;
}

/** Applies a state-machine event; undefined when the machine refuses it. */
export async function moveCheckout(
  trx: Trx,
  ctx: StoreContext,
  row: CheckoutRow,
  event: CheckoutEvent,
  changes: Partial<Omit<CheckoutRow, 'id' | 'status_version' | 'status'>> = {},
): Promise<CheckoutRow | undefined> {
  const status = checkoutAfter(row.status as CheckoutStatus, event);
  if (status === undefined) return undefined;
  const updated = await updateCheckout(trx, ctx, row, { ...changes, status });
  if (!isCheckoutOpen(status) && status !== row.status) {
    await enqueueEvent(trx, ctx, `checkout.${status.toLowerCase()}`, {
      checkout: toCheckout(updated),
    });
  }
  return updated;
}

/** Whether the checkout's life is over by the clock (its status may not say so yet). */
export function isDue(ctx: StoreContext, row: CheckoutRow): boolean {
  return row.expires_at <= nowIso(ctx);
}

/** Ends the current attempt if it is still live (the checkout expired or was canceled). */
export async function abandonLiveAttempt(trx: Trx, ctx: StoreContext, row: CheckoutRow) {
  if (row.current_attempt_id === null) return;
  await trx
    .updateTable('attempts')
    .set({ status: 'ABANDONED', updated_at: nowIso(ctx), finished_at: nowIso(ctx) })
    .where('id', '=', row.current_attempt_id)
    .where('status', 'in', ['CREATED', 'SMS_SENT', 'AWAITING_CUSTOMER'])
    .execute();
}

/** Expires an idle open checkout whose time is up; undefined when it is not due or busy. */
export async function expireIfDue(
  trx: Trx,
  ctx: StoreContext,
  row: CheckoutRow,
): Promise<CheckoutRow | undefined> {
  if (!isDue(ctx, row)) return undefined;
  const expired = await moveCheckout(trx, ctx, row, { type: 'EXPIRED' });
  if (expired) await abandonLiveAttempt(trx, ctx, row);
  return expired;
}

/** `next_attempt_at` of an event given up on: never due again, kept for the operator. */
export const GAVE_UP_AT = new Date('9999-12-31T23:59:59.999Z');
/**
 * `next_attempt_at` of an event queued while no webhook URL was configured: never due until
 * released (WEBHOOK_DELIVER_BACKLOG at start, or resendEvent).
 */
export const HELD_AT = new Date('9999-01-01T00:00:00.000Z');

/**
 * The transactional outbox: a merchant webhook commits with the change it reports. `data` has
 * one key naming the object (checkout, refund, …) the event is about, as the domain has it;
 * the GraphQL layer renders it (server/graphql/events.ts).
 */
export async function enqueueEvent(
  trx: Trx,
  ctx: StoreContext,
  type: string,
  data: Record<string, unknown>,
): Promise<string> {
  const id = newId('ev', ctx.random);
  const createdAt = nowIso(ctx);
  await trx
    .insertInto('webhook_outbox')
    .values({
      id,
      event_type: type,
      payload_json: JSON.stringify({ id, type, createdAt, data }),
      attempts: 0,
      next_attempt_at: ctx.holdWebhooks ? HELD_AT.toISOString() : createdAt,
      delivered_at: null,
      last_error: null,
      created_at: createdAt,
    })
    .execute();
  return id;
}

/** A refusal, carrying the checkout as it now is when there is one. */
export function refused(refusal: Refusal, row?: CheckoutRow): Refused {
  return row ? { ok: false, refusal, checkout: toCheckout(row) } : { ok: false, refusal };
}
