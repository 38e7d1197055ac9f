import { type Kysely, sql } from 'kysely';

// One schema for SQLite and PostgreSQL: text, integer and partial unique indexes only.
// Timestamps are ISO 8601 UTC text, amounts decimal text (never a float), JSON text.

export async function up(db: Kysely<unknown>): Promise<void> {
  await createCheckouts(db);
  await createAttempts(db);
  await createRefunds(db);
  await createSmallTables(db);
}

async function createCheckouts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('checkouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('merchant_order_id', 'text', (c) => c.notNull().unique())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('order_json', 'text', (c) => c.notNull())
    .addColumn('methods_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_version', 'integer', (c) => c.notNull())
    .addColumn('current_attempt_id', 'text')
    .addColumn('attempt_count', 'integer', (c) => c.notNull())
    .addColumn('paid_attempt_id', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('checkouts_open_expiry')
    .on('checkouts')
    .column('expires_at')
    .where(() => sql<boolean>`status in ('OPEN', 'SMS_SENT', 'AWAITING_CUSTOMER')`)
    .execute();
}

async function createAttempts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('bank_code', 'text')
    .addColumn('phone_masked', 'text')
    .addColumn('umf_payment_id', 'text', (c) => c.unique())
    .addColumn('umf_state', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('qr_code_url', 'text')
    .addColumn('pay_info_json', 'text')
    .addColumn('sms_count', 'integer', (c) => c.notNull())
    .addColumn('last_sms_at', 'text')
    .addColumn('next_sms_allowed_at', 'text')
    .addColumn('execute_claimed_at', 'text')
    .addColumn('execute_count', 'integer', (c) => c.notNull())
    .addColumn('result_code', 'text')
    .addColumn('last_error_code', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('attempts_checkout_seq', ['checkout_id', 'seq'])
    .execute();
  // The schema's own guarantee: no two attempts of one checkout can both succeed.
  await db.schema
    .createIndex('attempts_one_success_per_checkout')
    .on('attempts')
    .column('checkout_id')
    .unique()
    .where(sql.ref('status'), '=', sql.lit('SUCCEEDED'))
    .execute();
}

async function createRefunds(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('checkout_id', 'text', (c) => c.notNull().references('checkouts.id'))
    .addColumn('attempt_id', 'text', (c) => c.notNull().references('attempts.id'))
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('umf_refund_id', 'text', (c) => c.unique())
    .addColumn('umf_state', 'text')
    .addColumn('orders_json', 'text')
    .addColumn('result_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refunds_checkout').on('refunds').column('checkout_id').execute();
}

async function createSmallTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('processed_notifications')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('processed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('umf_token')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('webhook_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_outbox_due')
    .on('webhook_outbox')
    .column('next_attempt_at')
    .where(sql.ref('delivered_at'), 'is', null)
    .execute();
}
