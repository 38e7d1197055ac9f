import { newId } from '../domain/ids.ts';
import { fromCents, isDecimalAmount, toCents } from '../domain/money.ts';
import {
  type AttemptStatus,
  canRefundTransition,
  isAttemptPaid,
  type RefundStatus,
  refundCountsAgainstPaid,
  refundStatusFromUmf,
} from '../domain/state.ts';
import type { Checkout, Refund, RefundRef, RefundResult, Refused } from '../domain/types.ts';
import {
  changeLocked,
  enqueueEvent,
  lockCheckout,
  lockWithCheckout,
  refused,
} from './checkout-tx.ts';
import { type Db, nowIso, type StoreContext, type Trx } from './context.ts';
import { firstCheckAt } from './reconcile-ops.ts';
import { toCheckout, toRefund } from './rows.ts';
import {
  findRow,
  listRows,
  type Match,
  mapRow,
  stampedUpdate,
  updateLockedRow,
} from './table-rows.ts';
import { COLUMNS } from './tables.ts';

export type CreateRefundInput = {
  /** Decimal string, > 0; with the attempt's other pending and succeeded refunds ≤ its amount. */
  amount: string;
  /** The goods refunded (UMF refund orders[]), kept as given. */
  orders?: unknown;
  /** The paid attempt to refund (a duplicate payment too); default: the counted payment. */
  attemptId?: string;
};

export type RefundBalance = { paid: string; reserved: string; refundable: string };

export type RefundChange = { ok: true; refund: Refund; checkout: Checkout; changed: boolean };

/**
 * Creates a PENDING refund of a paid attempt. Pending refunds reserve their amount, so two
 * concurrent refunds can never together exceed what the attempt paid (the checkout row is
 * locked). Each attempt pays the checkout's amount; its refunds are counted on their own.
 */
export async function createRefund(
  ctx: StoreContext,
  checkoutId: string,
  input: CreateRefundInput,
): Promise<(RefundChange & { balance: RefundBalance }) | Refused> {
  if (!isDecimalAmount(input.amount) || toCents(input.amount) <= 0) {
    return refused('INVALID_INPUT');
  }
  return changeLocked(ctx, lockCheckout, checkoutId, async (trx, row) => {
    const attemptId = input.attemptId ?? row.paid_attempt_id;
    if (attemptId === null) return refused('NOT_PAID', row);
    const attempt = await findRow(trx, 'attempts', { id: attemptId, checkout_id: row.id });
    if (!attempt) return refused('ATTEMPT_NOT_FOUND', row);
    if (!isAttemptPaid(attempt.status as AttemptStatus)) return refused('NOT_PAID', row);
    const reserved = await reservedCents(trx, attempt.id);
    const paid = toCents(row.amount);
    const amount = toCents(input.amount);
    if (reserved + amount > paid) return refused('REFUND_EXCEEDS_PAID', row);
    const now = nowIso(ctx);
    const refund = await trx
      .insertInto('refunds')
      .values({
        id: newId('rf', ctx.random),
        checkout_id: row.id,
        attempt_id: attempt.id,
        amount: fromCents(amount),
        currency: row.currency,
        status: 'PENDING',
        umf_refund_id: null,
        umf_state: null,
        orders_json: input.orders === undefined ? null : JSON.stringify(input.orders),
        result_code: null,
        created_at: now,
        updated_at: now,
        // PENDING until UMF's word: the reconciler asks should no answer or notification come.
        next_check_at: firstCheckAt(ctx),
        check_count: 0,
      })
      .returning(COLUMNS.refunds)
      .executeTakeFirstOrThrow();
    const balance = toBalance(paid, reserved + amount);
    return {
      ok: true,
      refund: toRefund(refund),
      checkout: toCheckout(row),
      changed: true,
      balance,
    };
  });
}

async function reservedCents(trx: Db, attemptId: string): Promise<number> {
  const rows = await listRows(trx, 'refunds', { attempt_id: attemptId }, []);
  return rows
    .filter((r) => refundCountsAgainstPaid(r.status as RefundStatus))
    .reduce((sum, r) => sum + toCents(r.amount), 0);
}

function toBalance(paid: number, reserved: number): RefundBalance {
  return {
    paid: fromCents(paid),
    reserved: fromCents(reserved),
    refundable: fromCents(paid - reserved),
  };
}

/**
 * Paid, reserved (pending + succeeded refunds) and still refundable amounts of one attempt
 * (default: the checkout's counted payment; nothing paid when it has none).
 */
export async function refundBalance(
  ctx: StoreContext,
  checkoutId: string,
  attemptId?: string,
): Promise<RefundBalance | undefined> {
  const row = await findRow(ctx.db, 'checkouts', { id: checkoutId });
  if (!row) return undefined;
  const id = attemptId ?? row.paid_attempt_id;
  const attempt =
    id === null ? undefined : await findRow(ctx.db, 'attempts', { id, checkout_id: row.id });
  if (!attempt) return attemptId === undefined ? toBalance(0, 0) : undefined;
  const paid = isAttemptPaid(attempt.status as AttemptStatus) ? toCents(row.amount) : 0;
  return toBalance(paid, await reservedCents(ctx.db, attempt.id));
}

/** UMF's id of the refund, once its answer gives it. */
export const attachUmfRefund = stampedUpdate('refunds', toRefund, (umfRefundId: string) => ({
  umf_refund_id: umfRefundId,
}));

/** Applies UMF's refund state; only PENDING moves, so duplicates and late states change nothing. */
export async function applyRefundResult(
  ctx: StoreContext,
  ref: RefundRef,
  result: RefundResult,
): Promise<RefundChange | Refused> {
  return changeLocked(ctx, lockRefund, ref, async (trx, [row, refund]) => {
    const status = refundStatusFromUmf(result.state);
    if (!canRefundTransition(refund.status as RefundStatus, status)) {
      return { ok: true, refund: toRefund(refund), checkout: toCheckout(row), changed: false };
    }
    const updated = await updateLockedRow(
      trx,
      'refunds',
      { id: refund.id, status: 'PENDING' },
      {
        status,
        umf_state: result.state,
        result_code: result.code ?? null,
        updated_at: nowIso(ctx),
        next_check_at: null,
      },
    );
    // A refund of a duplicate payment gives money back that the order never counted.
    const duplicate = updated.attempt_id !== row.paid_attempt_id;
    await enqueueEvent(trx, ctx, `refund.${status.toLowerCase()}`, {
      refund: { ...toRefund(updated), duplicate },
    });
    return { ok: true, refund: toRefund(updated), checkout: toCheckout(row), changed: true };
  });
}

/** The refund by our id or by UMF's refund id. */
function refundMatch(ref: RefundRef): Match<'refunds'> {
  return 'refundId' in ref ? { id: ref.refundId } : { umf_refund_id: ref.umfRefundId };
}

/** The checkout and its refund, locked (lockWithCheckout), for changeLocked. */
function lockRefund(trx: Trx, ctx: StoreContext, ref: RefundRef) {
  return lockWithCheckout(trx, ctx, 'refunds', refundMatch(ref));
}

export async function getRefund(ctx: StoreContext, ref: RefundRef): Promise<Refund | undefined> {
  return mapRow(await findRow(ctx.db, 'refunds', refundMatch(ref)), toRefund);
}

export async function listRefunds(ctx: StoreContext, checkoutId: string): Promise<Refund[]> {
  const match = { checkout_id: checkoutId };
  return (await listRows(ctx.db, 'refunds', match, ['created_at', 'id'])).map(toRefund);
}
