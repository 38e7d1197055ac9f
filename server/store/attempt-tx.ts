import { maskPhone, newId } from '../domain/ids.ts';
import {
  type AttemptStatus,
  type CheckoutStatus,
  isAttemptLive,
  isCheckoutOpen,
} from '../domain/state.ts';
import type { AttemptRef, Refused } from '../domain/types.ts';
import { changeLocked, expireIfDue, isDue, lockWithCheckout, refused } from './checkout-tx.ts';
import { type Db, nowIso, type StoreContext, type Trx } from './context.ts';
import { findRow, type Match, updateRow } from './table-rows.ts';
import { type AttemptRow, type CheckoutRow, COLUMNS } from './tables.ts';

export type Locked = { row: CheckoutRow; attempt: AttemptRow };

/** The attempt with its checkout locked (lockWithCheckout), for changeLocked. */
export async function lockAttempt(
  trx: Trx,
  ctx: StoreContext,
  ref: AttemptRef,
): Promise<Locked | undefined> {
  const held = await lockWithCheckout(trx, ctx, 'attempts', attemptMatch(ref));
  return held && { row: held[0], attempt: held[1] };
}

/** changeLocked on the attempt, refused unless it is its open checkout's current one. */
export function changeCurrentAttempt<T>(
  ctx: StoreContext,
  ref: AttemptRef,
  change: (trx: Trx, locked: Locked) => Promise<T | Refused>,
): Promise<T | Refused> {
  return changeLocked(ctx, lockAttempt, ref, async (trx, locked) => {
    return (await refuseUnlessCurrent(trx, ctx, locked)) ?? change(trx, locked);
  });
}

/** The attempt by our id or by UMF's payment id. */
function attemptMatch(ref: AttemptRef): Match<'attempts'> {
  return 'attemptId' in ref ? { id: ref.attemptId } : { umf_payment_id: ref.umfPaymentId };
}

export function findAttemptRow(db: Db, ref: AttemptRef): Promise<AttemptRow | undefined> {
  return findRow(db, 'attempts', attemptMatch(ref));
}

/**
 * Refuses when the checkout can no longer be acted on by the customer, expiring it on the way
 * when its time is up (the refusal then carries the new EXPIRED checkout to publish).
 */
export async function refuseUnlessOpen(
  trx: Trx,
  ctx: StoreContext,
  row: CheckoutRow,
): Promise<Refused | undefined> {
  if (!isCheckoutOpen(row.status as CheckoutStatus)) return refused('CHECKOUT_CLOSED', row);
  if (!isDue(ctx, row)) return undefined;
  return refused('CHECKOUT_CLOSED', (await expireIfDue(trx, ctx, row)) ?? row);
}

/** Refuses unless the attempt is the checkout's current one and the checkout is open. */
export async function refuseUnlessCurrent(
  trx: Trx,
  ctx: StoreContext,
  { row, attempt }: Locked,
): Promise<Refused | undefined> {
  const closed = await refuseUnlessOpen(trx, ctx, row);
  if (closed) return closed;
  if (row.current_attempt_id !== attempt.id) return refused('ATTEMPT_NOT_CURRENT', row);
  return undefined;
}

/** Compare-and-set on the attempt's status; undefined when someone else moved it first. */
export async function updateAttempt(
  trx: Trx,
  ctx: StoreContext,
  attempt: AttemptRow,
  changes: Partial<Omit<AttemptRow, 'id' | 'checkout_id'>>,
): Promise<AttemptRow | undefined> {
  const guard = { id: attempt.id, status: attempt.status };
  return updateRow(trx, 'attempts', guard, { ...changes, updated_at: nowIso(ctx) });
}

/**
 * Marks the attempt SUPERSEDED if it is still live (not executed, not final): a newer attempt
 * replaced it, or another attempt's payment was counted. A later success on it is then a
 * duplicate (state.ts); superseded_at keeps the fact once UMF's word moves the status on.
 */
export async function supersedeIfLive(
  trx: Trx,
  ctx: StoreContext,
  attemptId: string | null,
): Promise<AttemptRow | undefined> {
  if (attemptId === null) return undefined;
  const previous = await findRow(trx, 'attempts', { id: attemptId });
  if (!previous) throw new Error(`attempt ${attemptId} not found`);
  if (!isAttemptLive(previous.status as AttemptStatus)) return undefined;
  const now = nowIso(ctx);
  return updateAttempt(trx, ctx, previous, {
    status: 'SUPERSEDED',
    finished_at: now,
    superseded_at: now,
  });
}

/** A new CREATED attempt numbered after the checkout's last one. */
export async function insertAttempt(
  trx: Trx,
  ctx: StoreContext,
  row: CheckoutRow,
  input: {
    method: string;
    bankCode?: string;
    phone?: string;
    saveCard?: boolean;
    savedCardId?: string;
  },
): Promise<AttemptRow> {
  const now = nowIso(ctx);
  return trx
    .insertInto('attempts')
    .values({
      id: newId('at', ctx.random),
      checkout_id: row.id,
      seq: row.attempt_count + 1,
      method: input.method,
      bank_code: input.bankCode ?? null,
      phone_masked: input.phone ? maskPhone(input.phone) : null,
      umf_payment_id: null,
      umf_state: null,
      status: 'CREATED',
      qr_code_url: null,
      pay_info_json: null,
      sms_count: 0,
      last_sms_at: null,
      next_sms_allowed_at: null,
      execute_claimed_at: null,
      execute_count: 0,
      result_code: null,
      last_error_code: null,
      finished_at: null,
      superseded_at: null,
      created_at: now,
      updated_at: now,
      check_count: 0,
      save_card: input.saveCard ? 1 : 0,
      saved_card_id: input.savedCardId ?? null,
    })
    .returning(COLUMNS.attempts)
    .executeTakeFirstOrThrow();
}
