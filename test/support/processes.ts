// Child processes the suites start (the entry points, a build, node in a scratch project): what
// they print, and the environment a BFF process needs to take a sandbox as its UMF through the
// key files UMF hands out.
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CREDENTIALS_FILE, type CredentialsFile } from '../../server/sandbox/credentials-file.ts';

/** What `child` writes: stdout, stderr, and both in the order written; `exited` its exit code. */
export function captureOutput(child: ChildProcess) {
  let out = '';
  let err = '';
  let all = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
    all += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
    all += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { stdout: () => out, stderr: () => err, output: () => all, exited };
}

/**
 * The UMF_* environment of a BFF talking to the sandbox whose data folder is `umfDir`, read
 * from its credentials.json: the merchant key as PKCS#8 DER (.p8) and UMF's certificate (.crt).
 */
export async function keyFilesEnv(umfDir: string): Promise<Record<string, string>> {
  const files = JSON.parse(
    await readFile(join(umfDir, CREDENTIALS_FILE), 'utf8'),
  ) as CredentialsFile;
  return {
    UMF_BASE_URL: files.baseUrl,
    UMF_CLIENT_ID: files.clientId,
    UMF_CLIENT_SECRET: files.clientSecret,
    UMF_MERCHANT_PRIVATE_KEY_FILE: files.merchantPrivateKeyP8File,
    UMF_PUBLIC_KEY_FILE: files.umfCertificateCrtFile,
  };
}
