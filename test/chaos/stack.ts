// The real parts a chaos run drives: the UMF sandbox (in this process, so its control API and
// ledger are at hand) and one or two BFFs as child processes running the production entry
// `server/main.ts`, the sandbox as their UMF_BASE_URL (its credentials and PEM keys in the
// UMF_* variables) — real processes, so a restart is a real SIGTERM or SIGKILL and a real cold
// start on the same port, the same data folder or the same PostgreSQL database.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox } from '../../server/sandbox/sandbox.ts';
import type { Sandbox } from '../../server/sandbox/types.ts';
import { freshSchema } from '../server/multi-instance/postgres.ts';
import { freePort } from '../support/bff.ts';

export const MERCHANT_KEY = 'mk_chaos_0123456789abcdef0123456789abcdef';
export const WEBHOOK_SECRET = 'whsec_chaos_0123456789abcdef0123456789abcdef';

export type StackOptions = {
  store: 'sqlite' | 'postgres';
  instances: 1 | 2;
  seed: number;
  /** A folder for the run: data folders, BFF logs. */
  workDir: string;
  /** PostgreSQL server to create a fresh schema on (store postgres). */
  databaseUrl?: string;
  webhookUrl: string;
  /** Extra environment for the BFFs (e.g. reconciler settings). */
  env: Record<string, string>;
};

export type Instance = {
  index: number;
  url: string;
  up: boolean;
  restarts: number;
  /** Stops it (SIGKILL: a crash; SIGTERM: a graceful stop) and starts it again after `downMs`. */
  restart(signal: 'SIGKILL' | 'SIGTERM', downMs: number): Promise<void>;
  stop(): Promise<void>;
};

export type Stack = {
  sandbox: Sandbox;
  instances: Instance[];
  logDir: string;
  close(): Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitHealthy(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the BFF exited with ${child.exitCode} while starting (see ${logFile})`);
    try {
      const answer = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (answer.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the BFF at ${url} did not come up in 60 s (see ${logFile})`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function baseEnv(options: StackOptions, sandbox: Sandbox): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^(UMF_|MERCHANT_|DATABASE_URL$|PORT$|DATA_DIR$)/.test(entry[0]),
    ),
  );
  const { credentials } = sandbox;
  return {
    ...inherited,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ALLOWED_ORIGINS: 'https://shop.example',
    UMF_BASE_URL: credentials.baseUrl,
    UMF_CLIENT_ID: credentials.clientId,
    UMF_CLIENT_SECRET: credentials.clientSecret,
    UMF_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
    UMF_PUBLIC_KEY: credentials.umfPublicKeyPem,
    MERCHANT_API_KEYS: MERCHANT_KEY,
    MERCHANT_WEBHOOK_URL: options.webhookUrl,
    MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    // The reconciler on a chaos run's scale: the sandbox settles a payment within a second,
    // so a short grace is safe, and the whole run should fit in minutes.
    RECONCILE_INTERVAL_MS: '500',
    RECONCILE_GRACE_MS: '5000',
    RECONCILE_MAX_DELAY_MS: '5000',
    ...options.env,
  };
}

function createInstance(index: number, port: number, env: Record<string, string>, logDir: string) {
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(logDir, `bff-${index}.log`);
  let child: ChildProcess | undefined;
  const start = async () => {
    const log = openSync(logFile, 'a');
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...env, PORT: String(port), PUBLIC_URL: url },
      stdio: ['ignore', log, log],
    });
    await waitHealthy(url, child, logFile);
    instance.up = true;
  };
  const halt = async (signal: 'SIGKILL' | 'SIGTERM') => {
    instance.up = false;
    if (!child) return;
    child.kill(signal);
    await exited(child);
  };
  const instance: Instance & { start(): Promise<void> } = {
    index,
    url,
    up: false,
    restarts: 0,
    start,
    async restart(signal, downMs) {
      await halt(signal);
      instance.restarts += 1;
      await sleep(downMs);
      await start();
    },
    stop: () => halt('SIGTERM'),
  };
  return instance;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const logDir = join(options.workDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const sandbox = await startSandbox({
    seed: options.seed,
    executeDelayMs: 300,
    notifyRetryBaseMs: 200,
  });
  const cleanup: (() => Promise<unknown>)[] = [() => sandbox.close()];
  try {
    let env = baseEnv(options, sandbox);
    if (options.store === 'postgres') {
      if (!options.databaseUrl) throw new Error('--store postgres needs TEST_DATABASE_URL');
      const schema = await freshSchema(options.databaseUrl);
      cleanup.push(() => schema.dispose());
      env = { ...env, DATABASE_URL: schema.url };
    }
    const instances = [];
    for (let index = 0; index < options.instances; index += 1) {
      // SQLite: one data folder (the one instance, across its restarts); PostgreSQL: the
      // database is shared, each instance keeps its own folder.
      const dataDir = join(options.workDir, options.store === 'sqlite' ? 'data' : `data-${index}`);
      const instance = createInstance(
        index,
        await freePort(),
        { ...env, DATA_DIR: dataDir },
        logDir,
      );
      cleanup.push(() => instance.stop());
      await instance.start();
      instances.push(instance);
    }
    return {
      sandbox,
      instances,
      logDir,
      async close() {
        for (const step of cleanup.reverse().splice(0)) await step().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const step of cleanup.reverse().splice(0)) await step().catch(() => undefined);
    throw error;
  }
}

export function removeWorkDir(workDir: string): void {
  rmSync(workDir, { recursive: true, force: true });
}
