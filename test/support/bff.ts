// The one starter of the real BFF for every suite: a Config from test defaults plus the suite's
// environment, startLocalStack on 127.0.0.1 (the UMF sandbox in-process, or a sandbox started
// on its own — `startRemoteSandbox` — that outlives BFF restarts), SQLite in a temporary data
// folder or PostgreSQL through DATABASE_URL, and the options suites differ in: clock, UMF client
// overrides, captured log lines, trusted merchant documents, pages beside the BFF (the demo).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Config, type Env, type LogLevel, loadConfig } from '../../server/config/config.ts';
import { createLogger } from '../../server/http/logger.ts';
import {
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../server/local-stack.ts';
import { bffEnv } from '../../server/sandbox/bff-env.ts';
import { startSandbox } from '../../server/sandbox/sandbox.ts';
import type { Sandbox, SandboxControl, SandboxOptions } from '../../server/sandbox/types.ts';
import { MERCHANT_KEY } from './graphql.ts';

export { MERCHANT_KEY } from './graphql.ts';

/** Sandbox timings of the node suites: fast, with the processing step still visible. */
export const FAST_SANDBOX = { executeDelayMs: 100, notifyRetryBaseMs: 50 } as const;
/** UMF client retries of the suites: quick, but each retry still happens. */
export const FAST_RETRY = { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } as const;

export type BffOptions = {
  /** Environment over the defaults (NODE_ENV test, PORT 0, the test key, DATABASE_URL …). */
  env?: Env;
  /** ALLOWED_ORIGINS (default https://shop.example). */
  origins?: readonly string[];
  /** A fixed port (default: ephemeral). PUBLIC_URL follows it unless env sets one. */
  port?: number;
  /**
   * A data folder the caller keeps (another BFF may reopen it); by default a fresh temporary
   * one that close() removes.
   */
  dataDir?: string;
  /** In-process sandbox settings over FAST_SANDBOX (ignored with `remote`). */
  sandbox?: SandboxOptions;
  /** A sandbox started on its own: the BFF uses it as a remote UMF. */
  remote?: Pick<RemoteSandbox, 'env' | 'control'>;
  /** UMF client overrides over FAST_RETRY (e.g. a recording fetch, a timeout). */
  umf?: LocalStackOptions['umf'];
  /** The BFF's clock (epoch ms); default Date.now. */
  now?: () => number;
  /** Called with each statement the BFF's store runs. */
  onQuery?: (sql: string) => void;
  /** How the SQLite store flushes its WAL file (default fdatasync): to hold or fail flushes. */
  syncFile?: LocalStackOptions['syncFile'];
  /** Keep every log line (at this level) in `logs`; default: silent, nothing kept. */
  logLevel?: LogLevel;
  /** Merchant documents (hash → document) trusted besides the generated ones. */
  trustedDocuments?: Record<string, string>;
  /** Runs with these rules (e.g. production's) without changing how the BFF reaches UMF. */
  nodeEnv?: Config['nodeEnv'];
  /** Pages beside the BFF's routes (the demo shop), in-process sandbox only. */
  pages?: LocalStackOptions['pages'];
};

export type Bff = {
  server: LocalStack;
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  port: number;
  endpoint: string;
  /** The control API of the sandbox this BFF talks to. */
  control: SandboxControl;
  /** The in-process sandbox (undefined with `remote`). */
  sandbox: Sandbox | undefined;
  config: Config;
  dataDir: string;
  /** Log lines (JSON), with `logLevel` set. */
  logs: string[];
  close(): Promise<void>;
};

export async function startBff(options: BffOptions = {}): Promise<Bff> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'umf-bff-'));
  const env: Env = {
    NODE_ENV: 'test',
    PORT: String(options.port ?? 0),
    DATA_DIR: dataDir,
    MERCHANT_API_KEYS: MERCHANT_KEY,
    ALLOWED_ORIGINS: (options.origins ?? ['https://shop.example']).join(','),
    LOG_LEVEL: options.logLevel ?? 'silent',
    ...(options.port ? { PUBLIC_URL: `http://127.0.0.1:${options.port}` } : {}),
    ...(options.remote?.env ?? {}),
    ...(options.trustedDocuments
      ? { TRUSTED_DOCUMENTS_FILES: writeDocuments(dataDir, options.trustedDocuments) }
      : {}),
    ...options.env,
  };
  const remove = () => {
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const loaded = loadConfig(env);
    const config: Config = options.nodeEnv ? { ...loaded, nodeEnv: options.nodeEnv } : loaded;
    const logs: string[] = [];
    const logger = createLogger(
      { level: options.logLevel ?? 'silent' },
      { write: (line: string) => logs.push(line) },
    );
    const server = await startLocalStack(config, logger, {
      host: '127.0.0.1',
      sandbox: { ...FAST_SANDBOX, ...options.sandbox },
      umf: { retry: FAST_RETRY, ...options.umf },
      ...(options.now ? { now: options.now } : {}),
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
      ...(options.syncFile ? { syncFile: options.syncFile } : {}),
      ...(options.pages ? { pages: options.pages } : {}),
    });
    const control = server.sandbox?.control ?? options.remote?.control;
    if (!control) {
      await server.close();
      throw new Error('startBff: UMF_BASE_URL is set: pass the sandbox as options.remote');
    }
    const url = `http://127.0.0.1:${server.port}`;
    return {
      server,
      url,
      port: server.port,
      endpoint: `${url}/graphql`,
      control,
      sandbox: server.sandbox,
      config,
      dataDir,
      logs,
      async close() {
        await server.close();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

function writeDocuments(dataDir: string, documents: Record<string, string>): string {
  const file = join(dataDir, 'merchant-documents.json');
  writeFileSync(file, JSON.stringify(documents));
  return file;
}

export type RemoteSandbox = {
  sandbox: Sandbox;
  control: SandboxControl;
  /** UMF_BASE_URL and the credentials: a BFF on this environment uses the sandbox remotely. */
  env: Env;
  close(): Promise<void>;
};

/**
 * A UMF sandbox on its own, for BFFs that restart or run in pairs: it keeps its payments while
 * they come and go. Its data folder is temporary unless `options.dataDir` is given.
 */
export async function startRemoteSandbox(options: SandboxOptions = {}): Promise<RemoteSandbox> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'umf-sandbox-'));
  const sandbox = await startSandbox({ ...FAST_SANDBOX, ...options, dataDir });
  const { credentials } = sandbox;
  return {
    sandbox,
    control: sandbox.control,
    env: bffEnv(credentials),
    async close() {
      await sandbox.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A TCP port free right now (for a BFF that must come back on the same address). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
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
