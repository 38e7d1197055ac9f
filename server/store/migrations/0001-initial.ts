import { type Kysely, sql } from 'kysely';
import {
  createIndex,
  createTable,
  ID,
  integer,
  maybeText,
  maybeUniqueText,
  OF_ATTEMPT,
  OF_CHECKOUT,
  TIMESTAMPS,
  text,
  uniqueText,
} from './ddl.ts';

// One schema for SQLite and PostgreSQL: text, integer and partial unique indexes only.
// Timestamps are ISO 8601 UTC text, amounts decimal text (never a float), JSON text.

export async function up(db: Kysely<unknown>): Promise<void> {
  await createCheckouts(db);
  await createAttempts(db);
  await createRefunds(db);
  await createSmallTables(db);
}

async function createCheckouts(db: Kysely<unknown>): Promise<void> {
  await createTable(db, 'checkouts', [
    ID,
    uniqueText('client_secret_hash', 'merchant_order_id'),
    text('amount', 'currency', 'order_json', 'methods_json', 'status'),
    integer('status_version'),
    maybeText('current_attempt_id'),
    integer('attempt_count'),
    maybeText('paid_attempt_id'),
    text('expires_at'),
    TIMESTAMPS,
  ]).execute();
  await createIndex(db, 'checkouts_open_expiry', 'checkouts', ['expires_at'])
    .where(() => sql<boolean>`status in ('OPEN', 'SMS_SENT', 'AWAITING_CUSTOMER')`)
    .execute();
}

async function createAttempts(db: Kysely<unknown>): Promise<void> {
  await createTable(db, 'attempts', [
    ID,
    OF_CHECKOUT,
    integer('seq'),
    text('method'),
    maybeText('bank_code', 'phone_masked'),
    maybeUniqueText('umf_payment_id'),
    maybeText('umf_state'),
    text('status'),
    maybeText('qr_code_url', 'pay_info_json'),
    integer('sms_count'),
    maybeText('last_sms_at', 'next_sms_allowed_at', 'execute_claimed_at'),
    integer('execute_count'),
    maybeText('result_code', 'last_error_code', 'finished_at'),
    TIMESTAMPS,
  ])
    .addUniqueConstraint('attempts_checkout_seq', ['checkout_id', 'seq'])
    .execute();
  // The schema's own guarantee: no two attempts of one checkout can both succeed.
  await createIndex(db, 'attempts_one_success_per_checkout', 'attempts', ['checkout_id'])
    .unique()
    .where(sql.ref('status'), '=', sql.lit('SUCCEEDED'))
    .execute();
}

async function createRefunds(db: Kysely<unknown>): Promise<void> {
  await createTable(db, 'refunds', [
    ID,
    OF_ATTEMPT,
    text('amount', 'currency', 'status'),
    maybeUniqueText('umf_refund_id'),
    maybeText('umf_state', 'orders_json', 'result_code'),
    TIMESTAMPS,
  ]).execute();
  await createIndex(db, 'refunds_checkout', 'refunds', ['checkout_id']).execute();
}

async function createSmallTables(db: Kysely<unknown>): Promise<void> {
  await createTable(db, 'processed_notifications', [
    [['key', 'text', (c) => c.primaryKey()]],
    text('processed_at'),
  ]).execute();
  await createTable(db, 'umf_token', [
    [['id', 'integer', (c) => c.primaryKey().check(sql`id = 1`)]],
    text('token', 'expires_at', 'updated_at'),
  ]).execute();
  await createTable(db, 'webhook_outbox', [
    ID,
    text('event_type', 'payload_json'),
    integer('attempts'),
    text('next_attempt_at'),
    maybeText('delivered_at', 'last_error'),
    text('created_at'),
  ]).execute();
  await createIndex(db, 'webhook_outbox_due', 'webhook_outbox', ['next_attempt_at'])
    .where(sql.ref('delivered_at'), 'is', null)
    .execute();
}
