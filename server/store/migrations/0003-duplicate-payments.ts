import { type Kysely, sql } from 'kysely';

// Duplicate payments: an attempt keeps the fact that it was replaced (superseded_at) after
// UMF's final word moves its status on, and the duplicate sweeper and per-attempt refund
// balances find their rows by index.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attempts').addColumn('superseded_at', 'text').execute();
  await db.schema
    .createIndex('attempts_duplicate_paid')
    .on('attempts')
    .column('checkout_id')
    .where(sql.ref('status'), '=', sql.lit('DUPLICATE_PAID'))
    .execute();
  await db.schema.createIndex('refunds_attempt').on('refunds').column('attempt_id').execute();
}
