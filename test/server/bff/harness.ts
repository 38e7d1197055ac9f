// The BFF suites' side of test/support: startBff(env, options) over the shared starter, a
// sandbox of its own for BFFs that restart, and helpers that call the BFF the way the widget
// and a merchant backend do.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../../../server/config/config.ts';
import type { SandboxControl, SandboxOptions } from '../../../server/sandbox/types.ts';
import type { SyncFile } from '../../../server/store/durability.ts';
import type { FetchLike } from '../../../server/umf/http.ts';
import { type EncryptionKey, encryptField } from '../../../widget/api/encrypt.ts';
import { freePort, startRemoteSandbox, startBff as startSharedBff } from '../../support/bff.ts';
import { CVV2, checkoutInput, EXPIRY, HOLDER, PHONE, RESIDENT_ID } from '../../support/fixtures.ts';
import { merchant, WIDGET_HEADERS, widget, widgetBody } from '../../support/graphql.ts';
import { liveView, useStarted } from '../../support/hooks.ts';
import { waitFor } from '../../support/wait.ts';

export { eventually, freePort, testClock } from '../../support/bff.ts';
export { PHONE, RESIDENT_ID } from '../../support/fixtures.ts';
export { MERCHANT_KEY, merchant, widget } from '../../support/graphql.ts';

export type BffOptions = {
  /** In-process sandbox settings (ignored with UMF_BASE_URL: a remote UMF). */
  sandbox?: SandboxOptions;
  /** The fetch the BFF's UMF client uses (e.g. one that records what is sent). */
  umfFetch?: FetchLike;
  /** The BFF's clock (epoch ms); default Date.now. */
  now?: () => number;
  /** The control API of a separately started sandbox (UMF_BASE_URL set). */
  control?: SandboxControl;
  /** How the SQLite store flushes its WAL file (default fdatasync): to hold or fail flushes. */
  syncFile?: SyncFile;
};

/**
 * Starts the BFF on `env` (PORT 0 and a fresh temporary DATA_DIR unless given). A DATA_DIR the
 * caller passes is the caller's: close() leaves it in place, so another BFF can reopen it.
 */
export function startBff(env: Env = {}, options: BffOptions = {}) {
  return startSharedBff({
    env,
    ...(env.DATA_DIR ? { dataDir: env.DATA_DIR } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.umfFetch ? { umf: { fetch: options.umfFetch } } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.control ? { remote: { env: {}, control: options.control } } : {}),
    ...(options.syncFile ? { syncFile: options.syncFile } : {}),
  });
}

export type Bff = Awaited<ReturnType<typeof startBff>>;

/** What a test file reads of its BFF (see useBff). */
export type UsedBff = Pick<Bff, 'endpoint' | 'url' | 'control' | 'server'>;

/**
 * One BFF for a test file: started in before(), closed in after(). What it returns reads the
 * running BFF, so a file writes `const bff = useBff(); const shopper = customer(bff);`.
 */
export function useBff(env: Env = {}, options: BffOptions = {}): UsedBff {
  const current = useStarted(
    'useBff',
    () => startBff(env, options),
    (bff) => bff.close(),
  );
  return liveView(current, ['endpoint', 'url', 'control', 'server']);
}

/**
 * A sandbox started on its own — a remote UMF to the BFF, so it outlives BFF restarts — and the
 * environment of a BFF on a fixed free port talking to it (the notify URL stays valid when a
 * new BFF process comes back there). close() stops the sandbox and removes both data folders.
 */
export async function remoteSandbox(options: SandboxOptions = {}) {
  const remote = await startRemoteSandbox(options);
  const bffDir = mkdtempSync(join(tmpdir(), 'umf-bff-'));
  const port = await freePort();
  return {
    sandbox: remote.sandbox,
    port,
    env: {
      PORT: String(port),
      DATA_DIR: bffDir,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...remote.env,
    } as Record<string, string>,
    async close() {
      await remote.close();
      rmSync(bffDir, { recursive: true, force: true });
    },
  };
}

type Json = Record<string, unknown>;

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
  async function load(clientSecret: string, locale = 'zh-CN'): Promise<CheckoutView> {
    const data = await widget(bff.endpoint, 'Checkout', { clientSecret }, locale);
    return data.checkout as CheckoutView;
  }
  function cardInput(key: EncryptionKey, number: string, options: CardOptions) {
    const method = options.method ?? 'DEBIT_CARD';
    return encryptCard(key, number, options.creditFields ?? method === 'CREDIT_CARD');
  }
  async function sendSms(clientSecret: string, number: string, options: CardOptions = {}) {
    const { encryptionKey } = await load(clientSecret);
    const input = {
      clientSecret,
      method: options.method ?? 'DEBIT_CARD',
      bankCode: options.bankCode ?? 'ICBC',
      phone: PHONE,
      card: cardInput(encryptionKey, number, options),
    };
    const data = await widget(bff.endpoint, 'SendSmsCode', { input }, options.locale);
    return data.sendSmsCode as Answer;
  }
  async function confirm(
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
    const data = await widget(bff.endpoint, 'ConfirmPayment', { input }, options.locale);
    return data.confirmPayment as Answer;
  }
  /** The newest SMS code the sandbox sent to the test phone. */
  async function latestCode(): Promise<string> {
    const [sms] = await bff.control.sms(PHONE);
    return sms.code;
  }
  return {
    load,
    sendSms,
    confirm,
    latestCode,
    /**
     * sendSmsCode (which must send one), then confirmPayment with the code the sandbox sent:
     * the attempt and confirmPayment's answer.
     */
    async payByCard(clientSecret: string, number: string, options: CardOptions = {}) {
      const sent = await sendSms(clientSecret, number, options);
      assert.equal(sent.__typename, 'SmsCodeSent', JSON.stringify(sent));
      const attemptId = String(sent.attempt?.id);
      const code = await latestCode();
      const confirmed = await confirm(clientSecret, attemptId, number, code, options);
      return { attemptId, confirmed };
    },
    /** Statuses seen through checkoutUpdated (SSE) until the checkout is final. */
    watch: (clientSecret: string, timeoutMs = 5000) =>
      watchStatuses(bff.endpoint, clientSecret, timeoutMs),
  };
}

/**
 * Waits until the checkout SUCCEEDED by this attempt and the sandbox's notification of its UMF
 * payment was acknowledged; returns that payment's id and the sandbox's ledger then.
 */
export async function paidAndNotified(
  bff: Pick<Bff, 'server' | 'control'>,
  checkoutId: string,
  attemptId: string,
) {
  const paid = await waitFor(async () => {
    const checkout = await bff.server.store.getCheckout(checkoutId);
    return checkout?.status === 'SUCCEEDED' ? checkout : undefined;
  }, 5000);
  assert.equal(paid.paidAttemptId, attemptId);
  const paymentId = (await bff.server.store.getAttempt({ attemptId }))?.umfPaymentId;
  const ledger = await waitFor(async () => {
    const now = await bff.control.ledger();
    const acknowledged = now.notifications.some((n) => n.objectId === paymentId && n.acknowledged);
    return acknowledged ? now : undefined;
  }, 5000);
  return { paymentId, ledger };
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
    headers: { ...WIDGET_HEADERS, accept: 'text/event-stream' },
    body: JSON.stringify(await widgetBody('CheckoutUpdated', { clientSecret })),
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
