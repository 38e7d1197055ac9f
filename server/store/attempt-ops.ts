import { isCardMethod, type PaymentMethod } from '../domain/state.ts';
import type { Attempt, AttemptChange, AttemptRef, Refused } from '../domain/types.ts';
import {
  changeCurrentAttempt,
  findAttemptRow,
  insertAttempt,
  lockAttempt,
  refuseUnlessCurrent,
  refuseUnlessOpen,
  supersedeIfLive,
  updateAttempt,
} from './attempt-tx.ts';
import { changeLocked, lockCheckout, moveCheckout, refused } from './checkout-tx.ts';
import { nowIso, type StoreContext } from './context.ts';
import { EXECUTE_NOT_RECEIVED_CODE, firstCheckAt } from './reconcile-ops.ts';
import { toAttempt, toCheckout } from './rows.ts';
import { listRows, mapRow, stampedUpdate, updateRow } from './table-rows.ts';
import { type AttemptRow, type CheckoutRow, COLUMNS } from './tables.ts';

/** UMF allows one SMS code a minute (docs/umf-protocol.md §9, 00080706). */
const SMS_INTERVAL_MS = 60_000;

export type StartAttemptInput = {
  method: PaymentMethod;
  bankCode?: string;
  /** The customer's phone; only its masked form is kept. */
  phone?: string;
  /** Ask UMF for a payer agreement (the checkout names a customer and the card is to be saved). */
  saveCard?: boolean;
  /** Pay with this saved card (its agreement) instead of a card typed in. */
  savedCardId?: string;
};

export type StartedAttempt = AttemptChange & { superseded: Attempt | null };

/** Starts a new attempt; a live, unexecuted previous one becomes SUPERSEDED. */
export async function startAttempt(
  ctx: StoreContext,
  checkoutId: string,
  input: StartAttemptInput,
): Promise<StartedAttempt | Refused> {
  return changeLocked(ctx, lockCheckout, checkoutId, async (trx, row) => {
    const closed = await refuseUnlessOpen(trx, ctx, row);
    if (closed) return closed;
    if (row.status === 'PROCESSING') return refused('PROCESSING', row);
    if (!(JSON.parse(row.methods_json) as string[]).includes(input.method)) {
      return refused('METHOD_NOT_ENABLED', row);
    }
    if (row.attempt_count >= ctx.maxAttempts) return refused('ATTEMPT_LIMIT', row);
    const superseded = await supersedeIfLive(trx, ctx, row.current_attempt_id);
    const attempt = await insertAttempt(trx, ctx, row, input);
    const changes = { current_attempt_id: attempt.id, attempt_count: attempt.seq };
    const moved = await moveCheckout(trx, ctx, row, { type: 'ATTEMPT_STARTED' }, changes);
    if (!moved) throw new Error(`checkout ${row.id} refused ATTEMPT_STARTED in ${row.status}`);
    return {
      ok: true,
      checkout: toCheckout(moved),
      attempt: toAttempt(attempt),
      changed: true,
      superseded: superseded ? toAttempt(superseded) : null,
    };
  });
}

export type UmfPaymentCreated = {
  umfPaymentId: string;
  /** WECHAT_SCAN / ALIPAY_SCAN: the URL the QR code encodes. */
  qrCodeUrl?: string;
  /** WECHAT_WEB: the JS-API parameters. */
  payInfo?: unknown;
};

/** Records the UMF payment of a new attempt; QR and WeChat attempts now await the customer. */
export async function attachUmfPayment(
  ctx: StoreContext,
  attemptId: string,
  created: UmfPaymentCreated,
): Promise<AttemptChange | Refused> {
  return changeCurrentAttempt(ctx, { attemptId }, async (trx, { row, attempt }) => {
    if (attempt.status !== 'CREATED') return refused('INVALID_TRANSITION', row);
    const card = isCardMethod(attempt.method as PaymentMethod);
    const updated = await updateAttempt(trx, ctx, attempt, {
      umf_payment_id: created.umfPaymentId,
      status: card ? 'CREATED' : 'AWAITING_CUSTOMER',
      qr_code_url: created.qrCodeUrl ?? null,
      pay_info_json: created.payInfo === undefined ? null : JSON.stringify(created.payInfo),
      // The customer pays in their app: the reconciler watches until UMF's final word.
      next_check_at: card ? null : firstCheckAt(ctx),
    });
    if (!updated) return refused('INVALID_TRANSITION', row);
    const moved = card ? row : await moveCheckout(trx, ctx, row, { type: 'CUSTOMER_PROMPTED' });
    if (!moved) throw new Error(`checkout ${row.id} refused CUSTOMER_PROMPTED in ${row.status}`);
    return { ok: true, checkout: toCheckout(moved), attempt: toAttempt(updated), changed: !card };
  });
}

/** UMF sent an SMS code for the attempt (verify succeeded). */
export async function recordSmsSent(
  ctx: StoreContext,
  attemptId: string,
  options: { nextSmsAllowedAt?: Date } = {},
): Promise<AttemptChange | Refused> {
  return changeCurrentAttempt(ctx, { attemptId }, async (trx, { row, attempt }) => {
    if (attempt.status !== 'CREATED' && attempt.status !== 'SMS_SENT') {
      return refused('INVALID_TRANSITION', row);
    }
    const now = ctx.now();
    const next = options.nextSmsAllowedAt ?? new Date(now.getTime() + SMS_INTERVAL_MS);
    const updated = await updateAttempt(trx, ctx, attempt, {
      status: 'SMS_SENT',
      sms_count: attempt.sms_count + 1,
      last_sms_at: now.toISOString(),
      next_sms_allowed_at: next.toISOString(),
      last_error_code: null,
    });
    const moved = await moveCheckout(trx, ctx, row, { type: 'SMS_SENT' });
    if (!updated || !moved) return refused('INVALID_TRANSITION', row);
    return { ok: true, checkout: toCheckout(moved), attempt: toAttempt(updated), changed: true };
  });
}

/** A non-final UMF error on the attempt (verify refused the card, SMS throttled, …). */
export const recordAttemptError = stampedUpdate('attempts', toAttempt, (code: string) => ({
  last_error_code: code,
}));

export type ExecuteClaim = AttemptChange & {
  /** True for exactly one caller per execute; the others wait for or return its result. */
  claimed: boolean;
};

/** Claims the right to call UMF execute for the attempt. Exactly one concurrent caller wins. */
export async function claimExecute(
  ctx: StoreContext,
  attemptId: string,
): Promise<ExecuteClaim | Refused> {
  return changeLocked(ctx, lockAttempt, { attemptId }, async (trx, locked) => {
    const { row, attempt } = locked;
    // Claimed before (in flight or finished): the caller waits for or returns that result.
    if (attempt.execute_claimed_at !== null) return answerExisting(row, attempt);
    const refusal = await refuseUnlessCurrent(trx, ctx, locked);
    if (refusal) return refusal;
    if (attempt.status !== 'SMS_SENT') return refused('INVALID_TRANSITION', row);
    const now = nowIso(ctx);
    const unclaimed = { id: attempt.id, status: 'SMS_SENT', execute_claimed_at: null };
    const claimed = await updateRow(trx, 'attempts', unclaimed, {
      status: 'PROCESSING',
      execute_claimed_at: now,
      execute_count: attempt.execute_count + 1,
      updated_at: now,
      // Unknown until execute answers: a BFF stopped in between leaves it so, and the
      // reconciler gives the attempt back once UMF keeps waiting past the grace period.
      execute_unknown_at: now,
      next_check_at: firstCheckAt(ctx),
    });
    if (!claimed) return answerExisting(row, attempt);
    const moved = await moveCheckout(trx, ctx, row, { type: 'EXECUTE_CLAIMED' });
    if (!moved) throw new Error(`checkout ${row.id} refused EXECUTE_CLAIMED in ${row.status}`);
    return {
      ok: true,
      claimed: true,
      changed: true,
      checkout: toCheckout(moved),
      attempt: toAttempt(claimed),
    };
  });
}

function answerExisting(row: CheckoutRow, attempt: AttemptRow): ExecuteClaim {
  return {
    ok: true,
    claimed: false,
    changed: false,
    checkout: toCheckout(row),
    attempt: toAttempt(attempt),
  };
}

/**
 * UMF rejected the SMS code: execute did not run, so the claim is given back and the
 * customer may retype the code or ask for a new one (PROCESSING → SMS_SENT).
 * Only for answers that prove nothing was executed; never for timeouts.
 */
export function releaseExecute(
  ctx: StoreContext,
  attemptId: string,
  code: string,
): Promise<AttemptChange | Refused> {
  return giveBackExecute(ctx, attemptId, { code, event: 'EXECUTE_RELEASED', watch: false });
}

/**
 * An execute whose outcome was never learned (its answer lost, or the BFF stopped while it was
 * claimed), and UMF still waits for the buyer `graceMs` later: UMF never ran it (an execute
 * UMF received ends long before). The claim is given back (PROCESSING → SMS_SENT), so the
 * customer may confirm again — a second execute of the same UMF payment cannot charge twice —
 * or ask for a new code, and the merchant may cancel. The attempt stays watched: should UMF
 * report a result after all, it still lands.
 */
export function lapseExecute(
  ctx: StoreContext,
  attemptId: string,
  graceMs: number,
): Promise<AttemptChange | Refused> {
  return giveBackExecute(ctx, attemptId, {
    code: EXECUTE_NOT_RECEIVED_CODE,
    event: 'EXECUTE_LAPSED',
    watch: true,
    unknownBefore: new Date(ctx.now().getTime() - graceMs).toISOString(),
  });
}

type GiveBack = {
  /** What the customer reads on the attempt (its last error). */
  code: string;
  event: 'EXECUTE_RELEASED' | 'EXECUTE_LAPSED';
  /** Keep asking UMF about the payment (a late result of the first execute may come). */
  watch: boolean;
  /** Only if the outcome has been unknown since before this time. */
  unknownBefore?: string;
};

async function giveBackExecute(
  ctx: StoreContext,
  attemptId: string,
  giveBack: GiveBack,
): Promise<AttemptChange | Refused> {
  return changeLocked(ctx, lockAttempt, { attemptId }, async (trx, locked) => {
    const { row, attempt } = locked;
    if (attempt.status !== 'PROCESSING') return refused('INVALID_TRANSITION', row);
    const since = attempt.execute_unknown_at;
    if (giveBack.unknownBefore !== undefined && (since === null || since > giveBack.unknownBefore))
      return refused('INVALID_TRANSITION', row);
    const updated = await updateAttempt(trx, ctx, attempt, {
      status: 'SMS_SENT',
      execute_claimed_at: null,
      last_error_code: giveBack.code,
      execute_unknown_at: null,
      ...(giveBack.watch ? {} : { next_check_at: null }),
    });
    if (!updated) return refused('INVALID_TRANSITION', row);
    const moved =
      row.current_attempt_id === attempt.id
        ? await moveCheckout(trx, ctx, row, { type: giveBack.event })
        : row;
    return {
      ok: true,
      checkout: toCheckout(moved ?? row),
      attempt: toAttempt(updated),
      changed: true,
    };
  });
}

export async function getAttempt(ctx: StoreContext, ref: AttemptRef): Promise<Attempt | undefined> {
  return mapRow(await findAttemptRow(ctx.db, ref), toAttempt);
}

export async function listAttempts(ctx: StoreContext, checkoutId: string): Promise<Attempt[]> {
  return (await listRows(ctx.db, 'attempts', { checkout_id: checkoutId }, ['seq'])).map(toAttempt);
}

/**
 * Duplicate payments still to refund: none of their refunds is pending or succeeded, and fewer
 * than `maxTries` failed. A FAILED refund is one UMF refused or provably never received, so
 * another one (its own refund number) moves no money twice. Covers a stop between the payment
 * and its refund, and a refund that did not go through.
 */
export async function listDuplicatesToRefund(
  ctx: StoreContext,
  { maxTries = 5, limit = 50 }: { maxTries?: number; limit?: number } = {},
): Promise<Attempt[]> {
  const rows = await ctx.db
    .selectFrom('attempts')
    .select(COLUMNS.attempts)
    .where('status', '=', 'DUPLICATE_PAID')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('refunds')
            .select('refunds.id')
            .whereRef('refunds.attempt_id', '=', 'attempts.id')
            .where('refunds.status', 'in', ['PENDING', 'SUCCEEDED']),
        ),
      ),
    )
    .where(
      (eb) =>
        eb
          .selectFrom('refunds')
          .select((f) => f.fn.countAll<number>().as('tries'))
          .whereRef('refunds.attempt_id', '=', 'attempts.id'),
      '<',
      maxTries,
    )
    .orderBy('updated_at')
    .limit(limit)
    .execute();
  return rows.map(toAttempt);
}
