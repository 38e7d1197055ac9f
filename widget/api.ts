// The widget's GraphQL operations: the single source of the trusted documents the BFF runs for
// callers without the merchant key (schema/trusted-documents.json is generated from OPERATIONS).
// Requests send only the document's SHA-256 (Yoga's persisted-operation format).

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
    encryptionKey { modulus exponent keyId }
    attempt {
      id method bankCode status phone smsRetryAt qrContent failureCode failureMessage
    }
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

export const OPERATIONS = {
  Checkout: withError(`
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
  SendSmsCode: withError(`
mutation SendSmsCode($input: SendSmsCodeInput!) {
  sendSmsCode(input: $input) {
    __typename
    ... on SmsCodeSent { retryAt attempt { id } checkout { ...CheckoutFields } }
    ... on CheckoutError { ...ErrorFields }
  }
}`),
  ConfirmPayment: withError(`
mutation ConfirmPayment($input: ConfirmPaymentInput!) {
  confirmPayment(input: $input) {
    __typename
    ... on PaymentConfirmed { checkout { ...CheckoutFields } }
    ... on CheckoutError { ...ErrorFields }
  }
}`),
  StartQrPayment: withError(`
mutation StartQrPayment($input: StartQrPaymentInput!) {
  startQrPayment(input: $input) {
    __typename
    ... on QrPayment { qrContent expiresAt checkout { ...CheckoutFields } }
    ... on CheckoutError { ...ErrorFields }
  }
}`),
  StartWechatPayment: withError(`
mutation StartWechatPayment($input: StartWechatPaymentInput!) {
  startWechatPayment(input: $input) {
    __typename
    ... on WechatPayment {
      payParams { appId timeStamp nonceStr package signType paySign }
      checkout { ...CheckoutFields }
    }
    ... on CheckoutError { ...ErrorFields }
  }
}`),
  WechatAuthorizeUrl: withError(`
query WechatAuthorizeUrl($clientSecret: String!, $returnUrl: String!) {
  wechatAuthorizeUrl(clientSecret: $clientSecret, returnUrl: $returnUrl) {
    __typename
    ... on QueryWechatAuthorizeUrlSuccess { data }
    ... on CheckoutError { ...ErrorFields }
  }
}`),
  CheckoutUpdated: withCheckout(`
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

/** Sends a trusted operation by hash; returns the parsed `data` or throws on transport errors. */
export function createApi(options: ApiOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const hashes = new Map<OperationName, Promise<string>>();
  const hashOf = (name: OperationName) => {
    let hash = hashes.get(name);
    if (!hash) {
      hash = documentHash(OPERATIONS[name]);
      hashes.set(name, hash);
    }
    return hash;
  };

  return {
    async request<T>(name: OperationName, variables: Record<string, unknown>): Promise<T> {
      const body = JSON.stringify({
        operationName: name,
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: await hashOf(name) } },
      });
      const response = await fetchImpl(options.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json, application/json',
          'x-umf-client': 'widget',
          ...(options.locale ? { 'accept-language': options.locale } : {}),
        },
        body,
      });
      const json = (await response.json()) as { data?: T; errors?: { message: string }[] };
      if (json.errors?.length || json.data === undefined) {
        throw new Error(json.errors?.[0]?.message ?? `HTTP ${response.status}`);
      }
      return json.data;
    },
  };
}
