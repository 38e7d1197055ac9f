import type { CustomsStatus } from './customs.ts';
import { type NameOf, namesOf } from './names.ts';
import type { SaveCardPolicy } from './saved-card.ts';
import type {
  AttemptStatus,
  CheckoutStatus,
  PaymentMethod,
  RefundStatus,
  UmfPaymentState,
  UmfRefundState,
} from './state.ts';

/** A checkout as the BFF sees it. The client secret is never part of it (hash only). */
export type Checkout = {
  id: string;
  merchantOrderId: string;
  /** Decimal string, ≤ 2 decimals ("100.02"). */
  amount: string;
  currency: string;
  /** The merchant's order as given at creation (sub-orders, items, trans codes, risk info). */
  order: unknown;
  methods: PaymentMethod[];
  status: CheckoutStatus;
  /** Grows by one with every status change: the order of `checkoutUpdated` events. */
  version: number;
  currentAttemptId: string | null;
  attemptCount: number;
  paidAttemptId: string | null;
  /** The merchant's id of the customer: whose saved cards this checkout may show and use. */
  customerId: string | null;
  /** Whether the widget offers to remember the card (docs/umf-protocol.md §17). */
  saveCard: SaveCardPolicy;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
};

export type Attempt = {
  id: string;
  checkoutId: string;
  /** 1, 2, … within its checkout. */
  seq: number;
  method: PaymentMethod;
  bankCode: string | null;
  /** Shown to the customer ("138****5678"); the full phone is never stored. */
  phoneMasked: string | null;
  umfPaymentId: string | null;
  umfState: string | null;
  status: AttemptStatus;
  qrCodeUrl: string | null;
  /** WeChat JS-API parameters (pay_info), as UMF returned them. */
  payInfo: unknown;
  smsCount: number;
  lastSmsAt: Date | null;
  nextSmsAllowedAt: Date | null;
  executeClaimedAt: Date | null;
  /** How many executes were claimed (a rejected SMS code releases the claim). */
  executeCount: number;
  /** The UMF ret_code of the final result, when UMF gave one. */
  resultCode: string | null;
  /** The UMF ret_code of the last non-final error (verify refused, wrong SMS code, …). */
  lastErrorCode: string | null;
  finishedAt: Date | null;
  /** Replaced by a newer attempt, or by another attempt's counted payment (state.ts). */
  supersededAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Execute claimed at this time and its outcome not known since (no answer yet, or a lost or
   * untrustworthy one); null once execute answered or UMF's word came.
   */
  executeUnknownAt: Date | null;
  /** When the reconciler next asks UMF about this payment; null: nothing left to learn. */
  nextCheckAt: Date | null;
  /** Reconciler checks made so far (its backoff). */
  checkCount: number;
  /** This attempt asked UMF for a payer agreement (the card is saved once it is paid). */
  saveCard: boolean;
  /** The saved card this attempt pays with, or null (a card typed in, a wallet). */
  savedCardId: string | null;
};

export type Refund = {
  id: string;
  checkoutId: string;
  attemptId: string;
  amount: string;
  currency: string;
  status: RefundStatus;
  umfRefundId: string | null;
  umfState: string | null;
  /** The goods refunded (UMF refund `orders[]`), as given. */
  orders: unknown;
  resultCode: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** When the reconciler next asks UMF about this refund; null once final. */
  nextCheckAt: Date | null;
  checkCount: number;
};

export type WebhookEvent = {
  id: string;
  type: string;
  payload: unknown;
  /** Deliveries tried so far, including the one this claim is for. */
  attempts: number;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  lastError: string | null;
  createdAt: Date;
};

export type UmfToken = { token: string; expiresAt: Date };

/** Why the store refused an operation: expected outcomes, not faults. */
export const Refusal = namesOf([
  'NOT_FOUND',
  'DUPLICATE_ORDER',
  'INVALID_INPUT',
  'CHECKOUT_CLOSED',
  'METHOD_NOT_ENABLED',
  /** An execute is in flight: no new attempt, no cancel, until its result. */
  'PROCESSING',
  'ATTEMPT_NOT_CURRENT',
  /** The checkout has had as many attempts as it may. */
  'ATTEMPT_LIMIT',
  'INVALID_TRANSITION',
  'NOT_PAID',
  /** The attempt named is not one of this checkout's. */
  'ATTEMPT_NOT_FOUND',
  'REFUND_EXCEEDS_PAID',
  /** The sub-order has a customs declaration that did not fail. */
  'ALREADY_DECLARED',
]);
export type Refusal = NameOf<typeof Refusal>;

export type Refused = { ok: false; refusal: Refusal; checkout?: Checkout };

export type CheckoutChange = {
  ok: true;
  checkout: Checkout;
  /** False when nothing moved (a duplicate or late result): publish nothing. */
  changed: boolean;
};

export type AttemptChange = CheckoutChange & { attempt: Attempt };

/** A state UMF reported, with the ret_code that came with it (e.g. 00060730 insufficient balance). */
type UmfResult<State> = { state: State; code?: string };
export type PaymentResult = UmfResult<UmfPaymentState>;
export type RefundResult = UmfResult<UmfRefundState>;

export type AttemptRef = { attemptId: string } | { umfPaymentId: string };
export type RefundRef = { refundId: string } | { umfRefundId: string };

export type CustomsDeclaration = {
  /** Ours (`cd_…`): the stable reference of this declaration. */
  id: string;
  checkoutId: string;
  /** The paid attempt whose UMF payment is declared. */
  attemptId: string;
  /** The merchant's sub-order id (UMF mer_sub_reference_id) the declaration covers. */
  subOrderId: string;
  /** The customs_declaration member as sent to UMF. */
  request: Record<string, unknown>;
  status: CustomsStatus;
  umfDeclarationId: string | null;
  umfState: string | null;
  resultCode: string | null;
  createdAt: Date;
  updatedAt: Date;
};
