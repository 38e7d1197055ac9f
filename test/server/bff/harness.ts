// The whole BFF over real HTTP: config → startServer (in-process sandbox, SQLite in a temp
// folder), and helpers that call it the way the widget and a merchant backend do.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../server/config.ts';
import { createLogger } from '../../../server/http/logger.ts';
import { startServer } from '../../../server/http/start.ts';
import { documentHash, OPERATIONS, type OperationName } from '../../../widget/api.ts';
import { type EncryptionKey, encryptField } from '../../../widget/encrypt.ts';
import { checkoutInput, RESIDENT_ID } from '../fixtures.ts';

export const MERCHANT_KEY = 'mk_test_0123456789abcdef0123456789abcdef';
export { PHONE, RESIDENT_ID } from '../fixtures.ts';

export async function startBff(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'umf-bff-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    MERCHANT_API_KEYS: MERCHANT_KEY,
    ALLOWED_ORIGINS: 'https://shop.example',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startServer(config, createLogger({ level: 'silent' }), {
    host: '127.0.0.1',
    sandbox: { executeDelayMs: 100, notifyRetryBaseMs: 50 },
    umf: { retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } },
  });
  const endpoint = `${server.url}/graphql`;
  return {
    server,
    endpoint,
    control: server.sandbox!.control,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
export async function createCheckout(endpoint: string, amount = '100.00', methods?: string[]) {
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
      input: checkoutInput(`T${process.pid}x${Date.now().toString(36)}x${orders}`, amount, methods),
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
  return {
    number: encryptField(number, key),
    holderName: encryptField('张三', key),
    idNumber: encryptField(RESIDENT_ID, key),
    ...(credit ? { expiry: encryptField('1239', key), cvv2: encryptField('123', key) } : {}),
  };
}
