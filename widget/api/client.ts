// The widget's GraphQL operations: the single source of the trusted documents the BFF runs for
// callers without the merchant key (schema/trusted-documents.json is generated from OPERATIONS).
// Requests send only the document's id (Yoga's persisted-operation format): the first 8 hex
// digits of its SHA-256, computed by `npm run schema:print` into document-hashes.ts, which the
// BFF accepts for these documents only. The bundle carries the ids, not the documents (nothing
// below reads OPERATIONS at run time).

import type { CustomerErrorCode } from '../../common/error-codes.ts';
import { DOCUMENT_HASHES } from './document-hashes.ts';
import type { EncryptionKey } from './encrypt.ts';

const CHECKOUT_FIELDS = /* GraphQL */ `
  fragment CheckoutFields on Checkout {
    id
    status
    version
    orderId
    description
    amount { amount currency }
    amountCny { amount currency }
    exchangeRate
    items { id name quantity amount { amount currency } }
    methods
    expiresAt
    encryptionKey { modulus exponent keyId charset expiryFormat }
    attempt {
      id method bankCode status phone smsRetryAt qrContent qrCode { size path }
      failureCode failureMessage
    }
    saveCard
    savedCards { id cardType bankCode bankName bankNameZh lastFour }
  }
`;

const ERROR_FIELDS = /* GraphQL */ `
  fragment ErrorFields on CheckoutError {
    code message umfCode field
    errorRetryAt: retryAt
    errorCheckout: checkout { ...CheckoutFields }
  }
`;

const withCheckout = (document: string) => `${document.trim()}\n${CHECKOUT_FIELDS.trim()}\n`;
const withError = (document: string) => withCheckout(`${document.trim()}\n${ERROR_FIELDS.trim()}`);
/** A widget mutation: `Name($input: NameInput!)` answering `success` or a CheckoutError. */
const mutation = (name: string, success: string) =>
  withError(`
mutation ${name}($input: ${name}Input!) {
  ${name[0].toLowerCase()}${name.slice(1)}(input: $input) {
    __typename
    ... on ${success}
    ... on CheckoutError { ...ErrorFields }
  }
}`);

/** What a new card's and a saved card's SMS code and confirmation answer alike. */
const SMS_CODE_SENT = 'SmsCodeSent { retryAt attempt { id } checkout { ...CheckoutFields } }';
const PAYMENT_CONFIRMED = 'PaymentConfirmed { checkout { ...CheckoutFields } }';

export const OPERATIONS = {
  Checkout: /* @__PURE__ */ withError(`
query Checkout($clientSecret: String!) {
  checkout(clientSecret: $clientSecret) {
    __typename
    ... on Checkout { ...CheckoutFields }
    ... on CheckoutError { ...ErrorFields }
  }
}`),
  Banks: `query Banks($cardType: CardType!) {
  banks(cardType: $cardType) { code name nameZh logoUrl }
}
`,
  SendSmsCode: /* @__PURE__ */ mutation('SendSmsCode', SMS_CODE_SENT),
  ConfirmPayment: /* @__PURE__ */ mutation('ConfirmPayment', PAYMENT_CONFIRMED),
  SendSavedCardSmsCode: /* @__PURE__ */ mutation('SendSavedCardSmsCode', SMS_CODE_SENT),
  ConfirmSavedCardPayment: /* @__PURE__ */ mutation('ConfirmSavedCardPayment', PAYMENT_CONFIRMED),
  RemoveSavedCard: /* @__PURE__ */ mutation('RemoveSavedCard', 'SavedCard { id }'),
  StartQrPayment: /* @__PURE__ */ mutation(
    'StartQrPayment',
    'QrPayment { qrContent qrCode { size path } expiresAt checkout { ...CheckoutFields } }',
  ),
  StartWechatPayment: /* @__PURE__ */ mutation(
    'StartWechatPayment',
    `WechatPayment {
      payParams { appId timeStamp nonceStr package signType paySign }
      checkout { ...CheckoutFields }
    }`,
  ),
  StartHostedPayment: /* @__PURE__ */ mutation(
    'StartHostedPayment',
    'HostedPayment { redirectUrl }',
  ),
  WechatAuthorizeUrl: /* @__PURE__ */ withError(`
query WechatAuthorizeUrl($clientSecret: String!, $returnUrl: String!) {
  wechatAuthorizeUrl(clientSecret: $clientSecret, returnUrl: $returnUrl) {
    __typename
    ... on QueryWechatAuthorizeUrlSuccess { data }
    ... on CheckoutError { ...ErrorFields }
  }
}`),
  CheckoutUpdated: /* @__PURE__ */ withCheckout(`
subscription CheckoutUpdated($clientSecret: String!) {
  checkoutUpdated(clientSecret: $clientSecret) { ...CheckoutFields }
}`),
} as const;

export type OperationName = keyof typeof OPERATIONS;

/** SHA-256 hex of a document: its persisted-operation id. */
export async function documentHash(document: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(document));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export type ApiOptions = {
  endpoint: string;
  fetch?: typeof fetch;
  locale?: string;
};

/** POSTs a trusted operation by its hash, as the BFF wants it (CSRF header, locale). */
function post(
  options: ApiOptions,
  name: OperationName,
  variables: Record<string, unknown>,
  accept: string,
  signal?: AbortSignal,
): Promise<Response> {
  return (options.fetch ?? fetch)(options.endpoint, {
    method: 'POST',
    signal,
    headers: {
      'content-type': 'application/json',
      accept,
      'x-umf-client': 'widget',
      ...(options.locale && { 'accept-language': options.locale }),
    },
    body: JSON.stringify({
      operationName: name,
      variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: DOCUMENT_HASHES[name] } },
    }),
  });
}

/**
 * Sends a trusted operation by hash; returns the parsed `data` or throws on transport errors
 * (and when `signal` aborts the request).
 */
export function createApi(options: ApiOptions) {
  return {
    async request<T>(
      name: OperationName,
      variables: Record<string, unknown>,
      signal?: AbortSignal,
    ): Promise<T> {
      const accept = 'application/graphql-response+json, application/json';
      const response = await post(options, name, variables, accept, signal);
      const json = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (json.errors?.length || json.data === undefined) {
        throw new Error(json.errors?.[0]?.message ?? `HTTP ${response.status}`);
      }
      return json.data;
    },
  };
}

// ---- Response shapes of the documents above (what the widget reads) ----

/** The schema's PaymentMethod values, in the order the widget offers them. */
export const PAYMENT_METHODS = [
  'DEBIT_CARD',
  'CREDIT_CARD',
  'WECHAT_SCAN',
  'ALIPAY_SCAN',
  'WECHAT_WEB',
  'HOSTED',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type CardType = 'CREDIT_CARD' | 'DEBIT_CARD';
export type QrMethod = 'WECHAT_SCAN' | 'ALIPAY_SCAN';
export type CheckoutStatus =
  | 'OPEN'
  | 'SMS_SENT'
  | 'PROCESSING'
  | 'AWAITING_CUSTOMER'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'EXPIRED'
  | 'CANCELED';

/**
 * Every `ErrorCode` a widget operation can answer (the merchant-only IDEMPOTENCY_KEY_* are not);
 * common/error-codes.ts owns the list and the wording of each code.
 */
export { CUSTOMER_ERROR_CODES as ERROR_CODES } from '../../common/error-codes.ts';
export type ErrorCode = CustomerErrorCode;

export type Money = { amount: string; currency: string };

const FINAL: readonly CheckoutStatus[] = ['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED'];

/** True once the checkout can no longer change (paid, failed, expired, canceled). */
export function isFinal(checkout: Checkout): boolean {
  return FINAL.includes(checkout.status);
}

export type Attempt = {
  id: string;
  method: PaymentMethod;
  bankCode: string | null;
  status: string;
  /** Masked: 138****8000. */
  phone: string | null;
  smsRetryAt: string | null;
  qrContent: string | null;
  /** qrContent drawn by the BFF (null with it). */
  qrCode: QrCode | null;
  failureCode: ErrorCode | null;
  failureMessage: string | null;
};

/**
 * A QR code the BFF drew: one SVG path of the dark modules in a `size` × `size` viewBox (the
 * quiet zone included), so the page needs no encoder.
 */
export type QrCode = { size: number; path: string };

export type Checkout = {
  __typename?: 'Checkout';
  id: string;
  status: CheckoutStatus;
  version: number;
  orderId: string;
  description: string;
  amount: Money;
  amountCny: Money | null;
  exchangeRate: string | null;
  items: { id: string; name: string; quantity: number; amount: Money }[];
  methods: PaymentMethod[];
  expiresAt: string;
  encryptionKey: EncryptionKey;
  attempt: Attempt | null;
  /** Whether to offer "remember this card": NEVER, ASK (unticked), ALWAYS (the customer is told). */
  saveCard: 'NEVER' | 'ASK' | 'ALWAYS';
  /** This customer's saved cards (UMF payer agreements), newest first. */
  savedCards: SavedCard[];
};

export type SavedCard = {
  id: string;
  cardType: CardType;
  bankCode: string;
  bankName: string | null;
  bankNameZh: string | null;
  lastFour: string;
};

export type CheckoutError = {
  __typename: 'CheckoutError';
  code: ErrorCode;
  message: string;
  umfCode: string | null;
  field: string | null;
  errorRetryAt: string | null;
  errorCheckout: Checkout | null;
};

export type Bank = { code: string; name: string; nameZh: string; logoUrl: string | null };

/** Card fields as typed, in clear: they stay on the page (requests.ts encrypts them). */
export type CardInput = {
  cardNumber: string;
  holderName: string;
  idNumber: string;
  phone: string;
  expiry?: string;
  cvv2?: string;
};

export type EncryptedCard = {
  number: string;
  holderName: string;
  idNumber: string;
  expiry?: string;
  cvv2?: string;
};

export type SmsCodeSent = {
  __typename: 'SmsCodeSent';
  retryAt: string;
  attempt: { id: string };
  checkout: Checkout;
};
export type QrPayment = {
  __typename: 'QrPayment';
  qrContent: string;
  qrCode: QrCode;
  expiresAt: string;
  checkout: Checkout;
};
export type WechatPayParams = Record<
  'appId' | 'timeStamp' | 'nonceStr' | 'package' | 'signType' | 'paySign',
  string
>;
export type WechatPayment = {
  __typename: 'WechatPayment';
  payParams: WechatPayParams;
  checkout: Checkout;
};

export type Api = ReturnType<typeof createApi>;

/**
 * Streams `checkoutUpdated` over fetch (EventSource cannot send the CSRF header): calls
 * `onCheckout` with the checkout now and at every change. Resolves when the server completes
 * the stream (the checkout ended) or `signal` aborts; rejects when the stream cannot be read.
 */
export async function subscribe(
  options: ApiOptions & { clientSecret: string },
  onCheckout: (checkout: Checkout) => void,
  signal: AbortSignal,
): Promise<void> {
  const variables = { clientSecret: options.clientSecret };
  const response = await post(options, 'CheckoutUpdated', variables, 'text/event-stream', signal);
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const events = (buffer + value.replace(/\r\n/g, '\n')).split('\n\n');
    // The last part is an event not yet complete (or empty).
    buffer = events.pop() ?? '';
    for (const block of events)
      if (readEvent(block, onCheckout) === 'complete') return reader.cancel();
  }
}

/** One server-sent event: `next` carries an execution result, `complete` ends the stream. */
function readEvent(block: string, onCheckout: (checkout: Checkout) => void): string {
  const event = /^event:(.*)/m.exec(block)?.[1].trim() ?? 'message';
  const data = Array.from(block.matchAll(/^data:(.*)/gm), (line) => line[1].trim()).join('');
  if (event === 'next' && data) {
    const result = JSON.parse(data) as {
      data?: { checkoutUpdated?: Checkout };
      errors?: { message: string }[];
    };
    if (result.errors?.length) throw new Error(result.errors[0].message);
    if (result.data?.checkoutUpdated) onCheckout(result.data.checkoutUpdated);
  }
  return event;
}
