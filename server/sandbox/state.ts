// The sandbox's world: token, payments, refunds, customs declarations, payer agreements, SMS
// sent, the request log and notification deliveries. Card data is never kept: only a keyed
// fingerprint of the number (to check execute uses the card verify saw) and its last four digits.
// The record maps note which records a unit of work read or wrote (TrackedMap), so the journal
// (persistence.ts) writes only those.
import type { CardType } from './banks.ts';
import type {
  LedgerPayment,
  LedgerRefund,
  NotificationDelivery,
  RequestLogEntry,
  SmsMessage,
} from './types.ts';

export type PaymentState = LedgerPayment['state'];
export type RefundState = LedgerRefund['state'];

export const PAYMENT_METHODS = [
  'CREDIT_CARD',
  'DEBIT_CARD',
  'WECHAT_SCAN',
  'ALIPAY_SCAN',
  'WECHAT_WEB',
  'WECHAT_IN_APP',
  'NOT_APPLICABLE',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** A Map that remembers the keys read or written since the last drain (for the journal). */
export class TrackedMap<V> extends Map<string, V> {
  readonly touched = new Set<string>();
  override get(key: string): V | undefined {
    const value = super.get(key);
    if (value !== undefined) this.touched.add(key);
    return value;
  }
  override set(key: string, value: V): this {
    this.touched?.add(key);
    return super.set(key, value);
  }
  /** Marks a record changed outside get / set (a timer holding the record). */
  touch(key: string): void {
    this.touched.add(key);
  }
  /** The keys touched since the last drain, forgotten. */
  drain(): string[] {
    const keys = [...this.touched];
    this.touched.clear();
    return keys;
  }
}

/**
 * The payments, also found by their merchant order number (a new payment looks for the order's
 * other payments: a lookup, not a scan of every payment). Reading them this way marks nothing.
 */
export class PaymentMap extends TrackedMap<PaymentRecord> {
  private readonly orders = new Map<string, Set<string>>();
  override set(key: string, value: PaymentRecord): this {
    const before = Map.prototype.get.call(this, key) as PaymentRecord | undefined;
    if (before && before.orderId !== value.orderId) this.orders.get(before.orderId)?.delete(key);
    const ids = this.orders?.get(value.orderId);
    if (ids) ids.add(key);
    else this.orders?.set(value.orderId, new Set([key]));
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    const before = Map.prototype.get.call(this, key) as PaymentRecord | undefined;
    if (before) this.orders.get(before.orderId)?.delete(key);
    return super.delete(key);
  }
  override clear(): void {
    this.orders.clear();
    super.clear();
  }
  /** The payments of a merchant order, oldest first. */
  ofOrder(orderId: string): PaymentRecord[] {
    const ids = this.orders.get(orderId) ?? [];
    return [...ids].map((id) => Map.prototype.get.call(this, id) as PaymentRecord);
  }
}

export type VerifiedCard = {
  fingerprint: string;
  lastFour: string;
  type: CardType;
  phone: string;
};

export type PaymentRecord = {
  id: string;
  method: PaymentMethod;
  /** The payer as sent, card fields removed. */
  payer: Record<string, unknown>;
  /** The order as sent (normalised), with the converted amount. */
  order: Record<string, unknown>;
  orderId: string;
  merDate: string;
  amountCents: bigint;
  currency: string;
  cnyCents: bigint;
  rate: string;
  notifyUrl: string;
  retUrl: string | undefined;
  riskInfo: unknown;
  state: PaymentState;
  /** Execute accepted, final state not reached yet. */
  processing: boolean;
  /** The ret_code that ended the payment in TRADE_FAIL or TRADE_CLOSED. */
  failCode: string | undefined;
  createdAt: number;
  expiresAt: number;
  finishedAt: number | undefined;
  card: VerifiedCard | undefined;
  /** The payer agreement the card was verified through, or the one issued on success. */
  agreementId: string | undefined;
  /** The merchant's id of the customer (bank_card.mer_cust_id): asks for an agreement. */
  merCustId: string | undefined;
  /** When a processing payment turns final (execute accepted with a delay). */
  settleAt: number | undefined;
  smsCode: string | undefined;
  smsSentAt: number[];
  executions: number;
  refundedCents: bigint;
  /** Set for QR and WeChat payments. */
  payInfo: Record<string, unknown> | undefined;
  qrCodeUrl: string | undefined;
};

export type RefundRecord = {
  id: string;
  paymentId: string;
  /** The merchant's refund number (orders[0] / order / refund_info mer_reference_id). */
  refundNo: string | undefined;
  amountCents: bigint;
  currency: string;
  /** The refund as sent (org_amount, orders, notify_url). */
  request: Record<string, unknown>;
  notifyUrl: string | undefined;
  state: RefundState;
  createdAt: number;
  finishedAt: number | undefined;
};

export type CustomsRecord = {
  id: string;
  paymentId: string;
  declaration: Record<string, unknown>;
  state: string;
  createdAt: number;
};

/** usr_busi_agreement_id: one per customer (mer_cust_id) of a merchant scope. */
export type BusiAgreementRecord = {
  id: string;
  /** The merchant scope: the order's sub_mer_id, or '' for the merchant itself. */
  scope: string;
  merCustId: string;
  createdAt: number;
};

/** usr_pay_agreement_id: one per card of a usr_busi_agreement_id. */
export type PayAgreementRecord = {
  id: string;
  busiId: string;
  card: VerifiedCard;
  /** The bank (gate_id). */
  gateId: string;
  createdAt: number;
  /** Set when the agreement was ended (unbound); a deleted agreement pays no more. */
  deletedAt: number | undefined;
  /** The payment whose success issued it. */
  paymentId: string;
};

export type TokenRecord = { value: string; expiresAt: number };

export type SandboxState = {
  token: TokenRecord | undefined;
  payments: PaymentMap;
  refunds: TrackedMap<RefundRecord>;
  customs: TrackedMap<CustomsRecord>;
  busiAgreements: TrackedMap<BusiAgreementRecord>;
  payAgreements: TrackedMap<PayAgreementRecord>;
  sms: SmsMessage[];
  requests: RequestLogEntry[];
  notifications: NotificationDelivery[];
};

export function createState(): SandboxState {
  return {
    token: undefined,
    payments: new PaymentMap(),
    refunds: new TrackedMap(),
    customs: new TrackedMap(),
    busiAgreements: new TrackedMap(),
    payAgreements: new TrackedMap(),
    sms: [],
    requests: [],
    notifications: [],
  };
}

export function clearState(state: SandboxState): void {
  state.token = undefined;
  state.payments.clear();
  state.refunds.clear();
  state.customs.clear();
  state.busiAgreements.clear();
  state.payAgreements.clear();
  state.sms.length = 0;
  state.requests.length = 0;
  state.notifications.length = 0;
}
