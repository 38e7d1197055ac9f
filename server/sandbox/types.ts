// The sandbox's public contract: what `startSandbox()` takes and returns, and the JSON shapes of
// its control API (README "The UMF sandbox"). Tests and the BFF depend on these names.
import type { SandboxStrict } from './strict.ts';

/** UMF endpoints as the sandbox names them in faults, the request log and the ledger. */
export const SANDBOX_ENDPOINTS = [
  'token',
  'bank',
  'createPayment',
  'verify',
  'execute',
  'getPayment',
  'refund',
  'getRefund',
  'applyToCustoms',
  'getCustoms',
  'exchangeRate',
  'wechatOpenid',
  'transactions',
  'reconciliation',
  'transactionsDownload',
  'reconciliationDownload',
] as const;
export type SandboxEndpoint = (typeof SANDBOX_ENDPOINTS)[number];

export type SandboxOptions = {
  /** Port to listen on; 0 (the default for tests) picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /**
   * Folder holding the key pairs and credentials.json. Keys are generated there on first start
   * and reused afterwards. Unset: fresh keys in memory (tests).
   */
  dataDir?: string;
  /**
   * With a dataDir: keep the state (payments, refunds, customs, payer agreements, SMS, deliveries,
   * token, test clock) in `<dataDir>/state.jsonl` across restarts. Default true; false keeps the
   * state in memory only (keys and credentials are still kept).
   */
  persist?: boolean;
  /** Delay between a successful execute answer and the payment becoming final; default 1000 ms. */
  executeDelayMs?: number;
  /** Token lifetime in seconds; default 3600. */
  tokenTtlSeconds?: number;
  /** First notification retry delay; doubles on each try (1 s, 2 s, 4 s …), 8 tries. Default 1000 ms. */
  notifyRetryBaseMs?: number;
  /** CNY per unit of each currency; overrides entries of the fixed table. */
  rates?: Record<string, string>;
  /** Seed for the random sources (SMS codes, fault draws); default random. */
  seed?: number;
  /** Verify request signatures (default true). */
  verifySignatures?: boolean;
  /**
   * Refuse all but one variant of these protocol settings, as UMF would (HTTP 400/401 with a
   * ret_msg naming the member or header). Unset keys accept every variant real clients send.
   */
  strict?: SandboxStrict;
  /**
   * Also sign notifications in the body's `meta.sign` (signed like an answer), for clients that
   * verify only that. The `Signature` HTTP header over the raw body — what UMF sends — is always
   * there. Default false: header only, like UMF.
   */
  notificationMetaSign?: boolean;
  /** Called with one line per request; default silent. Never receives card data. */
  log?: (line: string) => void;
  /**
   * Origin written into links, QR URLs and credentials.baseUrl when clients reach the sandbox
   * under another name (e.g. http://sandbox:8090); default the listening address.
   */
  publicUrl?: string;
};

export type SandboxCredentials = {
  /** Base URL of the UMF API, ending in /cberest/v1. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** PEM (PKCS#8) private key of the merchant: signs requests. */
  merchantPrivateKeyPem: string;
  /** PEM (SPKI) public key of UMF: encrypts card fields, verifies responses. */
  umfPublicKeyPem: string;
  /** The same UMF public key as a self-signed X.509 certificate (PEM). */
  umfCertificatePem: string;
};

export type Sandbox = {
  /** Origin of the sandbox, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  credentials: SandboxCredentials;
  /** A typed client of the control API, over real HTTP. */
  control: SandboxControl;
  close(): Promise<void>;
};

export type SmsMessage = { phone: string; code: string; paymentId: string; sentAt: string };

export type FaultRule = {
  endpoint: SandboxEndpoint;
  /** Added delay before answering, in ms. */
  latencyMs?: number;
  /** Probability (0..1) of answering HTTP 500 without changing state. */
  errorRate?: number;
  /** Destroy the connection before or after the state change, without an answer. */
  reset?: 'before' | 'after';
  /** Answer with a wrong meta.sign. */
  badSignature?: boolean;
  /** Apply to this many matching requests, then expire; default unlimited. */
  times?: number;
  /**
   * Probability (0..1) that the rule hits a matching request (its latency, reset and bad
   * signature; `times` counts hits only); default 1. `errorRate` draws on its own.
   */
  rate?: number;
};

export type NotificationFaults = {
  /** Send each notification this many extra times. */
  duplicate?: number;
  /** Wait this long before the first delivery, in ms. */
  delayMs?: number;
  /** Deliver a stale (earlier-state) copy after the final one. */
  outOfOrder?: boolean;
  /** Drop this many first delivery attempts (as if lost on the network). */
  drop?: number;
  /** Probability (0..1) that these faults hit a given notification; default 1. */
  rate?: number;
};

export type FaultConfig = {
  seed?: number;
  rules?: FaultRule[];
  /** One set of faults, or several drawn independently per notification (by their `rate`). */
  notifications?: NotificationFaults | NotificationFaults[];
};

export type RequestLogEntry = {
  at: string;
  method: string;
  path: string;
  endpoint: SandboxEndpoint | 'unknown';
  status: number;
  retCode: string | null;
  /** Present when the request was cut by a reset fault. */
  fault?: string;
};

export type LedgerPayment = {
  id: string;
  orderId: string;
  merDate: string;
  state: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_FAIL' | 'TRADE_CLOSED' | 'TRADE_CANCEL';
  paymentMethod: string;
  amount: string;
  currency: string;
  amountCny: string;
  refundedAmount: string;
  /** How many times /execute changed this payment (0 or 1). */
  executions: number;
  smsSent: number;
  createdAt: string;
  expiresAt: string;
};

export type LedgerRefund = {
  id: string;
  paymentId: string;
  amount: string;
  currency: string;
  state: 'REFUND_PROCESS' | 'REFUND_SUCCESS' | 'REFUND_FAIL' | 'REFUND_CLOSE';
  createdAt: string;
};

export type NotificationDelivery = {
  objectId: string;
  url: string;
  attempt: number;
  status: number | null;
  acknowledged: boolean;
  at: string;
};

export type Ledger = {
  payments: LedgerPayment[];
  refunds: LedgerRefund[];
  notifications: NotificationDelivery[];
};

export type TestCard = {
  number: string;
  type: 'CREDIT_CARD' | 'DEBIT_CARD';
  outcome: string;
  retCode: string;
};

/** GET /__sandbox/agreements: one saved card (pay agreement) with its user agreement. */
export type AgreementEntry = {
  usrBusiAgreementId: string;
  usrPayAgreementId: string;
  /** The merchant's customer id (bank_card.mer_cust_id) it was issued for. */
  merCustId: string;
  /** The order's sub_mer_id it belongs to ('' for the merchant itself). */
  subMerId: string;
  gateId: string;
  lastFour: string;
  cardType: 'CREDIT_CARD' | 'DEBIT_CARD';
  state: 'ACTIVE' | 'DELETED';
  createdAt: string;
  /** The payment whose success issued it. */
  paymentId: string;
};

export type SandboxControl = {
  /** The SMS sent to `phone`, newest first (only the newest `limit`, when given). */
  sms(phone: string, limit?: number): Promise<SmsMessage[]>;
  scan(paymentId: string, outcome?: 'success' | 'fail'): Promise<void>;
  advanceClock(seconds: number): Promise<{ now: string }>;
  faults(config: FaultConfig): Promise<void>;
  requests(): Promise<RequestLogEntry[]>;
  ledger(): Promise<Ledger>;
  testCards(): Promise<TestCard[]>;
  /** Every payer agreement issued (saved cards), ended ones included. */
  agreements(): Promise<AgreementEntry[]>;
  /** Ends a payer agreement, as a customer unbinding the card does; later use → 00060315. */
  endAgreement(usrPayAgreementId: string): Promise<void>;
  reset(): Promise<void>;
};
