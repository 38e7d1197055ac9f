// The whole stack for one e2e test, in this process: the BFF with its in-process UMF sandbox and
// the demo shop (sandbox mode), or — for a BFF that must restart — a sandbox started on its own
// and a BFF configured against it as a remote UMF, on a fixed port and data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoShop } from '../../../examples/demo-shop/shop.ts';
import { loadConfig } from '../../../server/config/config.ts';
import { createLogger } from '../../../server/http/logger.ts';
import {
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../../server/local-stack.ts';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import type { Sandbox, SandboxControl } from '../../../server/sandbox/types.ts';

export const MERCHANT_KEY = 'mk_e2e_0123456789abcdef0123456789abcdef';

/** Sandbox timings: fast enough for a suite, slow enough to see the processing step. */
const SANDBOX = { executeDelayMs: 300, notifyRetryBaseMs: 100 } as const;

/** A TCP port free right now (the BFF's origin must be known before it starts: CORS, notify). */
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

function bffEnv(port: number, dataDir: string, extra: Record<string, string> = {}) {
  const origin = `http://127.0.0.1:${port}`;
  return {
    NODE_ENV: 'test',
    PORT: String(port),
    DATA_DIR: dataDir,
    PUBLIC_URL: origin,
    MERCHANT_API_KEYS: MERCHANT_KEY,
    // The shop's pages and the widget are served by the BFF itself: its own origin.
    ALLOWED_ORIGINS: origin,
    LOG_LEVEL: 'silent',
    ...extra,
  };
}

/** The demo shop on the BFF's port, as `npm start` mounts it (scripts/dev.ts). */
const demoShop: LocalStackOptions['pages'] = ({ url, merchantKey, sandboxUrl }) =>
  createDemoShop({ graphqlUrl: `${url}/graphql`, merchantKey, sandboxUrl });

async function startBff(env: Record<string, string>): Promise<LocalStack> {
  return startLocalStack(loadConfig(env), createLogger({ level: 'silent' }), {
    host: '127.0.0.1',
    sandbox: SANDBOX,
    pages: demoShop,
    umf: { retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } },
  });
}

export type Stack = {
  /** The shop and the BFF, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  /** The UMF sandbox's origin. */
  sandboxUrl: string;
  control: SandboxControl;
  close(): Promise<void>;
};

/** BFF + in-process sandbox + demo shop on a fresh port and a fresh temporary data folder. */
export async function startStack(): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'umf-e2e-'));
  const port = await freePort();
  const server = await startBff(bffEnv(port, dataDir)).catch((error: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const sandbox = server.sandbox;
  if (!sandbox) throw new Error('startStack: expected the in-process sandbox (UMF_BASE_URL set?)');
  return {
    url: `http://127.0.0.1:${port}`,
    sandboxUrl: sandbox.url,
    control: sandbox.control,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type RestartableStack = Omit<Stack, 'sandboxUrl'> & {
  sandbox: Sandbox;
  /** Stops the BFF (connections cut), leaving the sandbox and the data folder. */
  stopBff(): Promise<void>;
  /** Starts a new BFF process-equivalent on the same port and data folder. */
  startBff(): Promise<void>;
};

/**
 * A sandbox on its own and a BFF that uses it as a remote UMF (no demo shop: it exists in sandbox
 * mode only), on a fixed port with a fixed DATA_DIR, so a restarted BFF keeps its state, its
 * origin and its notify URL — as test/server/bff/restart.test.ts does.
 */
export async function startRestartableStack(): Promise<RestartableStack> {
  const umfDir = mkdtempSync(join(tmpdir(), 'umf-e2e-sandbox-'));
  const bffDir = mkdtempSync(join(tmpdir(), 'umf-e2e-bff-'));
  const sandbox = await startSandbox({ dataDir: umfDir, ...SANDBOX });
  const port = await freePort();
  const { credentials } = sandbox;
  const env = bffEnv(port, bffDir, {
    UMF_BASE_URL: credentials.baseUrl,
    UMF_CLIENT_ID: credentials.clientId,
    UMF_CLIENT_SECRET: credentials.clientSecret,
    UMF_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
    UMF_PUBLIC_KEY: credentials.umfPublicKeyPem,
  });
  let bff: LocalStack | undefined = await startBff(env);
  return {
    url: `http://127.0.0.1:${port}`,
    sandbox,
    control: sandbox.control,
    async stopBff() {
      await bff?.close();
      bff = undefined;
    },
    async startBff() {
      if (bff) throw new Error('the BFF is already running');
      bff = await startBff(env);
    },
    async close() {
      await bff?.close();
      await sandbox.close();
      rmSync(umfDir, { recursive: true, force: true });
      rmSync(bffDir, { recursive: true, force: true });
    },
  };
}
