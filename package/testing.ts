// `umf-checkout/testing` (Node): what a merchant's browser tests need around the widget — the
// UMF sandbox started in this process or one already running (`npm start`, `npm run sandbox`),
// the sandbox's test cards and test customer, the latest SMS code a phone received, paying or
// failing a QR payment, the sandbox clock, and a checkout created with the merchant key.
// A typed client of the sandbox's control API (/__sandbox/…), the same one the project's own
// suites use.
import { randomBytes } from 'node:crypto';
import { bffEnv } from '../server/sandbox/bff-env.ts';
import { createControlClient } from '../server/sandbox/control-client.ts';
import { startSandbox as startUmfSandbox } from '../server/sandbox/sandbox.ts';
import { TEST_CARDS as SANDBOX_CARDS, TEST_RESIDENT_ID } from '../server/sandbox/test-cards.ts';
import type {
  SandboxControl,
  SandboxCredentials,
  SandboxOptions,
  SmsMessage,
  TestCard,
} from '../server/sandbox/types.ts';

export type { SandboxControl, SandboxCredentials, SmsMessage, TestCard };

/** A card of the sandbox's own list (server/sandbox/test-cards.ts): the one ending in `lastFour`. */
function sandboxCard(type: TestCard['type'], lastFour: string): string {
  const card = SANDBOX_CARDS.find((c) => c.type === type && c.number.endsWith(lastFour));
  if (!card) throw new Error(`the sandbox has no ${type} test card ending in ${lastFour}`);
  return card.number;
}

/** The sandbox's test cards: any holder, the last four digits pick the outcome. */
export const TEST_CARDS = {
  /** Debit card that pays. */
  debit: sandboxCard('DEBIT_CARD', '0000'),
  /** Credit card that pays (any future expiry, any CVV2). */
  credit: sandboxCard('CREDIT_CARD', '0000'),
  /** Declined when the customer confirms: insufficient balance (00060730). */
  declined: sandboxCard('DEBIT_CARD', '0002'),
  /** Refused when the SMS code is asked for: card details incorrect (00200025). */
  incorrect: sandboxCard('DEBIT_CARD', '0025'),
  /** Refused when the SMS code is asked for: card expired (00200026). */
  expired: sandboxCard('DEBIT_CARD', '0026'),
  /** Accepted at confirmation, then the payment fails (00060765). */
  failsLater: sandboxCard('DEBIT_CARD', '0065'),
} as const;

/** A customer the sandbox accepts: holder, a valid resident ID, a mainland phone, a card expiry. */
export const TEST_CUSTOMER = {
  holderName: '张三',
  idNumber: TEST_RESIDENT_ID,
  phone: '13800138000',
  /** MM/YY, as the customer types it (credit cards). */
  expiry: '12/39',
  cvv2: '123',
} as const;

export type SandboxClient = {
  /** The sandbox's origin, e.g. http://127.0.0.1:8090. */
  url: string;
  /** The whole control API (faults, request log, ledger, payer agreements …). */
  control: SandboxControl;
  testCards(): Promise<TestCard[]>;
  /** The SMS messages a phone received, newest first. */
  smsMessages(phone?: string): Promise<SmsMessage[]>;
  /**
   * The newest SMS code sent to `phone` (default the test customer's), waiting up to `timeoutMs`
   * (default 10 s) for one; with `after`, only a message sent after that time counts (a resent
   * code).
   */
  latestSmsCode(phone?: string, options?: { after?: Date; timeoutMs?: number }): Promise<string>;
  /**
   * The customer scans and pays a QR payment: pass the QR code's content (the widget's
   * `::part(qr-link)` href, or `attempt.qrContent` of the headless client) or UMF's payment id.
   */
  payQr(qrContent: string): Promise<void>;
  /** The customer scans and the payment fails. */
  failQr(qrContent: string): Promise<void>;
  /** Moves the sandbox's clock (UMF's token and payment expiry) forward; returns its new time. */
  advanceClock(seconds: number): Promise<{ now: string }>;
  /** A clean slate: payments, SMS, faults and the clock (keys and credentials stay). */
  reset(): Promise<void>;
};

/** The UMF payment id in a sandbox QR code's URL (…/__sandbox/qr/{id}), or the id itself. */
function paymentIdOf(qrContent: string): string {
  const match = /\/__sandbox\/qr\/([\w-]+)/.exec(qrContent);
  if (match) return match[1];
  if (/^[\w-]+$/.test(qrContent)) return qrContent;
  throw new Error(`not a sandbox QR code or payment id: ${JSON.stringify(qrContent)}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A client of a running sandbox: `url` is its origin (no path), by default the environment's
 * `UMF_SANDBOX_URL`. `npm start` prints it ("UMF sandbox http://127.0.0.1:…"); set
 * `UMF_SANDBOX_PORT` there to keep it fixed.
 */
export function connectSandbox(
  url: string | undefined = process.env.UMF_SANDBOX_URL,
): SandboxClient {
  if (!url) throw new Error('connectSandbox: pass the sandbox URL or set UMF_SANDBOX_URL');
  const origin = new URL(url).origin;
  const control = createControlClient(origin);
  return {
    url: origin,
    control,
    testCards: () => control.testCards(),
    smsMessages: (phone = TEST_CUSTOMER.phone) => control.sms(phone),
    async latestSmsCode(phone = TEST_CUSTOMER.phone, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      const after = options.after?.getTime() ?? Number.NEGATIVE_INFINITY;
      for (;;) {
        const [newest] = await control.sms(phone);
        if (newest && Date.parse(newest.sentAt) > after) return newest.code;
        if (Date.now() > deadline) throw new Error(`no SMS code for ${phone} arrived in time`);
        await sleep(100);
      }
    },
    payQr: async (qrContent) => control.scan(paymentIdOf(qrContent), 'success'),
    failQr: async (qrContent) => control.scan(paymentIdOf(qrContent), 'fail'),
    advanceClock: (seconds) => control.advanceClock(seconds),
    reset: () => control.reset(),
  };
}

export type StartSandboxOptions = {
  /** Port to listen on (default: any free one). */
  port?: number;
  /**
   * A folder keeping the keys, credentials.json and state across runs (default: nothing kept,
   * fresh keys each start).
   */
  dataDir?: string;
  /** Delay between the customer's confirmation and the payment's result, in ms (default 100). */
  executeDelayMs?: number;
};

export type RunningSandbox = SandboxClient & {
  credentials: SandboxCredentials;
  /** The BFF's environment for this sandbox: UMF_BASE_URL, UMF_CLIENT_ID … (PEM keys inline). */
  env: Record<string, string>;
  close(): Promise<void>;
};

/**
 * Starts the UMF sandbox in this process, for a BFF started with `env` (your BFF, pointed at it
 * as at UMF). close() stops it.
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const sandboxOptions: SandboxOptions = {
    port: options.port ?? 0,
    executeDelayMs: options.executeDelayMs ?? 100,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  };
  const sandbox = await startUmfSandbox(sandboxOptions);
  const { credentials } = sandbox;
  return {
    ...connectSandbox(sandbox.url),
    credentials,
    env: bffEnv(credentials),
    close: () => sandbox.close(),
  };
}

export type TestCheckoutInput = {
  /** 1–28 letters, digits, `_` or `-`; default a fresh `test-…` id. */
  orderId?: string;
  /** A decimal string (default "25.00"). */
  amount?: string;
  /** Default USD. */
  currency?: string;
  description?: string;
  /** The checkout's methods (default: the BFF's). */
  methods?: string[];
};

export type TestCheckout = {
  clientSecret: string;
  checkout: {
    id: string;
    orderId: string;
    status: string;
    amount: { amount: string; currency: string };
  };
};

const CREATE_CHECKOUT = `mutation CreateTestCheckout($input: CreateCheckoutInput!) {
  createCheckout(input: $input) {
    __typename
    ... on CheckoutCreated { clientSecret checkout { id orderId status amount { amount currency } } }
    ... on CheckoutError { code field message }
  }
}`;

const CHECKOUT_BY_ID = `query TestCheckoutById($id: ID!) {
  checkoutById(id: $id) { id orderId status amount { amount currency } }
}`;

/**
 * Your backend's part, for tests: creates checkouts (and reads them) through the BFF's merchant
 * API with a merchant key — `npm start` prints its development key (data/merchant-api-key).
 */
export function merchantClient(options: { endpoint: string; merchantKey: string }) {
  async function call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await fetch(options.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-umf-client': 'umf-checkout-testing',
        authorization: `Bearer ${options.merchantKey}`,
      },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (!json.data) throw new Error(json.errors?.[0]?.message ?? `HTTP ${response.status}`);
    return json.data;
  }
  return {
    /** A checkout of one line item; resolves to its client secret (give it to the widget). */
    async createCheckout(input: TestCheckoutInput = {}): Promise<TestCheckout> {
      const amount = input.amount ?? '25.00';
      const description = input.description ?? 'Test order';
      const data = await call<{
        createCheckout:
          | ({ __typename: 'CheckoutCreated' } & TestCheckout)
          | { __typename: 'CheckoutError'; code: string; field: string | null; message: string };
      }>(CREATE_CHECKOUT, {
        input: {
          orderId: input.orderId ?? `test-${randomBytes(10).toString('hex')}`,
          amount,
          currency: input.currency ?? 'USD',
          description,
          subOrders: [
            {
              id: 'S1',
              amount,
              description,
              transCode: '01122030',
              items: [{ id: 'I1', type: 'FOOD', name: description, quantity: 1, amount }],
            },
          ],
          riskInfo: { transType: '02', goodsType: '0' },
          ...(input.methods ? { methods: input.methods } : {}),
        },
      });
      const result = data.createCheckout;
      if (result.__typename === 'CheckoutError')
        throw new Error(`createCheckout: ${result.code} ${result.field ?? ''} ${result.message}`);
      return { clientSecret: result.clientSecret, checkout: result.checkout };
    },
    /** The checkout as your backend sees it (the source of truth, not the browser). */
    async checkout(id: string): Promise<TestCheckout['checkout'] | null> {
      const data = await call<{ checkoutById: TestCheckout['checkout'] | null }>(CHECKOUT_BY_ID, {
        id,
      });
      return data.checkoutById;
    },
  };
}

export type MerchantClient = ReturnType<typeof merchantClient>;
