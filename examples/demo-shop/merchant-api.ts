// The shop's backend talking to the BFF exactly as any merchant backend would: GraphQL over
// HTTP with the merchant API key. Nothing here reaches into the BFF's code; copy it freely.
// Expected failures come back as typed CheckoutError results (switch on `code`, show
// `message`); transport faults and top-level GraphQL errors throw MerchantApiError.
import type { CheckoutInput } from './catalog.ts';
import type { Lang } from './i18n.ts';

export type Money = { amount: string; currency: string };
export type CheckoutError = {
  __typename: 'CheckoutError';
  code: string;
  field: string | null;
  message: string;
};
export type Refund = {
  __typename?: 'Refund';
  id: string;
  status: string;
  amount: Money;
  createdAt: string;
  /** A refund of a second payment the BFF refunded by itself, not of this order's payment. */
  duplicate?: boolean;
};
export type Checkout = {
  __typename?: 'Checkout';
  id: string;
  orderId: string;
  status: string;
  description: string;
  amount: Money;
  amountCny: Money | null;
  exchangeRate: string | null;
  createdAt: string;
  expiresAt: string;
  items: { id: string; name: string; quantity: number; amount: Money }[];
  attempt: { method: string; failureCode: string | null; failureMessage: string | null } | null;
  refunds: Refund[];
};
export type CheckoutCreated = {
  __typename: 'CheckoutCreated';
  clientSecret: string;
  checkout: Checkout;
};

export type CheckoutFilter = {
  status?: string;
  orderId?: string;
  createdAfter?: string;
  createdBefore?: string;
};
export type CheckoutPage = {
  checkouts: Checkout[];
  /** Pass it as `after` for the next page; null on the last page. */
  next: string | null;
};

export class MerchantApiError extends Error {
  override readonly name = 'MerchantApiError';
}

const CHECKOUT_FIELDS = `
  id orderId status description createdAt expiresAt exchangeRate
  amount { amount currency } amountCny { amount currency }
  items { id name quantity amount { amount currency } }
  attempt { method failureCode failureMessage }
  refunds { id status createdAt duplicate amount { amount currency } }`;
const ERROR_FIELDS = '... on CheckoutError { code field message }';

const CREATE = `mutation CreateCheckout($input: CreateCheckoutInput!) {
  createCheckout(input: $input) {
    __typename ... on CheckoutCreated { clientSecret checkout { ${CHECKOUT_FIELDS} } } ${ERROR_FIELDS}
  }
}`;
const BY_ID = `query CheckoutById($id: ID!) { checkoutById(id: $id) { ${CHECKOUT_FIELDS} } }`;
const LIST = `query Checkouts($filter: CheckoutFilter, $first: Int, $after: String) {
  checkouts(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${CHECKOUT_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const REFUND = `mutation RefundPayment($input: RefundPaymentInput!) {
  refundPayment(input: $input) {
    __typename ... on Refund { id status createdAt amount { amount currency } } ${ERROR_FIELDS}
  }
}`;
const CANCEL = `mutation CancelCheckout($id: ID!) {
  cancelCheckout(id: $id) { __typename ... on Checkout { ${CHECKOUT_FIELDS} } ${ERROR_FIELDS} }
}`;

/** Saved cards: your id of the customer, and whether the widget offers to remember the card. */
export type SavedCardOptions = { customerId?: string; saveCard?: 'NEVER' | 'ASK' | 'ALWAYS' };

export type MerchantApiOptions = {
  /** The BFF's GraphQL endpoint, e.g. https://pay.example.com/graphql. */
  graphqlUrl: string;
  merchantKey: string;
  fetch?: typeof fetch;
};

export function createMerchantApi(options: MerchantApiOptions) {
  const fetchImpl = options.fetch ?? fetch;

  async function request<T>(query: string, variables: object, lang: Lang): Promise<T> {
    const response = await fetchImpl(options.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${options.merchantKey}`,
        // Any value: Yoga's CSRF prevention wants a non-simple header; it also names us in logs.
        'x-umf-client': 'demo-shop',
        // Typed error messages come back in this language.
        'accept-language': lang,
      },
      body: JSON.stringify({ query, variables }),
    }).catch((error: unknown) => {
      throw new MerchantApiError(`GraphQL endpoint unreachable: ${String(error)}`);
    });
    const body = (await response.json().catch(() => ({}))) as {
      data?: T;
      errors?: { message: string; extensions?: { requestId?: string } }[];
    };
    if (body.errors?.length || !body.data) {
      const first = body.errors?.[0];
      throw new MerchantApiError(
        `GraphQL HTTP ${response.status}: ${first?.message ?? 'no data'}` +
          (first?.extensions?.requestId ? ` (request ${first.extensions.requestId})` : ''),
      );
    }
    return body.data;
  }

  /** Runs a document of one top-level field and answers that field. */
  async function field<T>(name: string, query: string, variables: object, lang: Lang) {
    const data = await request<Record<string, T>>(query, variables, lang);
    return data[name];
  }

  return {
    /** `customerId` (your id of the customer) with `saveCard` NEVER | ASK | ALWAYS: saved cards. */
    createCheckout: (input: CheckoutInput & SavedCardOptions, lang: Lang) =>
      field<CheckoutCreated | CheckoutError>('createCheckout', CREATE, { input }, lang),
    checkoutById: (id: string, lang: Lang) =>
      field<Checkout | null>('checkoutById', BY_ID, { id }, lang),
    /** Checkouts newest first, `first` (1–100) of them after the cursor `after`. */
    async checkouts(
      options: { filter?: CheckoutFilter; first?: number; after?: string },
      lang: Lang,
    ): Promise<CheckoutPage> {
      const data = await request<{
        checkouts: {
          edges: { cursor: string; node: Checkout }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      }>(LIST, options, lang);
      const { edges, pageInfo } = data.checkouts;
      return {
        checkouts: edges.map((edge) => edge.node),
        next: pageInfo.hasNextPage ? pageInfo.endCursor : null,
      };
    },
    /** The checkout of one of the shop's order ids (createCheckout's orderId). */
    async checkoutByOrderId(orderId: string, lang: Lang) {
      const page = await this.checkouts({ filter: { orderId }, first: 1 }, lang);
      return page.checkouts[0] ?? null;
    },
    refundPayment: (input: { checkoutId: string; amount: string; reason?: string }, lang: Lang) =>
      field<Refund | CheckoutError>('refundPayment', REFUND, { input }, lang),
    cancelCheckout: (id: string, lang: Lang) =>
      field<Checkout | CheckoutError>('cancelCheckout', CANCEL, { id }, lang),
  };
}

export type MerchantApi = ReturnType<typeof createMerchantApi>;

export function isCheckoutError(value: { __typename?: string }): value is CheckoutError {
  return value.__typename === 'CheckoutError';
}

/** Whether the customer can pay (again): open with no payment in flight (not PROCESSING). */
export function isPayable(checkout: Pick<Checkout, 'status'>): boolean {
  return ['OPEN', 'SMS_SENT', 'AWAITING_CUSTOMER'].includes(checkout.status);
}
