// The whole BFF over real HTTP for the app tests: in-process sandbox, SQLite store in a
// temporary folder, the real schema and service, the app on an ephemeral port, and every
// log line captured.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, type Env, loadConfig } from '../../../server/config/config.ts';
import { createLogger } from '../../../server/http/logger.ts';
import type { StartOptions } from '../../../server/http/start.ts';
import { documentHash } from '../../../server/http/trusted-documents.ts';
import { type LocalStack, startLocalStack } from '../../../server/local-stack.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';

export const MERCHANT_KEY = 'mk_test_0123456789abcdefghijklmnopqrstuvwxyz';
export const ALLOWED_ORIGIN = 'https://shop.example.com';
export const PING = 'query Ping { __typename }';
export const PING_HASH = documentHash(PING);
/** A trusted document that introspects: still refused without the key outside development. */
export const SCHEMA_QUERY = 'query SchemaName { __schema { queryType { name } } }';
export const SCHEMA_QUERY_HASH = documentHash(SCHEMA_QUERY);
/** What the widget sends on every request (CSRF prevention). */
export const WIDGET_HEADERS = { 'content-type': 'application/json', 'x-umf-client': 'widget' };
export const MERCHANT_HEADERS = { ...WIDGET_HEADERS, authorization: `Bearer ${MERCHANT_KEY}` };

export type TestServer = LocalStack & {
  control: Sandbox['control'];
  config: Config;
  logs: string[];
  dataDir: string;
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
};

export async function startTestServer(
  options: { env?: Env; nodeEnv?: Config['nodeEnv']; umf?: StartOptions['umf'] } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-app-'));
  const manifest = join(dataDir, 'merchant-documents.json');
  await writeFile(
    manifest,
    JSON.stringify({ [PING_HASH]: PING, [SCHEMA_QUERY_HASH]: SCHEMA_QUERY }),
  );
  const loaded = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    MERCHANT_API_KEYS: MERCHANT_KEY,
    ALLOWED_ORIGINS: ALLOWED_ORIGIN,
    TRUSTED_DOCUMENTS_FILES: manifest,
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  // Production rules (HSTS, no introspection, masked errors) without a real UMF.
  const config: Config = options.nodeEnv ? { ...loaded, nodeEnv: options.nodeEnv } : loaded;
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug' }, { write: (line: string) => logs.push(line) });
  const running = await startLocalStack(config, logger, {
    host: '127.0.0.1',
    sandbox: { executeDelayMs: 50, notifyRetryBaseMs: 20 },
    umf: { retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 3000, ...options.umf },
  });
  const url = `http://127.0.0.1:${running.port}`;
  return {
    ...running,
    url,
    control: (running.sandbox as Sandbox).control,
    config,
    logs,
    dataDir,
    post: (body, headers = WIDGET_HEADERS) =>
      fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) }),
    async stop() {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type GraphQLBody = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

export async function body(response: Response): Promise<GraphQLBody> {
  return (await response.json()) as GraphQLBody;
}
