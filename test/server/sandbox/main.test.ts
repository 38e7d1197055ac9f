import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runSandbox } from '../../../server/sandbox/cli.ts';
import { STATE_FILE } from '../../../server/sandbox/persistence.ts';
import { loadPrivateKey, loadPublicKey, signBytes } from '../../../server/umf/crypto.ts';

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

test('UMF_SANDBOX_PERSIST=false keeps the state in memory: keys and credentials on disk, no journal', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-sandbox-'));
  const lines: string[] = [];
  const env = { UMF_SANDBOX_PORT: '0', UMF_SANDBOX_DATA: dataDir, UMF_SANDBOX_PERSIST: 'false' };
  const first = await runSandbox(env, (line) => lines.push(line));
  assert.ok(lines.includes('state:            in memory only'), lines.join('\n'));
  const advanced = await first.sandbox.control.advanceClock(60);
  await first.sandbox.close();
  assert.equal(existsSync(join(dataDir, STATE_FILE)), false);
  // The same keys and client on the next start, but not the state (the test clock's offset).
  const second = await runSandbox(env, () => {});
  assert.equal(second.sandbox.credentials.clientSecret, first.sandbox.credentials.clientSecret);
  const { now } = await second.sandbox.control.advanceClock(0);
  assert.ok(Date.parse(now) < Date.parse(advanced.now), `${now} is before ${advanced.now}`);
  await second.sandbox.close();
  await rm(dataDir, { recursive: true });
});

test('a UMF_SANDBOX_PERSIST other than true or false is named in the error', async () => {
  await assert.rejects(
    runSandbox({ UMF_SANDBOX_PORT: '0', UMF_SANDBOX_PERSIST: 'no' }, () => {}),
    /UMF_SANDBOX_PERSIST must be true or false, got "no"/,
  );
});

test('a bad UMF_SANDBOX_PORT is named in the error', async () => {
  await assert.rejects(
    runSandbox({ UMF_SANDBOX_PORT: 'eighty' }, () => {}),
    /UMF_SANDBOX_PORT/,
  );
});

test('the keys are also written as the Java SDK reads them: .key.p8 and .crt (DER)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-sandbox-'));
  const { sandbox, credentialsFile } = await runSandbox(
    { UMF_SANDBOX_PORT: '0', UMF_SANDBOX_DATA: dataDir },
    () => {},
  );
  try {
    const files = JSON.parse(await readFile(credentialsFile, 'utf8')) as Record<string, string>;
    assert.match(files.merchantPrivateKeyP8File, /merchant\.key\.p8$/);
    assert.match(files.umfCertificateCrtFile, /umf\.cert\.crt$/);
    const p8 = await readFile(files.merchantPrivateKeyP8File);
    assert.equal(p8[0], 0x30, 'DER, not PEM');
    const merchantKey = createPrivateKey({ key: p8, format: 'der', type: 'pkcs8' });
    const pemKey = createPrivateKey(sandbox.credentials.merchantPrivateKeyPem);
    assert.deepEqual(merchantKey.export({ format: 'jwk' }), pemKey.export({ format: 'jwk' }));
    const crt = await readFile(files.umfCertificateCrtFile);
    assert.equal(crt[0], 0x30, 'DER, not PEM');
    const umfKey = new X509Certificate(crt).publicKey;
    assert.equal(
      umfKey.export({ format: 'pem', type: 'spki' }),
      sandbox.credentials.umfPublicKeyPem,
    );
    assert.ok(loadPublicKey(crt));
    // A request signed with the .p8 key is accepted.
    const body = JSON.stringify({
      client_id: sandbox.credentials.clientId,
      client_secret: sandbox.credentials.clientSecret,
      grant_type: 'client_credentials',
    });
    const token = (await (
      await fetch(`${sandbox.credentials.baseUrl}/oauth/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    ).json()) as { access_token: string };
    const payment = JSON.stringify({ payer: {}, order: {} });
    const reply = await fetch(`${sandbox.credentials.baseUrl}/payments/payment`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer${token.access_token}`,
        signature: signBytes(Buffer.from(payment), merchantKey),
      },
      body: payment,
    });
    const answer = (await reply.json()) as { meta: { ret_code: string } };
    assert.notEqual(
      answer.meta.ret_code,
      '00060710',
      'the signature made with the .p8 key verifies',
    );
  } finally {
    await sandbox.close();
    await rm(dataDir, { recursive: true });
  }
});

test('a stored certificate OpenSSL cannot read is made again for the same key', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-sandbox-'));
  const env = { UMF_SANDBOX_PORT: '0', UMF_SANDBOX_DATA: dataDir };
  const first = await runSandbox(env, () => {});
  const umfPublicKeyPem = first.sandbox.credentials.umfPublicKeyPem;
  await first.sandbox.close();
  const file = join(dataDir, 'umf-certificate.pem');
  await writeFile(file, '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n');
  const second = await runSandbox(env, () => {});
  try {
    const certificate = new X509Certificate(await readFile(file));
    assert.equal(certificate.publicKey.export({ format: 'pem', type: 'spki' }), umfPublicKeyPem);
    assert.equal(
      createPublicKey(second.sandbox.credentials.umfCertificatePem).export({
        format: 'pem',
        type: 'spki',
      }),
      umfPublicKeyPem,
    );
  } finally {
    await second.sandbox.close();
    await rm(dataDir, { recursive: true });
  }
});
