import { type Kysely, sql } from 'kysely';
import { createIndex, createTable, maybeText, text } from './ddl.ts';

// Idempotency keys of merchant mutations. The key itself is never stored: `key_hash` is the
// SHA-256 of operation and key, and the first answer is sealed with a key derived from the
// merchant's idempotency key, so a copy of the database reveals no client secret.

export async function up(db: Kysely<unknown>): Promise<void> {
  await createTable(db, 'idempotency_keys', [
    [['key_hash', 'text', (c) => c.primaryKey()]],
    text('scope', 'fingerprint'),
    [['state', 'text', (c) => c.notNull().check(sql`state in ('IN_PROGRESS', 'DONE')`)]],
    maybeText('response'),
    text('created_at'),
    maybeText('completed_at'),
    text('expires_at'),
  ]).execute();
  await createIndex(db, 'idempotency_keys_expiry', 'idempotency_keys', ['expires_at']).execute();
}
