// The whole BFF over real HTTP: config → startLocalStack (in-process sandbox, SQLite in a temp
// folder), and helpers that call it the way the widget and a merchant backend do.
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../server/config/config.ts';
import { createLogger } from '../../../server/http/logger.ts';
import { startLocalStack } from '../../../server/local-stack.ts';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { SandboxControl, SandboxOptions } from '../../../server/sandbox/types.ts';
import type { FetchLike } from '../../../server/umf/http.ts';
import { documentHash, OPERATIONS, type OperationName } from '../../../widget/api.ts';
import { type EncryptionKey, encryptField } from '../../../widget/encrypt.ts';
import { CVV2, checkoutInput, EXPIRY, HOLDER, PHONE, RESIDENT_ID } from '../../support/fixtures.ts';

export const MERCHANT_KEY = 'mk_test_0123456789abcdef0123456789abcdef';
export { PHONE, RESIDENT_ID } from '../../support/fixtures.ts';

export type BffOptions = {
  /** In-process sandbox settings (ignored with UMF_BASE_URL: a remote UMF). */
  sandbox?: SandboxOptions;
  /** The fetch the BFF's UMF client uses (e.g. one that records what is sent). */
  umfFetch?: FetchLike;
  /** The BFF's clock (epoch ms); default Date.now. */
  now?: () => number;
  /** The control API of a separately started sandbox (UMF_BASE_URL set). */
  control?: SandboxControl;
};

/**
 * Starts the BFF on `env` (PORT 0 and a fresh temporary DATA_DIR unless given). A DATA_DIR the
 * caller passes is the caller's: close() leaves it in place, so another BFF can reopen it.
 */
export async function startBff(env: Record<string, string> = {}, options: BffOptions = {}) {
  const ownDataDir = env.DATA_DIR === undefined;
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'umf-bff-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    MERCHANT_API_KEYS: MERCHANT_KEY,
    ALLOWED_ORIGINS: 'https://shop.example',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startLocalStack(config, createLogger({ level: 'silent' }), {
    host: '127.0.0.1',
    sandbox: { executeDelayMs: 100, notifyRetryBaseMs: 50, ...options.sandbox },
    umf: {
      retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 },
      ...(options.umfFetch ? { fetch: options.umfFetch } : {}),
    },
    ...(options.now ? { now: options.now } : {}),
  });
  const control = server.sandbox?.control ?? options.control;
  if (!control) {
    await server.close();
    throw new Error('startBff: a remote UMF needs options.control (the sandbox control API)');
  }
  const endpoint = `${server.url}/graphql`;
  return {
    server,
    endpoint,
    url: server.url,
    control,
    async close() {
      await server.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type Bff = Awaited<ReturnType<typeof startBff>>;

/**
 * A sandbox started on its own — a remote UMF to the BFF, so it outlives BFF restarts — and the
 * environment of a BFF on a fixed free port talking to it (the notify URL stays valid when a
 * new BFF process comes back there). close() stops the sandbox and removes both data folders.
 */
export async function remoteSandbox(options: SandboxOptions = {}) {
  const umfDir = mkdtempSync(join(tmpdir(), 'umf-sandbox-'));
  const bffDir = mkdtempSync(join(tmpdir(), 'umf-bff-'));
  const sandbox = await startSandbox({
    dataDir: umfDir,
    executeDelayMs: 100,
    notifyRetryBaseMs: 50,
    ...options,
  });
  const port = await freePort();
  const { credentials } = sandbox;
  const env: Record<string, string> = {
    PORT: String(port),
    DATA_DIR: bffDir,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    UMF_BASE_URL: credentials.baseUrl,
    UMF_CLIENT_ID: credentials.clientId,
    UMF_CLIENT_SECRET: credentials.clientSecret,
    UMF_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
    UMF_PUBLIC_KEY: credentials.umfPublicKeyPem,
  };
  return {
    sandbox,
    port,
    env,
    async close() {
      await sandbox.close();
      rmSync(umfDir, { recursive: true, force: true });
      rmSync(bffDir, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves: real time plus an offset. */
export function testClock() {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

/** A TCP port free right now (for a BFF that must come back on the same address). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

type Json = Record<string, unknown>;

/** A widget operation, sent by hash only, without the merchant key. */
export async function widget(
  endpoint: string,
  name: OperationName,
  variables: Json,
  locale = 'zh-CN',
): Promise<Json> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-umf-client': 'widget',
      'accept-language': locale,
    },
    body: JSON.stringify({
      operationName: name,
      variables,
      extensions: {
        persistedQuery: { version: 1, sha256Hash: await documentHash(OPERATIONS[name]) },
      },
    }),
  });
  const json = (await response.json()) as { data?: Json; errors?: unknown[] };
  if (json.errors) throw new Error(`${name}: ${JSON.stringify(json.errors)}`);
  return json.data!;
}

/** A merchant operation: any document, with the API key. */
export async function merchant(endpoint: string, query: string, variables: Json = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-umf-client': 'merchant-test',
      authorization: `Bearer ${MERCHANT_KEY}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Json; errors?: { message: string }[] };
}

let orders = 0;
export async function createCheckout(
  endpoint: string,
  amount = '100.00',
  methods?: string[],
  extra: Json = {},
) {
  orders += 1;
  const result = await merchant(
    endpoint,
    `mutation Create($input: CreateCheckoutInput!) {
      createCheckout(input: $input) {
        __typename
        ... on CheckoutCreated { clientSecret checkout { id status } }
        ... on CheckoutError { code field message }
      }
    }`,
    {
      input: {
        ...checkoutInput(`T${process.pid}x${Date.now().toString(36)}x${orders}`, amount, methods),
        ...extra,
      },
    },
  );
  const created = result.data?.createCheckout as Json & {
    clientSecret: string;
    checkout: { id: string };
  };
  if (created?.__typename !== 'CheckoutCreated') {
    throw new Error(`createCheckout failed: ${JSON.stringify(result)}`);
  }
  return { clientSecret: created.clientSecret, id: created.checkout.id };
}

/** Card fields encrypted with the checkout's published key, as the widget does. */
export function encryptCard(key: EncryptionKey, number: string, credit = false) {
  const expiry = EXPIRY[key.expiryFormat ?? 'YYMM'];
  return {
    number: encryptField(number, key),
    holderName: encryptField(HOLDER, key),
    idNumber: encryptField(RESIDENT_ID, key),
    ...(credit ? { expiry: encryptField(expiry, key), cvv2: encryptField(CVV2, key) } : {}),
  };
}

export type CheckoutView = {
  id: string;
  status: string;
  version: number;
  encryptionKey: EncryptionKey;
  attempt: {
    id: string;
    status: string;
    smsRetryAt: string | null;
    failureCode: string | null;
    failureMessage: string | null;
  } | null;
};

/** What a typed result (payload or CheckoutError) looks like to the widget. */
export type Answer = Json & {
  __typename: string;
  code?: string;
  message?: string;
  umfCode?: string | null;
  field?: string | null;
  errorRetryAt?: string | null;
  retryAt?: string;
  attempt?: { id: string };
  checkout?: CheckoutView;
  errorCheckout?: CheckoutView | null;
};

export type CardOptions = {
  method?: 'DEBIT_CARD' | 'CREDIT_CARD';
  bankCode?: string;
  /** Credit cards: send expiry and CVV2 (default: when method is CREDIT_CARD). */
  creditFields?: boolean;
  locale?: string;
};

/** The widget's side of one BFF: read, ask for a code, confirm, watch — as the browser does. */
export function customer(bff: Pick<Bff, 'endpoint' | 'control'>) {
  const { endpoint } = bff;
  async function load(clientSecret: string, locale = 'zh-CN'): Promise<CheckoutView> {
    const data = await widget(endpoint, 'Checkout', { clientSecret }, locale);
    return data.checkout as CheckoutView;
  }
  function cardInput(key: EncryptionKey, number: string, options: CardOptions) {
    const method = options.method ?? 'DEBIT_CARD';
    return encryptCard(key, number, options.creditFields ?? method === 'CREDIT_CARD');
  }
  return {
    load,
    async sendSms(clientSecret: string, number: string, options: CardOptions = {}) {
      const { encryptionKey } = await load(clientSecret);
      const input = {
        clientSecret,
        method: options.method ?? 'DEBIT_CARD',
        bankCode: options.bankCode ?? 'ICBC',
        phone: PHONE,
        card: cardInput(encryptionKey, number, options),
      };
      const data = await widget(endpoint, 'SendSmsCode', { input }, options.locale);
      return data.sendSmsCode as Answer;
    },
    async confirm(
      clientSecret: string,
      attemptId: string,
      number: string,
      smsCode: string,
      options: CardOptions = {},
    ) {
      const { encryptionKey } = await load(clientSecret);
      const input = {
        clientSecret,
        attemptId,
        phone: PHONE,
        card: cardInput(encryptionKey, number, options),
        smsCode,
      };
      const data = await widget(endpoint, 'ConfirmPayment', { input }, options.locale);
      return data.confirmPayment as Answer;
    },
    /** The newest SMS code the sandbox sent to the test phone. */
    async latestCode(): Promise<string> {
      const [sms] = await bff.control.sms(PHONE);
      return sms.code;
    },
    /** Statuses seen through checkoutUpdated (SSE) until the checkout is final. */
    watch: (clientSecret: string, timeoutMs = 5000) =>
      watchStatuses(endpoint, clientSecret, timeoutMs),
  };
}

const FINAL = ['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELED'];

/** One checkoutUpdated event as the test reads it. */
export type CheckoutEvent = { status: string; version: number } & Record<string, unknown>;

/**
 * The checkoutUpdated subscription over SSE (fetch streaming, as the widget reads it): the
 * response (for its headers) and the checkouts it carries, parsed line by line, until the
 * checkout is final or `timeoutMs` passes.
 */
export async function openCheckoutStream(endpoint: string, clientSecret: string, timeoutMs = 5000) {
  const response = await fetch(endpoint, {
    method: 'POST',
    // A checkout that never ends must not keep the stream (and the test process) open.
    signal: AbortSignal.timeout(timeoutMs),
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-umf-client': 'widget',
    },
    body: JSON.stringify({
      operationName: 'CheckoutUpdated',
      variables: { clientSecret },
      extensions: {
        persistedQuery: { version: 1, sha256Hash: await documentHash(OPERATIONS.CheckoutUpdated) },
      },
    }),
  });
  return { response, events: checkoutEvents(response) };
}

async function* checkoutEvents(response: Response): AsyncGenerator<CheckoutEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    const end = buffer.lastIndexOf('\n');
    for (const match of buffer.slice(0, end + 1).matchAll(/^data: (.+)$/gm)) {
      const checkout = JSON.parse(match[1]).data?.checkoutUpdated as CheckoutEvent | undefined;
      if (!checkout) continue;
      yield checkout;
      if (FINAL.includes(checkout.status)) return;
    }
    buffer = buffer.slice(end + 1);
  }
}

/** The distinct statuses a subscriber sees until the checkout is final. */
export async function watchStatuses(
  endpoint: string,
  clientSecret: string,
  timeoutMs = 5000,
): Promise<string[]> {
  const { events } = await openCheckoutStream(endpoint, clientSecret, timeoutMs);
  const statuses: string[] = [];
  for await (const { status } of events) if (statuses.at(-1) !== status) statuses.push(status);
  return statuses;
}

/** Polls `read` until `done` holds (or fails after `timeoutMs`). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
