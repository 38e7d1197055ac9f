import type { SaveCardPolicy, SavedCard, SavedCardType } from '../domain/saved-card.ts';
import type {
  AttemptStatus,
  CheckoutStatus,
  PaymentMethod,
  RefundStatus,
} from '../domain/state.ts';
import type { Attempt, Checkout, Refund, WebhookEvent } from '../domain/types.ts';
import type {
  AttemptRow,
  CheckoutRow,
  RefundRow,
  SavedCardRow,
  WebhookOutboxRow,
} from './tables.ts';

// Rows → domain objects. The status columns only ever hold values this code wrote.

export function toCheckout(row: CheckoutRow): Checkout {
  return {
    id: row.id,
    merchantOrderId: row.merchant_order_id,
    amount: row.amount,
    currency: row.currency,
    order: JSON.parse(row.order_json),
    methods: JSON.parse(row.methods_json) as PaymentMethod[],
    status: row.status as CheckoutStatus,
    version: row.status_version,
    currentAttemptId: row.current_attempt_id,
    attemptCount: row.attempt_count,
    paidAttemptId: row.paid_attempt_id,
    customerId: row.customer_id,
    saveCard: row.save_card as SaveCardPolicy,
    expiresAt: new Date(row.expires_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function toAttempt(row: AttemptRow): Attempt {
  return {
    id: row.id,
    checkoutId: row.checkout_id,
    seq: row.seq,
    method: row.method as PaymentMethod,
    bankCode: row.bank_code,
    phoneMasked: row.phone_masked,
    umfPaymentId: row.umf_payment_id,
    umfState: row.umf_state,
    status: row.status as AttemptStatus,
    qrCodeUrl: row.qr_code_url,
    payInfo: row.pay_info_json === null ? null : JSON.parse(row.pay_info_json),
    smsCount: row.sms_count,
    lastSmsAt: toDate(row.last_sms_at),
    nextSmsAllowedAt: toDate(row.next_sms_allowed_at),
    executeClaimedAt: toDate(row.execute_claimed_at),
    executeCount: row.execute_count,
    resultCode: row.result_code,
    lastErrorCode: row.last_error_code,
    finishedAt: toDate(row.finished_at),
    supersededAt: toDate(row.superseded_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    executeUnknownAt: toDate(row.execute_unknown_at),
    nextCheckAt: toDate(row.next_check_at),
    checkCount: row.check_count,
    saveCard: row.save_card === 1,
    savedCardId: row.saved_card_id,
  };
}

export function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    checkoutId: row.checkout_id,
    attemptId: row.attempt_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status as RefundStatus,
    umfRefundId: row.umf_refund_id,
    umfState: row.umf_state,
    orders: row.orders_json === null ? null : JSON.parse(row.orders_json),
    resultCode: row.result_code,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    nextCheckAt: toDate(row.next_check_at),
    checkCount: row.check_count,
  };
}

export function toWebhookEvent(row: WebhookOutboxRow): WebhookEvent {
  return {
    id: row.id,
    type: row.event_type,
    payload: JSON.parse(row.payload_json),
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    deliveredAt: toDate(row.delivered_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
  };
}

type Camel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<Camel<Tail>>}`
  : S;

/** The named columns under their camelCase names (sub_order_id → subOrderId), as stored. */
export function camelColumns<R, C extends keyof R & string>(
  row: R,
  columns: readonly C[],
): { [K in C as Camel<K>]: R[K] } {
  const picked: Record<string, unknown> = {};
  for (const column of columns) {
    picked[column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())] = row[column];
  }
  return picked as { [K in C as Camel<K>]: R[K] };
}

function toDate(value: string | null): Date | null {
  return value === null ? null : new Date(value);
}

export function toSavedCard(row: SavedCardRow): SavedCard {
  return {
    id: row.id,
    customerId: row.customer_id,
    cardType: row.card_type as SavedCardType,
    bankCode: row.bank_code,
    lastFour: row.last_four,
    umfBusiAgreementId: row.umf_busi_agreement_id,
    umfPayAgreementId: row.umf_pay_agreement_id,
    sourceAttemptId: row.source_attempt_id,
    createdAt: new Date(row.created_at),
    deletedAt: toDate(row.deleted_at),
  };
}
