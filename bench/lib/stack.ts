// The system under test as production runs it: the UMF sandbox in its own process (standing in
// for UMF), the BFF in another (`server/main.ts` through the tsx loader, or a compiled build),
// talking over real HTTP; plus the calls a widget and a merchant backend make.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encryptField } from '../../server/umf/crypto.ts';
import { widgetBody as widgetRequest } from '../../test/support/graphql.ts';
import type { OperationName } from '../../widget/api/client.ts';
import type { EncryptionKey } from '../../widget/api/encrypt.ts';
import { exchange, keepAliveAgent } from './exchange.ts';
import type { PostRequest } from './load.ts';
import { type Child, freePort, startChild } from './procs.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MERCHANT_KEY = 'mk_bench_0123456789abcdef0123456789abcdef';
export const WIDGET_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json, application/json',
  'x-umf-client': 'widget',
};
const MERCHANT_HEADERS = {
  'content-type': 'application/json',
  'x-umf-client': 'bench',
  authorization: `Bearer ${MERCHANT_KEY}`,
};

export type Sandbox = { child: Child; url: string; credentials: Record<string, string> };

export async function startSandboxProcess(dir: string, nodeArgs: string[] = []): Promise<Sandbox> {
  const { child, match } = await startChild(
    [...nodeArgs, '--import', 'tsx', join(ROOT, 'server/sandbox/main.ts')],
    {
      UMF_SANDBOX_PORT: '0',
      UMF_SANDBOX_HOST: '127.0.0.1',
      // UMF's storage is UMF's, on its own machines: the stand-in's journal would be CPU on
      // the cores the BFF is measured on, and the bench never restarts the sandbox (README).
      UMF_SANDBOX_PERSIST: 'false',
      UMF_SANDBOX_DATA: join(dir, nodeArgs.length ? 'sandbox-profiled' : 'sandbox'),
    },
    /credentials file:\s+(\S+)/,
    join(dir, nodeArgs.length ? 'sandbox-profiled.log' : 'sandbox.log'),
  );
  const credentials = JSON.parse(readFileSync(match[1], 'utf8')) as Record<string, string>;
  const url = new URL(credentials.baseUrl).origin;
  return { child, url, credentials };
}

/** How the BFF runs: `tsx` (node --import tsx server/main.ts) or a compiled entry file. */
export type BffRuntime = { name: string; args: string[] };

export function tsxRuntime(): BffRuntime {
  return { name: 'tsx', args: ['--import', 'tsx', join(ROOT, 'server/main.ts')] };
}

/** A compiled server build (`npm run build:server`), when one exists. */
export function compiledRuntime(): BffRuntime | undefined {
  const candidates = [
    process.env.BENCH_COMPILED_ENTRY,
    'dist/server/server/main.js',
    'dist/server/main.js',
    'dist-server/server/main.js',
    'dist-server/main.js',
    'build/server/main.js',
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const path = join(ROOT, candidate);
    if (existsSync(path)) return { name: 'compiled', args: [path] };
  }
  return undefined;
}

export type Bff = { child: Child; url: string; log: string };

export async function startBff(options: {
  dir: string;
  sandbox: Sandbox;
  runtime: BffRuntime;
  allowedOrigins: string;
  databaseUrl?: string;
  nodeArgs?: string[];
  name: string;
}): Promise<Bff> {
  const port = await freePort();
  const { credentials } = options.sandbox;
  const dataDir = join(options.dir, `bff-${options.name}`);
  const log = join(options.dir, `bff-${options.name}.log`);
  const { child, match } = await startChild(
    [...(options.nodeArgs ?? []), ...options.runtime.args],
    {
      NODE_ENV: 'test',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATA_DIR: dataDir,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      MERCHANT_API_KEYS: MERCHANT_KEY,
      ALLOWED_ORIGINS: options.allowedOrigins,
      UMF_BASE_URL: credentials.baseUrl,
      UMF_CLIENT_ID: credentials.clientId,
      UMF_CLIENT_SECRET: credentials.clientSecret,
      UMF_MERCHANT_PRIVATE_KEY_FILE: credentials.merchantPrivateKeyFile,
      UMF_PUBLIC_KEY_FILE: credentials.umfPublicKeyFile,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    },
    /listening on (http:\/\/\S+)/,
    log,
  );
  return { child, url: match[1].replace('localhost', '127.0.0.1'), log };
}

// ---- the callers ----

/**
 * Keep-alive reuse as the callers saw it: requests sent on a connection idle longer than 4 s,
 * the longest idle gap before a reuse, and the requests that failed (code, and how long their
 * connection had been idle).
 */
export const reuse = { late: 0, maxIdleMs: 0, errors: [] as string[] };
const freedAt = new WeakMap<object, number>();

export type Json = Record<string, unknown>;

/** How a POST goes out: its keep-alive agent and its source address. */
export type Via = { agent?: Agent; localAddress?: string };

export async function post(
  { url, body, headers }: PostRequest,
  { agent, localAddress }: Via = {},
): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  let idleMs = 0;
  let socket: object | undefined;
  const answer = await exchange(url, {
    method: 'POST',
    headers,
    body,
    agent,
    localAddress,
    watch: (req) => {
      req.on('socket', (s) => {
        socket = s;
        const freed = freedAt.get(s);
        if (freed === undefined) return;
        idleMs = performance.now() - freed;
        if (idleMs > 4000) reuse.late += 1;
        reuse.maxIdleMs = Math.max(reuse.maxIdleMs, idleMs);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        reuse.errors.push(
          `${error.code ?? error.message} (connection idle ${Math.round(idleMs)} ms)`,
        );
      });
    },
  });
  if (socket) freedAt.set(socket, performance.now());
  return { status: answer.status, text: answer.bytes.toString('utf8'), headers: answer.headers };
}

/** A widget operation's body: its trusted document by hash, as the tests send it. */
export async function widgetBody(name: OperationName, variables: Json): Promise<string> {
  return JSON.stringify(await widgetRequest(name, variables));
}

type Customer = { agent: Agent; address: string };

async function graphql<T>(
  url: string,
  body: string,
  headers: Record<string, string>,
  key: string,
  customer?: Customer,
) {
  const answer = await post(
    { url: `${url}/graphql`, body, headers },
    customer && { agent: customer.agent, localAddress: customer.address },
  );
  const json = JSON.parse(answer.text) as { data?: Json; errors?: { message: string }[] };
  if (answer.status !== 200 || json.errors?.length || !json.data)
    throw new Error(`${key}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
  return json.data[key] as T;
}

/**
 * The merchant's createCheckout body for an order number: the document and the input written
 * once, the order number put in its place (the same bytes as serialising the whole body).
 */
const createCheckoutBody = (() => {
  const marker = '\u0000order\u0000';
  const text = JSON.stringify({
    query: `mutation($i: CreateCheckoutInput!) { createCheckout(input: $i) {
        __typename ... on CheckoutCreated { clientSecret } } }`,
    variables: {
      i: {
        orderId: marker,
        amount: '10.00',
        currency: 'USD',
        description: 'Bench',
        subOrders: [
          {
            id: 'S1',
            amount: '10.00',
            description: 'Bench',
            transCode: '01122030',
            items: [{ id: 'I1', type: 'OTHER', name: 'Bench', quantity: 1, amount: '10.00' }],
          },
        ],
        riskInfo: { transType: '02', goodsType: '0' },
      },
    },
  });
  const [before, after] = text.split(JSON.stringify(marker));
  return (orderId: string) => `${before}${JSON.stringify(orderId)}${after}`;
})();

let orders = 0;
export async function createCheckout(bffUrl: string): Promise<string> {
  orders += 1;
  const orderId = `B${Date.now().toString(36)}${process.pid.toString(36)}${orders}`;
  const created = await graphql<{ clientSecret?: string; __typename: string }>(
    bffUrl,
    createCheckoutBody(orderId),
    MERCHANT_HEADERS,
    'createCheckout',
  );
  if (!created.clientSecret) throw new Error(`createCheckout: ${JSON.stringify(created)}`);
  return created.clientSecret;
}

const CARD = '6222020000070000';
type View = { status: string; encryptionKey: EncryptionKey; attempt: { id: string } | null };
type Answer = { __typename: string; code?: string; attempt?: { id: string }; checkout?: View };

/** A GET's answer as JSON. */
async function getJson(url: string): Promise<unknown> {
  return JSON.parse((await exchange(url)).bytes.toString('utf8'));
}

async function smsCode(sandboxUrl: string, phone: string, notBefore: number): Promise<string> {
  // The phone's newest SMS only (the sandbox lists newest first): the customer reads the code it
  // is waiting for, not the phone's whole history.
  for (let n = 0; n < 100; n += 1) {
    const [latest] = (await getJson(`${sandboxUrl}/__sandbox/sms?phone=${phone}&limit=1`)) as {
      code: string;
      sentAt: string;
    }[];
    if (latest && Date.parse(latest.sentAt) >= notBefore - 1000) return latest.code;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no SMS code for ${phone}`);
}

/**
 * One whole card checkout as a customer's widget does it (the merchant creates it; the widget
 * reads it, sends the SMS code, confirms with the code read from the sandbox's phone).
 * Resolves with the status the confirmation answered and the number of BFF requests made.
 */
export async function cardCheckout(
  bffUrl: string,
  sandboxUrl: string,
  phone: string,
  address: string,
): Promise<{ status: string; requests: number }> {
  const clientSecret = await createCheckout(bffUrl);
  // The customer's browser: its own address (the BFF limits SMS codes per address) and its
  // own keep-alive connection, closed when the customer leaves.
  const customer: Customer = { agent: keepAliveAgent(1), address };
  try {
    return await pay(bffUrl, sandboxUrl, phone, clientSecret, customer);
  } finally {
    customer.agent.destroy();
  }
}

async function pay(
  bffUrl: string,
  sandboxUrl: string,
  phone: string,
  clientSecret: string,
  customer: Customer,
): Promise<{ status: string; requests: number }> {
  const view = await graphql<View>(
    bffUrl,
    await widgetBody('Checkout', { clientSecret }),
    WIDGET_HEADERS,
    'checkout',
    customer,
  );
  const key = publicKeyOf(view.encryptionKey);
  const card = () => ({
    number: encryptField(CARD, key),
    holderName: encryptField('张三', key),
    idNumber: encryptField('11010519491231002X', key),
  });
  const sentAt = Date.now();
  const sent = await graphql<Answer>(
    bffUrl,
    await widgetBody('SendSmsCode', {
      input: { clientSecret, method: 'DEBIT_CARD', bankCode: 'ICBC', phone, card: card() },
    }),
    WIDGET_HEADERS,
    'sendSmsCode',
    customer,
  );
  if (sent.__typename !== 'SmsCodeSent' || !sent.attempt)
    throw new Error(`sendSmsCode: ${JSON.stringify(sent).slice(0, 300)}`);
  const code = await smsCode(sandboxUrl, phone, sentAt);
  const confirmed = await graphql<Answer>(
    bffUrl,
    await widgetBody('ConfirmPayment', {
      input: { clientSecret, attemptId: sent.attempt.id, phone, card: card(), smsCode: code },
    }),
    WIDGET_HEADERS,
    'confirmPayment',
    customer,
  );
  if (confirmed.__typename !== 'PaymentConfirmed')
    throw new Error(`confirmPayment: ${JSON.stringify(confirmed).slice(0, 300)}`);
  return { status: confirmed.checkout?.status ?? '?', requests: 4 };
}

/**
 * The checkout's key for the card fields. The customers' browsers encrypt with the widget's
 * BigInt RSA (about 250 µs a field); the bench makes the same PKCS#1 v1.5 blocks with
 * node:crypto (about 30 µs), so that the load generator takes less of the cores it shares
 * with the servers it measures.
 */
const keys = new Map<string, KeyObject>();
function publicKeyOf(key: EncryptionKey): KeyObject {
  if (key.charset === 'GBK') throw new Error('the bench encrypts card fields as UTF-8 only');
  let known = keys.get(key.modulus);
  if (!known) {
    known = createPublicKey({
      key: { kty: 'RSA', n: key.modulus, e: key.exponent },
      format: 'jwk',
    });
    keys.set(key.modulus, known);
  }
  return known;
}

let addresses = 65536 * 3; // 127.3.0.0 onwards: one loopback address per checkout

/** `customers` customers each paying one checkout after another until `count` are done. */
export async function checkoutRun(
  bffUrl: string,
  sandboxUrl: string,
  customers: number,
  count: number,
): Promise<{
  seconds: number;
  done: number;
  failed: number;
  statuses: Record<string, number>;
  firstError?: string;
}> {
  let started = 0;
  let done = 0;
  let failed = 0;
  let firstError: string | undefined;
  const statuses: Record<string, number> = {};
  const began = performance.now();
  await Promise.all(
    Array.from({ length: customers }, async (_, i) => {
      const phone = `139${String(process.pid % 10000).padStart(4, '0')}${String(i).padStart(4, '0')}`;
      while (started < count) {
        started += 1;
        addresses += 1;
        const address = `127.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
        try {
          const { status } = await cardCheckout(bffUrl, sandboxUrl, phone, address);
          statuses[status] = (statuses[status] ?? 0) + 1;
          done += 1;
        } catch (error) {
          failed += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  return { seconds: (performance.now() - began) / 1000, done, failed, statuses, firstError };
}
