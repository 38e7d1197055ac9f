// Wire shapes of UMF's REST API (docs/umf-protocol.md §4, §5, §7). Where the reference spells a field two
// ways both spellings are optional here; requests are normalised to one spelling by wire.ts.
// Amounts are decimal strings everywhere: never numbers.

export const PAYMENT_STATES = [
  'WAIT_BUYER_PAY',
  'TRADE_SUCCESS',
  'TRADE_FAIL',
  'TRADE_CLOSED',
  'TRADE_CANCEL',
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const REFUND_STATES = [
  'REFUND_PROCESS',
  'REFUND_SUCCESS',
  'REFUND_FAIL',
  'REFUND_CLOSE',
] as const;
export type RefundState = (typeof REFUND_STATES)[number];

export const PAYMENT_METHODS = [
  'CREDIT_CARD',
  'DEBIT_CARD',
  'WECHAT_SCAN',
  'ALIPAY_SCAN',
  'WECHAT_WEB',
  'WECHAT_IN_APP',
  'NOT_APPLICABLE',
  // In UMF's SDK enums; the project sends neither (docs/umf-protocol.md §7).
  'B2B_ONLINE_BANKING',
  'B2C_ONLINE_BANKING',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** `SERVER_TO_WEB` / `SERVER_TO_H5WEB`: UMF's own page, for desktop or mobile browsers. */
export const INTERFACE_TYPES = [
  'SERVER_TO_SERVER',
  'SERVER_TO_WEB',
  'SERVER_TO_H5WEB',
  'DIRECT_TO_BANK',
] as const;
export type InterfaceType = (typeof INTERFACE_TYPES)[number];

export const CARD_TYPES = ['CREDIT_CARD', 'DEBIT_CARD'] as const;
export type CardType = (typeof CARD_TYPES)[number];

/** A decimal amount as UMF writes it: a string, at most two decimals, at most 10 characters. */
export type Decimal = string;

/** A HATEOAS link. The reference names the relation `rel` in its table and `ref` in examples. */
export type Link = { ref?: string; rel?: string; method?: string; href: string };

export type Meta = { ret_code: string; ret_msg?: string; sign?: string };

export type ExchangeRate = { currency: string; rate: Decimal };

export type Amount = {
  total: Decimal;
  currency: string;
  total_cny?: Decimal;
  exchange_rate?: ExchangeRate;
};

export type Item = {
  mer_item_id?: string;
  type?: string;
  name?: string;
  description?: string;
  /** The request spelling. */
  item_quantity?: string | number;
  /** The other spelling of the reference. */
  quantity?: string | number;
  amount?: Amount;
};

export type SubOrder = {
  mer_sub_reference_id?: string;
  amount: Amount;
  order_summary?: string;
  trans_code?: string;
  sub_trans_type?: string;
  is_customs?: 'TRUE' | 'FALSE' | string;
  invoice_id?: string;
  items?: Item[];
};

export type Order = {
  mer_reference_id: string;
  mer_date: string;
  amount: Amount;
  order_summary?: string;
  /** Minutes, as a string (our rule, docs/umf-protocol.md §7). */
  expire_time?: string;
  user_ip?: string;
  sub_orders?: SubOrder[];
  sub_mer_id?: string;
  state?: string;
};

/** Card fields marked * are RSA ciphertext (base64) by the time they reach this client. */
export type BankCard = {
  number?: string;
  valid_date?: string;
  cvv2?: string;
  payer_name?: string;
  card_holder?: string;
  citizen_id_type?: string;
  citizen_id_number?: string;
  phone?: string;
  external_customer_id?: string;
  mer_cust_id?: string;
  verify_code?: string;
};

export type PayerAgreement = {
  usr_busi_agreement_id?: string;
  usr_pay_agreement_id?: string;
  gate_id?: string;
  last_four_cardId?: string;
  /** Execute by agreement: the SMS code, where the card would carry it (§17). */
  verify_code?: string;
};

export type PayInfo = {
  app_id?: string;
  time_stamp?: string;
  nonce_str?: string;
  package?: string;
  sign_type?: string;
  pay_sign?: string;
};

export type QrCodeScan = {
  citizen_id_type?: string;
  citizen_id_number?: string;
  qr_code_url?: string;
};

export type WechatInApp = {
  citizen_id_type?: string;
  citizen_id_number?: string;
  pay_info?: PayInfo;
};

export type WechatInAppWeb = WechatInApp & { open_id?: string };

export type PayerInfo = {
  phone?: string;
  name?: string;
  bankCard?: BankCard;
  bank_card?: BankCard;
  payerAgreement?: PayerAgreement;
  payer_agreement?: PayerAgreement;
  qr_code_scan?: QrCodeScan;
  wechat_in_app?: WechatInApp;
  wechat_in_app_web?: WechatInAppWeb;
  verify_code?: string;
};

export type Payer = {
  payment_method?: PaymentMethod;
  bank_code?: string;
  payer_info?: PayerInfo;
  interface_type?: InterfaceType;
  business_type?: 'B2C' | 'B2B';
  external_customer_id?: string;
};

export type RiskInfo = Record<string, string>;

export type Payment = {
  id: string;
  state: PaymentState;
  payer?: Payer;
  order?: Order;
  notify_url?: string;
  ret_url?: string;
  execute_success_time?: string;
  mer_check_date?: string;
  settle_date?: string;
  risk_info?: RiskInfo;
  links?: Link[];
  [extra: string]: unknown;
};

export type RefundOrder = {
  mer_reference_id?: string;
  mer_date?: string;
  amount: Amount;
  sub_orders?: SubOrder[];
  [extra: string]: unknown;
};

export type Refund = {
  id: string;
  state: RefundState;
  org_amount?: Amount;
  orders?: RefundOrder[];
  notify_url?: string;
  parent_payment?: string;
  links?: Link[];
  [extra: string]: unknown;
};

export type CustomsDeclaration = {
  id?: string;
  state?: string;
  [extra: string]: unknown;
};

export type Bank = {
  code: string;
  name: string;
  name_zh?: string;
  logo_url?: string;
  types?: CardType[];
};

export type Pagination = { total_count: number; page_number: number; page_size: number };

export type TransactionSummary = { [field: string]: unknown };

export type Transactions = {
  payment_summaries: TransactionSummary[];
  refund_summaries: TransactionSummary[];
  pagination?: Pagination;
};

/**
 * The reference only says "summaries with service_fee, exchange_amount, pagination": payment and
 * refund summaries as in transactions, and any other summary list in `summaries`.
 */
export type Reconciliations = {
  payment_summaries: TransactionSummary[];
  refund_summaries: TransactionSummary[];
  summaries: TransactionSummary[];
  pagination?: Pagination;
  [extra: string]: unknown;
};

// Requests: what callers pass. Either spelling is accepted; wire.ts sends the configured one.

export type CreatePaymentRequest = {
  payer: Payer;
  order: Order;
  notify_url: string;
  ret_url?: string;
  risk_info?: RiskInfo;
};

/** Card fields must already be ciphertext: only the browser encrypts (widget/api/encrypt.ts). */
export type VerifyRequest = { payer: { payer_info: PayerInfo } & Payer };

/**
 * The card again plus the SMS code. Callers write the code as `payer_info.verify_code` (or in the
 * card); the client sends it where UmfProtocol.verifyCode says — by default inside the card.
 */
export type ExecuteRequest = { payer: { payer_info: PayerInfo & { verify_code: string } } & Payer };

/**
 * A refund as callers give it; the client writes it in the configured refund shape
 * (UmfProtocol.refundShape). Never re-sent blindly: a retry after an unknown outcome sends the
 * same `merchantRefundNo`, so UMF can tell it is the same refund.
 */
export type RefundRequest = {
  /** Our merchant refund number: new for each refund, the same on every retry of it. */
  merchantRefundNo: string;
  /** The amount refunded (same currency as the payment). */
  amount: Amount;
  /** The original payment amount (sent in the reference shape). */
  orgAmount: Amount;
  /** The refund's date, YYYYMMDD in China. */
  merDate: string;
  /** The goods refunded, when known; their amounts add up to `amount`. */
  subOrders?: SubOrder[];
  notifyUrl?: string;
  /** A short description (sent in the demo shape). */
  summary?: string;
};

export type CustomsRequest = { customs_declaration: Record<string, unknown> };

/** What every resource call returns next to its result member. */
export type UmfResponseInfo = {
  retCode: string;
  retMsg: string;
  links: Link[];
  requestId: string;
  httpStatus: number;
};

export type PaymentResult = UmfResponseInfo & { payment: Payment };
export type RefundResult = UmfResponseInfo & { refund: Refund };
export type RefundsResult = UmfResponseInfo & { refunds: Refund[] };
export type BanksResult = UmfResponseInfo & { banks: Bank[] };
export type VerifyResult = UmfResponseInfo;
export type CustomsResult = UmfResponseInfo & { customsDeclarations: CustomsDeclaration[] };
export type ExchangeRatesResult = UmfResponseInfo & { exchangeRates: ExchangeRate[] };
export type WechatOpenidResult = UmfResponseInfo & { url: string };
export type TransactionsResult = UmfResponseInfo & { transactions: Transactions };
export type ReconciliationResult = UmfResponseInfo & { reconciliations: Reconciliations };

/**
 * Execute's answer. `recovered: true` means execute's own answer was lost or untrustworthy
 * (timeout, connection cut, 5xx, bad signature) and `payment` comes from a query instead;
 * `state` then tells whether the charge happened (TRADE_SUCCESS / TRADE_FAIL) or not yet.
 */
export type ExecuteResult = PaymentResult & {
  recovered: boolean;
  state: PaymentState;
  recoveryReason?: string;
};
