import { IDLE_STATUSES } from '../../common/checkout-status.ts';
import { hashClientSecret, newClientSecret, newId } from '../domain/ids.ts';
import { isDecimalAmount, toCents } from '../domain/money.ts';
import type { SaveCardPolicy } from '../domain/saved-card.ts';
import { isCheckoutOpen, PaymentMethod as Methods, type PaymentMethod } from '../domain/state.ts';
import type { Checkout, CheckoutChange, Refused } from '../domain/types.ts';
import {
  abandonLiveAttempt,
  changeLocked,
  expireIfDue,
  lockCheckout,
  moveCheckout,
  refused,
} from './checkout-tx.ts';
import { nowIso, type StoreContext } from './context.ts';
import { toCheckout } from './rows.ts';
import { findRow, mapRow } from './table-rows.ts';
import { COLUMNS } from './tables.ts';

/** A checkout row to insert, as the service has settled it (the caller's input is checkout/'s CreateCheckoutInput). */
export type NewCheckout = {
  /** The merchant's order id (UMF mer_reference_id): one checkout per order id, ever. */
  merchantOrderId: string;
  /** Decimal string, > 0, ≤ 2 decimals, ≤ 10 characters. */
  amount: string;
  currency: string;
  /** The order as the merchant gave it (sub-orders, items, trans codes, risk info); JSON. */
  order: unknown;
  methods: readonly PaymentMethod[];
  expiresAt: Date;
  /** The merchant's id of the customer (saved cards), or null. */
  customerId?: string | null;
  saveCard?: SaveCardPolicy;
};

export type CreatedCheckout = { ok: true; checkout: Checkout; clientSecret: string };

export async function createCheckout(
  ctx: StoreContext,
  input: NewCheckout,
): Promise<CreatedCheckout | Refused> {
  if (!isValidInput(ctx, input)) return refused('INVALID_INPUT');
  const clientSecret = newClientSecret(ctx.random);
  const now = nowIso(ctx);
  const row = await ctx.db
    .insertInto('checkouts')
    .values({
      id: newId('co', ctx.random),
      client_secret_hash: hashClientSecret(clientSecret),
      merchant_order_id: input.merchantOrderId,
      amount: input.amount,
      currency: input.currency,
      order_json: JSON.stringify(input.order ?? null),
      methods_json: JSON.stringify(input.methods),
      status: 'OPEN',
      status_version: 1,
      current_attempt_id: null,
      attempt_count: 0,
      paid_attempt_id: null,
      customer_id: input.customerId ?? null,
      save_card: input.saveCard ?? 'NEVER',
      expires_at: input.expiresAt.toISOString(),
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('merchant_order_id').doNothing())
    .returning(COLUMNS.checkouts)
    .executeTakeFirst();
  if (!row) return refused('DUPLICATE_ORDER');
  return { ok: true, checkout: toCheckout(row), clientSecret };
}

function isValidInput(ctx: StoreContext, input: NewCheckout): boolean {
  const known = Object.values(Methods) as string[];
  return (
    input.merchantOrderId.length > 0 &&
    isDecimalAmount(input.amount) &&
    toCents(input.amount) > 0 &&
    /^[A-Z]{3}$/.test(input.currency) &&
    input.methods.length > 0 &&
    input.methods.every((m) => known.includes(m)) &&
    input.expiresAt.getTime() > ctx.now().getTime()
  );
}

export async function getCheckout(ctx: StoreContext, id: string): Promise<Checkout | undefined> {
  return mapRow(await findRow(ctx.db, 'checkouts', { id }), toCheckout);
}

/** Looks a checkout up by its client secret; only the secret's SHA-256 is compared. */
export async function findCheckoutByClientSecret(
  ctx: StoreContext,
  clientSecret: string,
): Promise<Checkout | undefined> {
  const match = { client_secret_hash: hashClientSecret(clientSecret) };
  return mapRow(await findRow(ctx.db, 'checkouts', match), toCheckout);
}

/** Merchant cancel. Refused while an execute is in flight (its result is pending at UMF). */
export async function cancelCheckout(
  ctx: StoreContext,
  id: string,
): Promise<CheckoutChange | Refused> {
  return changeLocked(ctx, lockCheckout, id, async (trx, row) => {
    if (row.status === 'CANCELED') return { ok: true, checkout: toCheckout(row), changed: false };
    if (row.status === 'PROCESSING') return refused('PROCESSING', row);
    const canceled = await moveCheckout(trx, ctx, row, { type: 'CANCELED' });
    if (!canceled) return refused('CHECKOUT_CLOSED', row);
    await abandonLiveAttempt(trx, ctx, row);
    return { ok: true, checkout: toCheckout(canceled), changed: true };
  });
}

/** Expires one checkout if its time is up and no execute is in flight; else changes nothing. */
export async function expireCheckout(
  ctx: StoreContext,
  id: string,
): Promise<CheckoutChange | Refused> {
  return changeLocked(ctx, lockCheckout, id, async (trx, row) => {
    const expired = await expireIfDue(trx, ctx, row);
    return { ok: true, checkout: toCheckout(expired ?? row), changed: expired !== undefined };
  });
}

/** The sweeper: expires up to `limit` due checkouts, returning the ones it changed. */
export async function expireDueCheckouts(ctx: StoreContext, limit = 100): Promise<Checkout[]> {
  const due = await ctx.db
    .selectFrom('checkouts')
    .select('id')
    .where('status', 'in', IDLE_STATUSES)
    .where('expires_at', '<=', nowIso(ctx))
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  const changed: Checkout[] = [];
  for (const { id } of due) {
    const result = await expireCheckout(ctx, id);
    if (result.ok && result.changed && !isCheckoutOpen(result.checkout.status)) {
      changed.push(result.checkout);
    }
  }
  return changed;
}
