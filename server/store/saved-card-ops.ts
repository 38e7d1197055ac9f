// Saved cards (docs/umf-protocol.md §17): created once per paid attempt — whichever of execute's
// answer, a query or the notification brings the agreement first — and at most one live row per
// UMF pay agreement; deleted once. Each change queues its webhook in the same transaction.
import { newId } from '../domain/ids.ts';
import { type SavedCard, type SavedCardType, savedCardView } from '../domain/saved-card.ts';
import { enqueueEvent } from './checkout-tx.ts';
import { inTransaction, nowIso, type StoreContext } from './context.ts';
import { toSavedCard } from './rows.ts';

export type NewSavedCard = {
  customerId: string;
  cardType: SavedCardType;
  bankCode: string;
  lastFour: string;
  umfBusiAgreementId: string;
  umfPayAgreementId: string;
  sourceAttemptId: string;
};

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
      .returningAll()
      .executeTakeFirst();
    if (inserted) {
      const card = toSavedCard(inserted);
      await enqueueEvent(trx, ctx, 'saved_card.created', { savedCard: savedCardView(card) });
      return { card, created: true };
    }
    const existing = await trx
      .selectFrom('saved_cards')
      .selectAll()
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

export async function getSavedCard(ctx: StoreContext, id: string): Promise<SavedCard | undefined> {
  const row = await ctx.db
    .selectFrom('saved_cards')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toSavedCard(row);
}

/** A customer's usable saved cards, newest first. */
export async function listSavedCards(ctx: StoreContext, customerId: string): Promise<SavedCard[]> {
  const rows = await ctx.db
    .selectFrom('saved_cards')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(toSavedCard);
}

/** Deletes a saved card once; deleting it again changes nothing. Undefined: no such card. */
export async function deleteSavedCard(
  ctx: StoreContext,
  id: string,
): Promise<{ card: SavedCard; changed: boolean } | undefined> {
  return inTransaction(ctx, async (trx) => {
    const updated = await trx
      .updateTable('saved_cards')
      .set({ deleted_at: nowIso(ctx) })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (updated) {
      const card = toSavedCard(updated);
      await enqueueEvent(trx, ctx, 'saved_card.deleted', { savedCard: savedCardView(card) });
      return { card, changed: true };
    }
    const row = await trx
      .selectFrom('saved_cards')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { card: toSavedCard(row), changed: false } : undefined;
  });
}
