// The app tests' side of test/support: the whole BFF over real HTTP (in-process sandbox,
// SQLite in a temporary folder), two trusted merchant documents, and every log line captured.
import type { Config, Env } from '../../../server/config/config.ts';
import { documentHash } from '../../../server/http/trusted-documents.ts';
import type { LocalStack, LocalStackOptions } from '../../../server/local-stack.ts';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { startBff } from '../../support/bff.ts';
import { WIDGET_HEADERS } from '../../support/graphql.ts';

export { MERCHANT_HEADERS, MERCHANT_KEY, WIDGET_HEADERS } from '../../support/graphql.ts';

export const ALLOWED_ORIGIN = 'https://shop.example.com';
export const PING = 'query Ping { __typename }';
export const PING_HASH = documentHash(PING);
/** A trusted document that introspects: still refused without the key outside development. */
export const SCHEMA_QUERY = 'query SchemaName { __schema { queryType { name } } }';
export const SCHEMA_QUERY_HASH = documentHash(SCHEMA_QUERY);

export type TestServer = LocalStack & {
  control: Sandbox['control'];
  config: Config;
  logs: string[];
  dataDir: string;
  post(body: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
};

export async function startTestServer(
  options: { env?: Env; nodeEnv?: Config['nodeEnv']; umf?: LocalStackOptions['umf'] } = {},
): Promise<TestServer> {
  const bff = await startBff({
    origins: [ALLOWED_ORIGIN],
    logLevel: 'debug',
    trustedDocuments: { [PING_HASH]: PING, [SCHEMA_QUERY_HASH]: SCHEMA_QUERY },
    // Production rules (HSTS, no introspection, masked errors) without a real UMF.
    ...(options.nodeEnv ? { nodeEnv: options.nodeEnv } : {}),
    ...(options.env ? { env: options.env } : {}),
    sandbox: { executeDelayMs: 50, notifyRetryBaseMs: 20 },
    umf: { retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 3000, ...options.umf },
  });
  return {
    ...bff.server,
    url: bff.url,
    control: bff.control,
    config: bff.config,
    logs: bff.logs,
    dataDir: bff.dataDir,
    post: (body, headers = WIDGET_HEADERS) =>
      fetch(bff.endpoint, { method: 'POST', headers, body: JSON.stringify(body) }),
    stop: bff.close,
  };
}

export type GraphQLBody = {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

export async function body(response: Response): Promise<GraphQLBody> {
  return (await response.json()) as GraphQLBody;
}
