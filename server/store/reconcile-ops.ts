import { type QueryCreator, sql } from 'kysely';
import type { Attempt, Checkout, Refund } from '../domain/types.ts';
import { nowIso, type StoreContext } from './context.ts';
import { toAttempt, toCheckout, toRefund } from './rows.ts';
import { mapRow } from './table-rows.ts';
import { type AttemptRow, COLUMNS, type Database, type RefundRow } from './tables.ts';

// What the reconciler needs from the store. An attempt or refund whose result UMF has not given
// yet carries next_check_at: the time the reconciler asks UMF next (null once final). The
// store sets the first one where the uncertainty starts (an execute claimed, a QR payment
// shown, a refund created); the reconciler moves it on with its backoff; a final result
// clears it. Stored per row, so a restarted BFF resumes the same schedule.

/** The first check after an execute is claimed, a QR code is shown or a refund is created. */
export const FIRST_CHECK_DELAY_MS = 5_000;

/** UMF's "server busy": what the customer reads after an execute UMF never received. */
export const EXECUTE_NOT_RECEIVED_CODE = '00060999';

export function firstCheckAt(ctx: StoreContext): string {
  return new Date(ctx.now().getTime() + FIRST_CHECK_DELAY_MS).toISOString();
}

export type DueChecks = { attempts: Attempt[]; refunds: Refund[] };

/** The two tables whose rows the reconciler checks: both carry next_check_at and check_count. */
type Checked = 'attempts' | 'refunds';

/** Attempts and refunds whose check is due, the most overdue first. */
export async function dueChecks(ctx: StoreContext, limit = 50): Promise<DueChecks> {
  const due = <T extends Checked>(table: T) =>
    ctx.db
      .selectFrom(table as Checked)
      .select(COLUMNS[table] as readonly (keyof AttemptRow & keyof RefundRow)[])
      .where('next_check_at', '<=', nowIso(ctx))
      .orderBy('next_check_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  const attempts = (await due('attempts')) as AttemptRow[];
  const refunds = (await due('refunds')) as RefundRow[];
  return { attempts: attempts.map(toAttempt), refunds: refunds.map(toRefund) };
}

export type CheckRef = { attemptId: string } | { refundId: string };

/**
 * After a check that did not settle the row: the next one at `at` (null: stop checking).
 * A row a result cleared meanwhile stays cleared.
 */
export async function scheduleCheck(
  ctx: StoreContext,
  ref: CheckRef,
  at: Date | null,
): Promise<void> {
  const [table, id]: [Checked, string] =
    'attemptId' in ref ? ['attempts', ref.attemptId] : ['refunds', ref.refundId];
  await ctx.db
    .updateTable(table)
    .set((eb) => ({
      next_check_at: at === null ? null : at.toISOString(),
      check_count: eb('check_count', '+', 1),
    }))
    .where('id', '=', id)
    .where('next_check_at', 'is not', null)
    .execute();
}

/**
 * Execute answered (UMF is processing it): its outcome is no longer unknown. Answers the
 * attempt's checkout as it is now (undefined: no such attempt); on PostgreSQL the update and
 * the read are one statement (a data-modifying WITH), on SQLite two.
 */
export async function markExecuteAnswered(
  ctx: StoreContext,
  attemptId: string,
): Promise<Checkout | undefined> {
  const answered = (db: QueryCreator<Database>) =>
    db
      .updateTable('attempts')
      .set({ execute_unknown_at: null, updated_at: nowIso(ctx) })
      .where('id', '=', attemptId)
      .where('status', '=', 'PROCESSING');
  const owner = ctx.db.selectFrom('attempts').select('checkout_id').where('id', '=', attemptId);
  if (ctx.dialect === 'sqlite') await answered(ctx.db).execute();
  const read = (ctx.dialect === 'postgres' ? ctx.db.with('answered', answered) : ctx.db)
    .selectFrom('checkouts')
    .select(COLUMNS.checkouts)
    .where('id', '=', owner);
  return mapRow(await read.executeTakeFirst(), toCheckout);
}

export type ReconcileLock = <T>(
  fn: () => Promise<T>,
) => Promise<{ ran: true; value: T } | { ran: false }>;

/**
 * Runs `fn` only if no other reconciler round holds the lock, else returns at once: a
 * PostgreSQL advisory lock (pg_try_advisory_lock) shared by every BFF instance, an in-process
 * flag on SQLite (which serves one process only).
 */
export function reconcileLock(ctx: StoreContext): ReconcileLock {
  if (ctx.dialect === 'sqlite') {
    let busy = false;
    return async (fn) => {
      if (busy) return { ran: false };
      busy = true;
      try {
        return { ran: true, value: await fn() };
      } finally {
        busy = false;
      }
    };
  }
  return (fn) =>
    ctx.db.connection().execute(async (conn) => {
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_lock(hashtext('umf-checkout.reconciler:' || current_schema())) as locked`.execute(
        conn,
      );
      if (!rows[0]?.locked) return { ran: false as const };
      try {
        return { ran: true as const, value: await fn() };
      } finally {
        await sql`select pg_advisory_unlock(hashtext('umf-checkout.reconciler:' || current_schema()))`.execute(
          conn,
        );
      }
    });
}
