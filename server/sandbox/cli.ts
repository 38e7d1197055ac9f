// What `npm run sandbox` does, as a function tests can call: read the environment, start the
// sandbox with its data folder, print credentials and URLs.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CREDENTIALS_FILE } from './credentials-file.ts';
import { STATE_FILE } from './persistence.ts';
import { startSandbox } from './sandbox.ts';
import { describeStrict, parseStrictEnv } from './strict.ts';
import type { Sandbox } from './types.ts';

export type SandboxEnv = Partial<
  Record<
    | 'UMF_SANDBOX_PORT'
    | 'UMF_SANDBOX_DATA'
    | 'UMF_SANDBOX_HOST'
    | 'UMF_SANDBOX_STRICT'
    | 'UMF_SANDBOX_PERSIST',
    string
  >
>;

export const DEFAULT_SANDBOX_PORT = 8090;
export const DEFAULT_SANDBOX_DATA = 'data/sandbox';

function portOf(env: SandboxEnv): number {
  const raw = env.UMF_SANDBOX_PORT;
  if (raw === undefined || raw === '') return DEFAULT_SANDBOX_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`UMF_SANDBOX_PORT must be a port number (0–65535), got "${raw}"`);
  return port;
}

/**
 * UMF_SANDBOX_PERSIST: `true` (the default) keeps the state in the data folder's journal;
 * `false` keeps it in memory only (keys and credentials are still written there).
 */
function persistOf(env: SandboxEnv): boolean {
  const raw = env.UMF_SANDBOX_PERSIST;
  if (raw === undefined || raw === '' || raw === 'true') return true;
  if (raw === 'false') return false;
  throw new Error(`UMF_SANDBOX_PERSIST must be true or false, got "${raw}"`);
}

export async function runSandbox(
  env: SandboxEnv,
  print: (line: string) => void,
): Promise<{ sandbox: Sandbox; credentialsFile: string }> {
  const dataDir = resolve(env.UMF_SANDBOX_DATA || DEFAULT_SANDBOX_DATA);
  const strict = parseStrictEnv(env.UMF_SANDBOX_STRICT);
  const persist = persistOf(env);
  const sandbox = await startSandbox({
    port: portOf(env),
    host: env.UMF_SANDBOX_HOST || undefined,
    dataDir,
    persist,
    strict,
    log: print,
  });
  const credentialsFile = join(dataDir, CREDENTIALS_FILE);
  print(await readFile(credentialsFile, 'utf8'));
  print(`UMF sandbox API:  ${sandbox.credentials.baseUrl}`);
  print(`control API:      ${sandbox.url}/__sandbox (sms, ledger, requests, test-cards …)`);
  print(`credentials file: ${credentialsFile}`);
  print(`strict settings:  ${describeStrict(strict)}`);
  print(`state:            ${persist ? join(dataDir, STATE_FILE) : 'in memory only'}`);
  return { sandbox, credentialsFile };
}
