import { type Kysely, sql } from 'kysely';
import { addColumns, createIndex, maybeText } from './ddl.ts';

// Duplicate payments: an attempt keeps the fact that it was replaced (superseded_at) after
// UMF's final word moves its status on, and the duplicate sweeper and per-attempt refund
// balances find their rows by index.

export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumns(db, 'attempts', [maybeText('superseded_at')]);
  await createIndex(db, 'attempts_duplicate_paid', 'attempts', ['checkout_id'])
    .where(sql.ref('status'), '=', sql.lit('DUPLICATE_PAID'))
    .execute();
  await createIndex(db, 'refunds_attempt', 'refunds', ['attempt_id']).execute();
}
