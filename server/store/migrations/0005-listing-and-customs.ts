import type { Kysely } from 'kysely';

// The merchant's `checkouts` list reads newest first with the id as tie-breaker, optionally of
// one status: two indexes serve both orders without a sort. Customs declarations (docs/umf-
// protocol.md §5.9–10): one row per declaration of ours, its id our stable reference; UMF's id
// once UMF gave it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('checkouts_created')
    .on('checkouts')
    .columns(['created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('checkouts_status_created')
    .on('checkouts')
    .columns(['status', 'created_at', 'id'])
    .execute();
  await db.schema
    .createTable('customs_declarations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('attempts.id'))
    .addColumn('sub_order_id', 'text', (c) => c.notNull())
    .addColumn('request_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('umf_declaration_id', 'text')
    .addColumn('umf_state', 'text')
    .addColumn('result_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('customs_declarations_checkout')
    .on('customs_declarations')
    .columns(['checkout_id', 'created_at'])
    .execute();
}
