// The checkout state machine: pure, no I/O. The store applies it inside transactions.
//
// Two levels, because one checkout may see several payment attempts:
//
// - An ATTEMPT is one UMF payment (one `PAY_…` id). Its status only moves forward and a
//   final attempt (SUCCEEDED, FAILED, CLOSED, DUPLICATE_PAID) never moves again. The one
//   exception is PROCESSING → SMS_SENT when execute provably did not run, so nothing is
//   undone and the customer may retype the code or ask for another one: UMF rejected the SMS
//   code, or execute's answer was lost and UMF still says WAIT_BUYER_PAY after the
//   reconciler's grace period (an execute UMF received ends long before; a second execute
//   of the same UMF payment cannot charge twice, and a late result of the first still lands).
// - The CHECKOUT is what the merchant and the widget see. While it is open its status is
//   the phase of its current attempt (OPEN when there is none, or the last one ended and
//   another may start). Its progress key is (attempt number, phase), which only grows:
//   SMS_SENT → OPEN is not "backwards" when a new attempt replaces the old one, or when an
//   execute was declined and the checkout may still be paid with another card.
//   The checkout is FAILED only when it can no longer be paid (its life is over or the
//   attempt limit is reached), EXPIRED when its life ends unpaid, CANCELED by the merchant.
// - Money taken is a fact: an upstream TRADE_SUCCESS always lands on its attempt. A checkout
//   counts ONE payment (its paid attempt). The first success of a checkout that is open or
//   closed unpaid by itself (FAILED, EXPIRED — e.g. a QR code scanned at the last second) is
//   counted and moves it to SUCCEEDED, the highest rank; SUCCEEDED is absorbing.
// - Every other success is a DUPLICATE: a replaced (superseded) QR code scanned after another
//   attempt was paid, both the WeChat and the Alipay code scanned, a QR code scanned after the
//   card paid, or any payment after the merchant canceled (CANCELED counts no payment: the
//   merchant withdrew the sale). Its attempt ends DUPLICATE_PAID, `payment.duplicate` is
//   queued, and the service refunds it in full (a setting, on by default). The checkout's
//   status and counted payment never change because of a duplicate. `successOutcome` decides.
// - SUPERSEDED: an attempt replaced before it was paid — a refreshed QR code, WeChat ↔ Alipay,
//   card ↔ QR, another bank — or the live attempt left over when another attempt's payment
//   was counted. Its `superseded_at` stays set when UMF's final word later moves its status on
//   (SUCCEEDED, DUPLICATE_PAID, CLOSED), so the merchant still sees it was replaced.
// - A checkout whose execute is in flight (PROCESSING) cannot be canceled or expired: the
//   result is pending at UMF; it ends with that result (or UMF closing the payment), or goes
//   back to SMS_SENT when the reconciler finds that execute never reached UMF.

import {
  CHECKOUT_STATUSES,
  IDLE_STATUSES,
  isOpenStatus,
  OPEN_STATUSES,
  type CheckoutStatus as PublicStatus,
} from '../../common/checkout-status.ts';
import { CARD_TYPES, PAYMENT_STATES, REFUND_STATES } from '../umf/types.ts';
import { type NameOf, namesOf } from './names.ts';

export const CheckoutStatus = namesOf(CHECKOUT_STATUSES);
export type CheckoutStatus = PublicStatus;

export const AttemptStatus = namesOf([
  /** Created in the store; the UMF payment is being created or exists, no SMS yet. */
  'CREATED',
  'SMS_SENT',
  'AWAITING_CUSTOMER',
  /** Execute claimed: exactly one request calls UMF execute for this attempt. */
  'PROCESSING',
  /**
   * Replaced before it was paid (a newer attempt, or another attempt's payment was counted);
   * UMF may still report a final result. The attempt's supersededAt keeps the fact afterwards.
   */
  'SUPERSEDED',
  /** Its checkout ended (expired, canceled) while it was live; UMF may still report. */
  'ABANDONED',
  'SUCCEEDED',
  'FAILED',
  /** UMF closed or canceled the payment (TRADE_CLOSED, TRADE_CANCEL). */
  'CLOSED',
  /**
   * UMF took the money but the checkout does not count it: another attempt's payment was
   * counted first, or the merchant had canceled. Refunded in full (automatically by default).
   */
  'DUPLICATE_PAID',
]);
export type AttemptStatus = NameOf<typeof AttemptStatus>;

/** The payment methods of our contract (GraphQL PaymentMethod): UMF's two card types first. */
export const PAYMENT_METHODS = [
  ...CARD_TYPES,
  'WECHAT_SCAN',
  'ALIPAY_SCAN',
  'WECHAT_WEB',
  /** UMF's hosted cashier: the customer pays on UMF's page (NOT_APPLICABLE + SERVER_TO_WEB). */
  'HOSTED',
] as const;
export const PaymentMethod = namesOf(PAYMENT_METHODS);
export type PaymentMethod = NameOf<typeof PaymentMethod>;

export const REFUND_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'CLOSED'] as const;
export const RefundStatus = namesOf(REFUND_STATUSES);
export type RefundStatus = NameOf<typeof RefundStatus>;

export function isCardMethod(method: PaymentMethod): boolean {
  return method === PaymentMethod.CREDIT_CARD || method === PaymentMethod.DEBIT_CARD;
}

const OPEN_CHECKOUT = OPEN_STATUSES;

/** Open: the customer may still act on it (it has not ended). */
export function isCheckoutOpen(status: CheckoutStatus): boolean {
  return isOpenStatus(status);
}

/** Rank for ordering: open phases < closed unpaid < paid. */
export const CHECKOUT_RANK: Readonly<Record<CheckoutStatus, number>> = {
  OPEN: 0,
  SMS_SENT: 1,
  AWAITING_CUSTOMER: 1,
  PROCESSING: 2,
  FAILED: 3,
  EXPIRED: 3,
  CANCELED: 3,
  SUCCEEDED: 4,
};

/** Every allowed checkout move (from → to); anything else is refused. */
export const CHECKOUT_TRANSITIONS: Readonly<Record<CheckoutStatus, readonly CheckoutStatus[]>> = {
  // OPEN → OPEN: a new attempt replaced one that had not reached the customer yet.
  OPEN: ['OPEN', 'SMS_SENT', 'AWAITING_CUSTOMER', 'SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED'],
  // SMS_SENT → SMS_SENT: another code sent; SMS_SENT → OPEN: a new attempt replaced this one.
  SMS_SENT: ['SMS_SENT', 'OPEN', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED'],
  AWAITING_CUSTOMER: ['OPEN', 'SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED'],
  // → SMS_SENT: nothing executed (code rejected, or an execute UMF never received: still
  // WAIT_BUYER_PAY after the reconciler's grace period); → OPEN: declined, another card may try;
  // → EXPIRED only through the attempt's own end (UMF closed it after the checkout's life).
  PROCESSING: ['SMS_SENT', 'OPEN', 'SUCCEEDED', 'FAILED', 'EXPIRED'],
  // Closed unpaid by itself: only money actually taken (an upstream success) moves it on.
  FAILED: ['SUCCEEDED'],
  EXPIRED: ['SUCCEEDED'],
  // The merchant's cancel is final: a payment after it is a duplicate, refunded.
  CANCELED: [],
  SUCCEEDED: [],
};

export function canTransition(from: CheckoutStatus, to: CheckoutStatus): boolean {
  return CHECKOUT_TRANSITIONS[from].includes(to);
}

/** What happened to a checkout; the store turns it into a status with `checkoutAfter`. */
export type CheckoutEvent =
  | { type: 'ATTEMPT_STARTED' }
  | { type: 'SMS_SENT' }
  | { type: 'CUSTOMER_PROMPTED' }
  | { type: 'EXECUTE_CLAIMED' }
  | { type: 'EXECUTE_RELEASED' }
  /** Execute's answer was lost and UMF still waits for the buyer after the grace period. */
  | { type: 'EXECUTE_LAPSED' }
  | { type: 'ATTEMPT_SUCCEEDED' }
  /** The current attempt ended unpaid; `next` says whether the checkout can still be paid. */
  | { type: 'ATTEMPT_ENDED'; next: 'RETRY' | 'FAILED' | 'EXPIRED' }
  | { type: 'EXPIRED' }
  | { type: 'CANCELED' };

const OPEN_IDLE = IDLE_STATUSES;

/** The statuses in which each event is accepted. */
export const EVENT_ACCEPTED_IN: Readonly<Record<CheckoutEvent['type'], readonly CheckoutStatus[]>> =
  {
    // Not while PROCESSING: an execute in flight may still take the money.
    ATTEMPT_STARTED: OPEN_IDLE,
    SMS_SENT: ['OPEN', 'SMS_SENT'],
    CUSTOMER_PROMPTED: ['OPEN'],
    EXECUTE_CLAIMED: ['SMS_SENT'],
    EXECUTE_RELEASED: ['PROCESSING'],
    EXECUTE_LAPSED: ['PROCESSING'],
    // Money taken lands even on a checkout closed unpaid by itself (see the top of this file).
    ATTEMPT_SUCCEEDED: [...OPEN_CHECKOUT, 'FAILED', 'EXPIRED'],
    ATTEMPT_ENDED: OPEN_CHECKOUT,
    EXPIRED: OPEN_IDLE,
    CANCELED: OPEN_IDLE,
  };

/** Checkout status after an event, or undefined when the event is refused in that status. */
export function checkoutAfter(
  from: CheckoutStatus,
  event: CheckoutEvent,
): CheckoutStatus | undefined {
  if (!EVENT_ACCEPTED_IN[event.type].includes(from)) return undefined;
  const to = targetOf(event);
  return canTransition(from, to) ? to : undefined;
}

function targetOf(event: CheckoutEvent): CheckoutStatus {
  switch (event.type) {
    case 'ATTEMPT_STARTED':
      return CheckoutStatus.OPEN;
    case 'EXECUTE_RELEASED':
    case 'EXECUTE_LAPSED':
    case 'SMS_SENT':
      return CheckoutStatus.SMS_SENT;
    case 'CUSTOMER_PROMPTED':
      return CheckoutStatus.AWAITING_CUSTOMER;
    case 'EXECUTE_CLAIMED':
      return CheckoutStatus.PROCESSING;
    case 'ATTEMPT_SUCCEEDED':
      return CheckoutStatus.SUCCEEDED;
    case 'ATTEMPT_ENDED':
      if (event.next === 'RETRY') return CheckoutStatus.OPEN;
      return event.next === 'FAILED' ? CheckoutStatus.FAILED : CheckoutStatus.EXPIRED;
    case 'EXPIRED':
      return CheckoutStatus.EXPIRED;
    case 'CANCELED':
      return CheckoutStatus.CANCELED;
  }
}

const LIVE_ATTEMPT: readonly AttemptStatus[] = [
  AttemptStatus.CREATED,
  AttemptStatus.SMS_SENT,
  AttemptStatus.AWAITING_CUSTOMER,
  AttemptStatus.PROCESSING,
];
const FINAL_ATTEMPT: readonly AttemptStatus[] = [
  AttemptStatus.SUCCEEDED,
  AttemptStatus.FAILED,
  AttemptStatus.CLOSED,
  AttemptStatus.DUPLICATE_PAID,
];

/** Live: the customer is still working on it. */
export function isAttemptLive(status: AttemptStatus): boolean {
  return LIVE_ATTEMPT.includes(status);
}

/** Final: UMF has given its last word on this payment; nothing moves it again. */
export function isAttemptFinal(status: AttemptStatus): boolean {
  return FINAL_ATTEMPT.includes(status);
}

/** Paid at UMF: the money was taken (counted or not), so it can be refunded. */
export function isAttemptPaid(status: AttemptStatus): boolean {
  return status === AttemptStatus.SUCCEEDED || status === AttemptStatus.DUPLICATE_PAID;
}

/**
 * What an upstream success on one of a checkout's attempts is: the checkout's COUNTED payment
 * (it has none yet and was not canceled) or a DUPLICATE to refund (see the top of this file).
 */
export function successOutcome(checkout: {
  status: CheckoutStatus;
  paidAttemptId: string | null;
}): 'COUNTED' | 'DUPLICATE' {
  if (checkout.paidAttemptId !== null || checkout.status === CheckoutStatus.CANCELED) {
    return 'DUPLICATE';
  }
  return 'COUNTED';
}

/** UMF's final word on a payment: it lands on every attempt that is not final yet. */
const UMF_FINAL: readonly AttemptStatus[] = ['SUCCEEDED', 'FAILED', 'CLOSED', 'DUPLICATE_PAID'];
/** Replaced, or its checkout ended: what may still happen to a live attempt before execute. */
const LEFT_BEHIND: readonly AttemptStatus[] = ['SUPERSEDED', 'ABANDONED'];

/**
 * Every allowed attempt move (from → to):
 *
 * | from                         | to             | why                                       |
 * |------------------------------|----------------|-------------------------------------------|
 * | CREATED, SMS_SENT, AWAITING_ | SUPERSEDED     | replaced by a newer attempt, or another   |
 * |   CUSTOMER                   |                | attempt's payment was counted             |
 * | CREATED, SMS_SENT, AWAITING_ | ABANDONED      | its checkout expired or was canceled      |
 * |   CUSTOMER                   |                |                                           |
 * | any non-final                | SUCCEEDED      | UMF took the money: the counted payment   |
 * | any non-final                | DUPLICATE_PAID | UMF took money the checkout does not      |
 * |                              |                | count (`successOutcome`): refunded        |
 * | any non-final                | FAILED, CLOSED | UMF's final word: declined, closed        |
 * | PROCESSING                   | SMS_SENT       | SMS code rejected: nothing was executed   |
 */
export const ATTEMPT_TRANSITIONS: Readonly<Record<AttemptStatus, readonly AttemptStatus[]>> = {
  // Every non-final attempt accepts UMF's success: money taken always lands.
  CREATED: ['SMS_SENT', 'AWAITING_CUSTOMER', ...LEFT_BEHIND, ...UMF_FINAL],
  SMS_SENT: ['SMS_SENT', 'PROCESSING', ...LEFT_BEHIND, ...UMF_FINAL],
  AWAITING_CUSTOMER: [...LEFT_BEHIND, ...UMF_FINAL],
  // → SMS_SENT: execute provably did not run (code rejected, or lapsed: see the top).
  PROCESSING: ['SMS_SENT', ...UMF_FINAL],
  // Local judgements: UMF's final word on the payment still lands.
  SUPERSEDED: UMF_FINAL,
  ABANDONED: UMF_FINAL,
  SUCCEEDED: [],
  FAILED: [],
  CLOSED: [],
  DUPLICATE_PAID: [],
};

export function canAttemptTransition(from: AttemptStatus, to: AttemptStatus): boolean {
  return ATTEMPT_TRANSITIONS[from].includes(to);
}

/** UMF payment states (docs/umf-protocol.md §7). Only WAIT_BUYER_PAY moves. */
export const UmfPaymentState = namesOf(PAYMENT_STATES);
export type UmfPaymentState = NameOf<typeof UmfPaymentState>;

/** The attempt status a UMF payment state means; undefined for WAIT_BUYER_PAY (not final). */
export function attemptStatusFromUmf(
  state: UmfPaymentState,
): 'SUCCEEDED' | 'FAILED' | 'CLOSED' | undefined {
  switch (state) {
    case 'WAIT_BUYER_PAY':
      return undefined;
    case 'TRADE_SUCCESS':
      return 'SUCCEEDED';
    case 'TRADE_FAIL':
      return 'FAILED';
    case 'TRADE_CLOSED':
    case 'TRADE_CANCEL':
      return 'CLOSED';
  }
}

export function isUmfPaymentState(value: string): value is UmfPaymentState {
  return Object.hasOwn(UmfPaymentState, value);
}

/** UMF refund states (docs/umf-protocol.md §7). */
export const UmfRefundState = namesOf(REFUND_STATES);
export type UmfRefundState = NameOf<typeof UmfRefundState>;

/** The refund status each UMF refund state means. */
const REFUND_STATUS_OF: Readonly<Record<UmfRefundState, RefundStatus>> = {
  REFUND_PROCESS: RefundStatus.PENDING,
  REFUND_SUCCESS: RefundStatus.SUCCEEDED,
  REFUND_FAIL: RefundStatus.FAILED,
  REFUND_CLOSE: RefundStatus.CLOSED,
};

export function refundStatusFromUmf(state: UmfRefundState): RefundStatus {
  return REFUND_STATUS_OF[state];
}

export function isUmfRefundState(value: string): value is UmfRefundState {
  return Object.hasOwn(UmfRefundState, value);
}

/** A refund moves only out of PENDING; its final status never changes. */
export function canRefundTransition(from: RefundStatus, to: RefundStatus): boolean {
  return from === RefundStatus.PENDING && to !== RefundStatus.PENDING;
}

/** Refunds that count against the paid amount: pending ones reserve their share. */
export function refundCountsAgainstPaid(status: RefundStatus): boolean {
  return status === RefundStatus.PENDING || status === RefundStatus.SUCCEEDED;
}
