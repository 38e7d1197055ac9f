import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSandbox } from '../../../server/sandbox/cli.ts';
import { loadPrivateKey } from '../../../server/umf/crypto.ts';

test('the sandbox command writes credentials.json and reuses its keys on the next start', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-sandbox-'));
  const lines: string[] = [];
  const env = { UMF_SANDBOX_PORT: '0', UMF_SANDBOX_DATA: dataDir };
  const first = await runSandbox(env, (line) => lines.push(line));
  const credentials = JSON.parse(await readFile(first.credentialsFile, 'utf8')) as Record<
    string,
    string
  >;
  assert.equal(credentials.baseUrl, first.sandbox.credentials.baseUrl);
  assert.match(credentials.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/cberest\/v1$/);
  loadPrivateKey(await readFile(credentials.merchantPrivateKeyFile));
  new X509Certificate(await readFile(credentials.umfCertificateFile));
  assert.ok(lines.some((line) => line.includes(credentials.clientId)));
  await first.sandbox.close();
  const second = await runSandbox(env, () => {});
  assert.equal(second.sandbox.credentials.clientSecret, credentials.clientSecret);
  assert.equal(
    second.sandbox.credentials.umfPublicKeyPem,
    first.sandbox.credentials.umfPublicKeyPem,
  );
  await second.sandbox.close();
  await rm(dataDir, { recursive: true });
});

test('a bad UMF_SANDBOX_PORT is named in the error', async () => {
  await assert.rejects(
    runSandbox({ UMF_SANDBOX_PORT: 'eighty' }, () => {}),
    /UMF_SANDBOX_PORT/,
  );
});
