import type { Kysely } from 'kysely';
import { createIndex, createTable, ID, maybeText, OF_ATTEMPT, TIMESTAMPS, text } from './ddl.ts';

// The merchant's `checkouts` list reads newest first with the id as tie-breaker, optionally of
// one status: two indexes serve both orders without a sort. Customs declarations (docs/umf-
// protocol.md §5.9–10): one row per declaration of ours, its id our stable reference; UMF's id
// once UMF gave it.

export async function up(db: Kysely<unknown>): Promise<void> {
  await createIndex(db, 'checkouts_created', 'checkouts', ['created_at', 'id']).execute();
  await createIndex(db, 'checkouts_status_created', 'checkouts', [
    'status',
    'created_at',
    'id',
  ]).execute();
  await createTable(db, 'customs_declarations', [
    ID,
    OF_ATTEMPT,
    text('sub_order_id', 'request_json', 'status'),
    maybeText('umf_declaration_id', 'umf_state', 'result_code'),
    TIMESTAMPS,
  ]).execute();
  await createIndex(db, 'customs_declarations_checkout', 'customs_declarations', [
    'checkout_id',
    'created_at',
  ]).execute();
}
