import { type Kysely, sql } from 'kysely';

// The reconciler's bookkeeping. Every attempt or refund whose result is not known yet carries
// the time it is next checked at UMF (next_check_at, null once final) and how many checks were
// made (check_count, for the backoff), so a restart resumes the schedule where it was.
// execute_unknown_at marks an execute whose answer was lost or untrustworthy: only such an
// attempt may go back to SMS_SENT when UMF still waits for the buyer after the grace period.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('attempts').addColumn('execute_unknown_at', 'text').execute();
  await db.schema.alterTable('attempts').addColumn('next_check_at', 'text').execute();
  await db.schema
    .alterTable('attempts')
    .addColumn('check_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('refunds').addColumn('next_check_at', 'text').execute();
  await db.schema
    .alterTable('refunds')
    .addColumn('check_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('attempts_due_check')
    .on('attempts')
    .column('next_check_at')
    .where(sql.ref('next_check_at'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('refunds_due_check')
    .on('refunds')
    .column('next_check_at')
    .where(sql.ref('next_check_at'), 'is not', null)
    .execute();
}
