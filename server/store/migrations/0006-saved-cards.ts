import { type Kysely, sql } from 'kysely';
import {
  addColumns,
  createIndex,
  createTable,
  ID,
  integerFrom0,
  maybeText,
  text,
  uniqueText,
} from './ddl.ts';

// Saved cards (docs/umf-protocol.md §17): a checkout may name its customer and how it offers to
// remember the card; an attempt records whether it asked UMF for an agreement or pays with a
// saved card. One saved card per paid attempt (so a late notification after a delete recreates
// nothing) and at most one live row per UMF pay agreement.

export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumns(db, 'checkouts', [
    maybeText('customer_id'),
    [['save_card', 'text', (c) => c.notNull().defaultTo('NEVER')]],
  ]);
  await addColumns(db, 'attempts', [integerFrom0('save_card'), maybeText('saved_card_id')]);
  await createTable(db, 'saved_cards', [
    ID,
    text('customer_id', 'card_type', 'bank_code', 'last_four'),
    text('umf_busi_agreement_id', 'umf_pay_agreement_id'),
    uniqueText('source_attempt_id'),
    text('created_at'),
    maybeText('deleted_at'),
  ]).execute();
  await createIndex(db, 'saved_cards_live_agreement', 'saved_cards', ['umf_pay_agreement_id'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await createIndex(db, 'saved_cards_customer', 'saved_cards', [
    'customer_id',
    'created_at',
  ]).execute();
}
