import { type Kysely, sql } from 'kysely';
import { addColumns, createIndex, integerFrom0, maybeText } from './ddl.ts';

// The reconciler's bookkeeping. Every attempt or refund whose result is not known yet carries
// the time it is next checked at UMF (next_check_at, null once final) and how many checks were
// made (check_count, for the backoff), so a restart resumes the schedule where it was.
// execute_unknown_at marks an execute whose answer was lost or untrustworthy: only such an
// attempt may go back to SMS_SENT when UMF still waits for the buyer after the grace period.

const CHECKED = ['attempts', 'refunds'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await addColumns(db, 'attempts', [maybeText('execute_unknown_at')]);
  for (const table of CHECKED) {
    await addColumns(db, table, [maybeText('next_check_at'), integerFrom0('check_count')]);
  }
  for (const table of CHECKED) {
    await createIndex(db, `${table}_due_check`, table, ['next_check_at'])
      .where(sql.ref('next_check_at'), 'is not', null)
      .execute();
  }
}
