// Row shapes of the store's tables, as Kysely sees them. Timestamps are ISO 8601 UTC text
// (`Date#toISOString`, fixed width, so text order is time order on both dialects); amounts
// are decimal text; JSON is text. The same columns on SQLite and PostgreSQL.

export type CheckoutRow = {
  id: string;
  client_secret_hash: string;
  merchant_order_id: string;
  amount: string;
  currency: string;
  order_json: string;
  methods_json: string;
  status: string;
  status_version: number;
  current_attempt_id: string | null;
  attempt_count: number;
  paid_attempt_id: string | null;
  /** The merchant's id of the customer (saved cards); null: none given. */
  customer_id: string | null;
  /** SaveCardPolicy: NEVER, ASK or ALWAYS. */
  save_card: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
};

export type AttemptRow = {
  id: string;
  checkout_id: string;
  seq: number;
  method: string;
  bank_code: string | null;
  phone_masked: string | null;
  umf_payment_id: string | null;
  umf_state: string | null;
  status: string;
  qr_code_url: string | null;
  pay_info_json: string | null;
  sms_count: number;
  last_sms_at: string | null;
  next_sms_allowed_at: string | null;
  execute_claimed_at: string | null;
  execute_count: number;
  result_code: string | null;
  last_error_code: string | null;
  finished_at: string | null;
  /** When a newer attempt (or another attempt's counted payment) replaced it; kept after. */
  superseded_at: string | null;
  created_at: string;
  updated_at: string;
  /** Execute claimed and its outcome unknown since (see attempt-ops.ts lapseExecute). */
  execute_unknown_at: string | null;
  /** When the reconciler next asks UMF about this attempt; null: nothing to learn. */
  next_check_at: string | null;
  check_count: number;
  /** 1: this attempt asked UMF for a payer agreement (mer_cust_id sent). */
  save_card: number;
  /** The saved card this attempt pays with (by agreement), or null. */
  saved_card_id: string | null;
};

export type SavedCardRow = {
  id: string;
  customer_id: string;
  card_type: string;
  bank_code: string;
  last_four: string;
  umf_busi_agreement_id: string;
  umf_pay_agreement_id: string;
  source_attempt_id: string;
  created_at: string;
  deleted_at: string | null;
};

export type RefundRow = {
  id: string;
  checkout_id: string;
  attempt_id: string;
  amount: string;
  currency: string;
  status: string;
  umf_refund_id: string | null;
  umf_state: string | null;
  orders_json: string | null;
  result_code: string | null;
  created_at: string;
  updated_at: string;
  /** When the reconciler next asks UMF about this refund; null once final. */
  next_check_at: string | null;
  check_count: number;
};

export type ProcessedNotificationRow = { key: string; processed_at: string };

export type UmfTokenRow = { id: number; token: string; expires_at: string; updated_at: string };

export type WebhookOutboxRow = {
  id: string;
  event_type: string;
  payload_json: string;
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
  last_error: string | null;
  created_at: string;
};

export type IdempotencyKeyRow = {
  key_hash: string;
  scope: string;
  fingerprint: string;
  state: 'IN_PROGRESS' | 'DONE';
  response: string | null;
  created_at: string;
  completed_at: string | null;
  expires_at: string;
};

export type CustomsDeclarationRow = {
  id: string;
  checkout_id: string;
  attempt_id: string;
  sub_order_id: string;
  /** What we sent UMF (customs_declaration), kept to answer the merchant and never re-sent. */
  request_json: string;
  status: string;
  umf_declaration_id: string | null;
  umf_state: string | null;
  result_code: string | null;
  created_at: string;
  updated_at: string;
};

export type Database = {
  checkouts: CheckoutRow;
  attempts: AttemptRow;
  refunds: RefundRow;
  processed_notifications: ProcessedNotificationRow;
  umf_token: UmfTokenRow;
  webhook_outbox: WebhookOutboxRow;
  idempotency_keys: IdempotencyKeyRow;
  customs_declarations: CustomsDeclarationRow;
  saved_cards: SavedCardRow;
};

/**
 * Every column of each table, in the schema's order: what the store reads and returns, never
 * `*`. A PostgreSQL statement prepared on `*` fails ("cached plan must not change result type")
 * once a newer instance's migration adds a column; a named column list answers the same.
 */
export const COLUMNS = {
  checkouts: [
    'id',
    'client_secret_hash',
    'merchant_order_id',
    'amount',
    'currency',
    'order_json',
    'methods_json',
    'status',
    'status_version',
    'current_attempt_id',
    'attempt_count',
    'paid_attempt_id',
    'expires_at',
    'created_at',
    'updated_at',
    'customer_id',
    'save_card',
  ],
  attempts: [
    'id',
    'checkout_id',
    'seq',
    'method',
    'bank_code',
    'phone_masked',
    'umf_payment_id',
    'umf_state',
    'status',
    'qr_code_url',
    'pay_info_json',
    'sms_count',
    'last_sms_at',
    'next_sms_allowed_at',
    'execute_claimed_at',
    'execute_count',
    'result_code',
    'last_error_code',
    'finished_at',
    'created_at',
    'updated_at',
    'execute_unknown_at',
    'next_check_at',
    'check_count',
    'superseded_at',
    'save_card',
    'saved_card_id',
  ],
  refunds: [
    'id',
    'checkout_id',
    'attempt_id',
    'amount',
    'currency',
    'status',
    'umf_refund_id',
    'umf_state',
    'orders_json',
    'result_code',
    'created_at',
    'updated_at',
    'next_check_at',
    'check_count',
  ],
  processed_notifications: ['key', 'processed_at'],
  umf_token: ['id', 'token', 'expires_at', 'updated_at'],
  webhook_outbox: [
    'id',
    'event_type',
    'payload_json',
    'attempts',
    'next_attempt_at',
    'delivered_at',
    'last_error',
    'created_at',
  ],
  idempotency_keys: [
    'key_hash',
    'scope',
    'fingerprint',
    'state',
    'response',
    'created_at',
    'completed_at',
    'expires_at',
  ],
  customs_declarations: [
    'id',
    'checkout_id',
    'attempt_id',
    'sub_order_id',
    'request_json',
    'status',
    'umf_declaration_id',
    'umf_state',
    'result_code',
    'created_at',
    'updated_at',
  ],
  saved_cards: [
    'id',
    'customer_id',
    'card_type',
    'bank_code',
    'last_four',
    'umf_busi_agreement_id',
    'umf_pay_agreement_id',
    'source_attempt_id',
    'created_at',
    'deleted_at',
  ],
} as const satisfies { readonly [T in keyof Database]: readonly (keyof Database[T] & string)[] };

/** A column a table's row has but COLUMNS does not name (none: a missing one fails the build). */
type Unlisted = {
  [T in keyof Database]: Exclude<keyof Database[T], (typeof COLUMNS)[T][number]>;
}[keyof Database];
const everyColumnListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyColumnListed;
