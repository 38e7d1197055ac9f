import {
  type AttemptStatus,
  attemptStatusFromUmf,
  type CheckoutStatus,
  canAttemptTransition,
  isCheckoutOpen,
  successOutcome,
} from '../domain/state.ts';
import type {
  Attempt,
  AttemptChange,
  AttemptRef,
  Checkout,
  PaymentResult,
  Refused,
} from '../domain/types.ts';
import { type Locked, lockAttempt, supersedeIfLive, updateAttempt } from './attempt-tx.ts';
import { changeLocked, enqueueEvent, isDue, moveCheckout } from './checkout-tx.ts';
import { nowIso, type StoreContext, type Trx } from './context.ts';
import { toAttempt, toCheckout } from './rows.ts';
import type { AttemptRow, CheckoutRow } from './tables.ts';

/**
 * Applies UMF's word on an attempt's payment — from execute's answer, a query or a
 * notification, whichever comes first. Monotonic: a duplicate or anything after a final
 * state changes nothing (`changed: false`); a success always lands (see state.ts).
 * `accepts`, when given, sees the locked checkout and attempt first: when it answers false
 * nothing is written (`changed: false`) — a notification's payment that is not the one asked
 * for is checked on the rows the lock holds, without reading them once more before.
 */
export async function applyPaymentResult(
  ctx: StoreContext,
  ref: AttemptRef,
  result: PaymentResult,
  accepts?: (checkout: Checkout, attempt: Attempt) => boolean,
): Promise<AttemptChange | Refused> {
  return changeLocked(ctx, lockAttempt, ref, async (trx, locked) => {
    if (accepts && !accepts(toCheckout(locked.row), toAttempt(locked.attempt))) {
      return unchanged(locked);
    }
    const target = attemptStatusFromUmf(result.state);
    const from = locked.attempt.status as AttemptStatus;
    if (target === undefined || !canAttemptTransition(from, target)) return unchanged(locked);
    return target === 'SUCCEEDED'
      ? applySuccess(trx, ctx, locked, result)
      : applyEnd(trx, ctx, locked, target, result);
  });
}

function unchanged({ row, attempt }: Locked): AttemptChange {
  return { ok: true, checkout: toCheckout(row), attempt: toAttempt(attempt), changed: false };
}

async function finish(
  trx: Trx,
  ctx: StoreContext,
  attempt: AttemptRow,
  status: AttemptStatus,
  result: PaymentResult,
): Promise<AttemptRow> {
  const updated = await updateAttempt(trx, ctx, attempt, {
    status,
    umf_state: result.state,
    result_code: result.code ?? null,
    finished_at: nowIso(ctx),
    // UMF's last word: nothing left for the reconciler to ask.
    execute_unknown_at: null,
    next_check_at: null,
  });
  if (!updated) throw new Error(`attempt ${attempt.id} changed underneath`);
  return updated;
}

async function applySuccess(
  trx: Trx,
  ctx: StoreContext,
  { row, attempt }: Locked,
  result: PaymentResult,
): Promise<AttemptChange> {
  if (successOutcome(toCheckout(row)) === 'DUPLICATE') {
    // Money taken that the checkout does not count (another attempt was paid first, or the
    // merchant canceled): keep the fact, leave the checkout as it is, tell the merchant; the
    // service refunds it.
    const duplicate = await finish(trx, ctx, attempt, 'DUPLICATE_PAID', result);
    await enqueueEvent(trx, ctx, 'payment.duplicate', {
      checkout: toCheckout(row),
      attempt: toAttempt(duplicate),
    });
    return { ok: true, checkout: toCheckout(row), attempt: toAttempt(duplicate), changed: true };
  }
  const succeeded = await finish(trx, ctx, attempt, 'SUCCEEDED', result);
  // A superseded attempt's payment counted: the checkout's current attempt (a newer QR code,
  // a card waiting for its SMS code) can no longer be the payment, so it is superseded too,
  // and the paid attempt becomes the current one (what the widget shows).
  if (row.current_attempt_id !== attempt.id) {
    await supersedeIfLive(trx, ctx, row.current_attempt_id);
  }
  const moved = await moveCheckout(
    trx,
    ctx,
    row,
    { type: 'ATTEMPT_SUCCEEDED' },
    { paid_attempt_id: attempt.id, current_attempt_id: attempt.id },
  );
  if (!moved) throw new Error(`checkout ${row.id} refused ATTEMPT_SUCCEEDED in ${row.status}`);
  return { ok: true, checkout: toCheckout(moved), attempt: toAttempt(succeeded), changed: true };
}

async function applyEnd(
  trx: Trx,
  ctx: StoreContext,
  { row, attempt }: Locked,
  target: 'FAILED' | 'CLOSED',
  result: PaymentResult,
): Promise<AttemptChange> {
  const ended = await finish(trx, ctx, attempt, target, result);
  const current = row.current_attempt_id === attempt.id;
  if (!current || !isCheckoutOpen(row.status as CheckoutStatus)) {
    // An older attempt or a closed checkout: the attempt's record changes, the checkout not.
    return { ok: true, checkout: toCheckout(row), attempt: toAttempt(ended), changed: true };
  }
  const next = nextAfterEnd(ctx, row, target);
  const moved = await moveCheckout(trx, ctx, row, { type: 'ATTEMPT_ENDED', next });
  if (!moved) throw new Error(`checkout ${row.id} refused ATTEMPT_ENDED in ${row.status}`);
  return { ok: true, checkout: toCheckout(moved), attempt: toAttempt(ended), changed: true };
}

/**
 * After the current attempt ended unpaid: the customer may try again while the checkout's
 * life lasts and attempts remain. A decline at the end says FAILED; UMF closing the payment
 * after the checkout's time says EXPIRED.
 */
function nextAfterEnd(
  ctx: StoreContext,
  row: CheckoutRow,
  target: 'FAILED' | 'CLOSED',
): 'RETRY' | 'FAILED' | 'EXPIRED' {
  const due = isDue(ctx, row);
  if (!due && row.attempt_count < ctx.maxAttempts) return 'RETRY';
  return due && target === 'CLOSED' ? 'EXPIRED' : 'FAILED';
}
