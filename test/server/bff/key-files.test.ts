// A merchant moving from UMF's Java SDK hands over its keys as the SDK reads them: the merchant
// key as PKCS#8 DER (`.key.p8`) and UMF's certificate as X.509 (`.crt`, DER or PEM). The BFF
// starts on exactly those files, written by a sandbox started on its own (a remote UMF), and a
// customer pays: requests signed with the .p8 key verify, card fields encrypted for the
// certificate's key decrypt, and UMF's signed answers and notification verify against it.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { KEY_FILES } from '../../../server/sandbox/keys.ts';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import { CARDS } from '../../support/fixtures.ts';
import { createCheckout, customer, freePort, paidAndNotified, startBff } from './harness.ts';

async function payWithKeyFiles(t: test.TestContext, certificate: 'der' | 'pem') {
  const umfDir = mkdtempSync(join(tmpdir(), 'umf-sandbox-'));
  const sandbox = await startSandbox({
    dataDir: umfDir,
    executeDelayMs: 50,
    notifyRetryBaseMs: 50,
  });
  t.after(async () => {
    await sandbox.close();
    rmSync(umfDir, { recursive: true, force: true });
  });
  const p8 = join(umfDir, KEY_FILES.merchantPrivateKeyP8);
  let crt = join(umfDir, KEY_FILES.umfCertificateCrt);
  assert.equal(readFileSync(p8)[0], 0x30, 'the .p8 file is DER');
  if (certificate === 'pem') {
    const pem = new X509Certificate(readFileSync(crt)).toString();
    crt = join(umfDir, 'umf.cert.pem.crt');
    writeFileSync(crt, pem);
  }
  const port = await freePort();
  const { credentials } = sandbox;
  const bff = await startBff(
    {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      UMF_BASE_URL: credentials.baseUrl,
      UMF_CLIENT_ID: credentials.clientId,
      UMF_CLIENT_SECRET: credentials.clientSecret,
      UMF_MERCHANT_PRIVATE_KEY_FILE: p8,
      UMF_PUBLIC_KEY_FILE: crt,
    },
    { control: sandbox.control },
  );
  t.after(() => bff.close());

  const { clientSecret, id } = await createCheckout(bff.endpoint);
  const { attemptId, confirmed } = await customer(bff).payByCard(clientSecret, CARDS.debit);
  assert.equal(confirmed.__typename, 'PaymentConfirmed', JSON.stringify(confirmed));
  // UMF's notification, signed with the certificate's key, verified and acknowledged.
  await paidAndNotified(bff, id, attemptId);
}

test("the BFF started on the sandbox's merchant.key.p8 and DER umf.cert.crt takes a card payment", (t) =>
  payWithKeyFiles(t, 'der'));

test('the same with the certificate handed over as PEM text in a .crt file', (t) =>
  payWithKeyFiles(t, 'pem'));
