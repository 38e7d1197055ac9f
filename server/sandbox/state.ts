// The sandbox's in-memory world: token, payments, refunds, customs declarations, SMS sent,
// the request log and notification deliveries. Card data is never kept: only a fingerprint
// of the number (to check execute uses the card verify saw) and its last four digits.
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

export type TokenRecord = { value: string; expiresAt: number };

export type SandboxState = {
  token: TokenRecord | undefined;
  payments: Map<string, PaymentRecord>;
  refunds: Map<string, RefundRecord>;
  customs: Map<string, CustomsRecord>;
  sms: SmsMessage[];
  requests: RequestLogEntry[];
  notifications: NotificationDelivery[];
};

export function createState(): SandboxState {
  return {
    token: undefined,
    payments: new Map(),
    refunds: new Map(),
    customs: new Map(),
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
  state.sms.length = 0;
  state.requests.length = 0;
  state.notifications.length = 0;
}
