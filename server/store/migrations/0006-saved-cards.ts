import { type Kysely, sql } from 'kysely';

// Saved cards (docs/umf-protocol.md §17): a checkout may name its customer and how it offers to
// remember the card; an attempt records whether it asked UMF for an agreement or pays with a
// saved card. One saved card per paid attempt (so a late notification after a delete recreates
// nothing) and at most one live row per UMF pay agreement.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('checkouts').addColumn('customer_id', 'text').execute();
  await db.schema
    .alterTable('checkouts')
    .addColumn('save_card', 'text', (c) => c.notNull().defaultTo('NEVER'))
    .execute();
  await db.schema
    .alterTable('attempts')
    .addColumn('save_card', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('attempts').addColumn('saved_card_id', 'text').execute();
  await db.schema
    .createTable('saved_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('card_type', 'text', (c) => c.notNull())
    .addColumn('bank_code', 'text', (c) => c.notNull())
    .addColumn('last_four', 'text', (c) => c.notNull())
    .addColumn('umf_busi_agreement_id', 'text', (c) => c.notNull())
    .addColumn('umf_pay_agreement_id', 'text', (c) => c.notNull())
    .addColumn('source_attempt_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('saved_cards_live_agreement')
    .on('saved_cards')
    .column('umf_pay_agreement_id')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('saved_cards_customer')
    .on('saved_cards')
    .columns(['customer_id', 'created_at'])
    .execute();
}
