// Saved cards (docs/umf-protocol.md §17): created once per paid attempt — whichever of execute's
// answer, a query or the notification brings the agreement first — and at most one live row per
// UMF pay agreement; deleted once. Each change queues its webhook in the same transaction.
import { newId } from '../domain/ids.ts';
import { type SavedCard, savedCardView } from '../domain/saved-card.ts';
import { enqueueEvent } from './checkout-tx.ts';
import { inTransaction, nowIso, type StoreContext, type Trx } from './context.ts';
import { toSavedCard } from './rows.ts';
import { findRow, listRows, mapRow, updateRow } from './table-rows.ts';
import { COLUMNS, type SavedCardRow } from './tables.ts';

/** A saved card to record: what the paid attempt's answer says; the store gives the rest. */
export type NewSavedCard = Omit<SavedCard, 'id' | 'createdAt' | 'deletedAt'>;

/** The saved card of a paid attempt: inserted (created: true) or the one there already. */
export async function recordSavedCard(
  ctx: StoreContext,
  input: NewSavedCard,
): Promise<{ card: SavedCard; created: boolean } | undefined> {
  return inTransaction(ctx, async (trx) => {
    const inserted = await trx
      .insertInto('saved_cards')
      .values({
        id: newId('sc', ctx.random),
        customer_id: input.customerId,
        card_type: input.cardType,
        bank_code: input.bankCode,
        last_four: input.lastFour,
        umf_busi_agreement_id: input.umfBusiAgreementId,
        umf_pay_agreement_id: input.umfPayAgreementId,
        source_attempt_id: input.sourceAttemptId,
        created_at: nowIso(ctx),
        deleted_at: null,
      })
      // Either constraint: this attempt's card exists (maybe deleted since), or the agreement
      // is live under another row (the same card saved by an earlier payment).
      .onConflict((oc) => oc.doNothing())
      .returning(COLUMNS.saved_cards)
      .executeTakeFirst();
    if (inserted) return { card: await announce(trx, ctx, inserted, 'created'), created: true };
    const existing = await trx
      .selectFrom('saved_cards')
      .select(COLUMNS.saved_cards)
      .where((eb) =>
        eb.or([
          eb('source_attempt_id', '=', input.sourceAttemptId),
          eb.and([
            eb('umf_pay_agreement_id', '=', input.umfPayAgreementId),
            eb('deleted_at', 'is', null),
          ]),
        ]),
      )
      .executeTakeFirst();
    return existing ? { card: toSavedCard(existing), created: false } : undefined;
  });
}

/** The card as it now is, its change queued for the merchant in the same transaction. */
async function announce(
  trx: Trx,
  ctx: StoreContext,
  row: SavedCardRow,
  change: 'created' | 'deleted',
): Promise<SavedCard> {
  const card = toSavedCard(row);
  await enqueueEvent(trx, ctx, `saved_card.${change}`, { savedCard: savedCardView(card) });
  return card;
}

export async function getSavedCard(ctx: StoreContext, id: string): Promise<SavedCard | undefined> {
  return mapRow(await findRow(ctx.db, 'saved_cards', { id }), toSavedCard);
}

/** A customer's usable saved cards, newest first. */
export async function listSavedCards(ctx: StoreContext, customerId: string): Promise<SavedCard[]> {
  const usable = { customer_id: customerId, deleted_at: null };
  const order = [['created_at', 'desc'], 'id'] as const;
  return (await listRows(ctx.db, 'saved_cards', usable, order)).map(toSavedCard);
}

/** Deletes a saved card once; deleting it again changes nothing. Undefined: no such card. */
export async function deleteSavedCard(
  ctx: StoreContext,
  id: string,
): Promise<{ card: SavedCard; changed: boolean } | undefined> {
  return inTransaction(ctx, async (trx) => {
    const deleted = { deleted_at: nowIso(ctx) };
    const updated = await updateRow(trx, 'saved_cards', { id, deleted_at: null }, deleted);
    if (updated) return { card: await announce(trx, ctx, updated, 'deleted'), changed: true };
    const row = await findRow(trx, 'saved_cards', { id });
    return row ? { card: toSavedCard(row), changed: false } : undefined;
  });
}
