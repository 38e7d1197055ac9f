// A graceful stop (SIGTERM → close()) lets the requests already being served finish before the
// store and the rest close under them: a restart must not answer "Unexpected error.".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox } from '../../../server/sandbox/sandbox.ts';
import { createCheckout, startBff, widget } from './harness.ts';

test('close() waits for a request in flight, which gets its real answer', async (t) => {
  const sandbox = await startSandbox({ executeDelayMs: 100, notifyRetryBaseMs: 50 });
  t.after(() => sandbox.close());
  const { credentials } = sandbox;
  const bff = await startBff(
    {
      UMF_BASE_URL: credentials.baseUrl,
      UMF_CLIENT_ID: credentials.clientId,
      UMF_CLIENT_SECRET: credentials.clientSecret,
      UMF_MERCHANT_PRIVATE_KEY: credentials.merchantPrivateKeyPem,
      UMF_PUBLIC_KEY: credentials.umfPublicKeyPem,
    },
    { control: sandbox.control },
  );
  const { clientSecret } = await createCheckout(bff.endpoint, '20.00', ['WECHAT_SCAN']);
  // UMF takes its time creating the payment: the stop arrives while the BFF waits for it.
  await sandbox.control.faults({ rules: [{ endpoint: 'createPayment', latencyMs: 400 }] });
  const answer = widget(bff.endpoint, 'StartQrPayment', {
    input: { clientSecret, method: 'WECHAT_SCAN' },
  });
  await new Promise((resolve) => setTimeout(resolve, 150));
  const closing = bff.close();
  const data = await answer;
  assert.equal((data.startQrPayment as { __typename: string }).__typename, 'QrPayment');
  await closing;
  await assert.rejects(fetch(`${bff.url}/health`), 'no new request after close');
});
