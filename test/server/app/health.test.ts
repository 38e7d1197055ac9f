// /health says the process is up; /ready says whether the store and UMF can be reached.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
before(async () => {
  // service.ready() probes UMF with a bank list, which the client caches for an hour by
  // default: without the cache the probe really reaches UMF each time.
  server = await startTestServer({ umf: { bankCacheMs: 0 } });
});
after(() => server.stop());

test('/health answers 200 while the process is up', async () => {
  const response = await fetch(`${server.url}/health`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
});

test('/ready answers 200 when the store and the UMF token are reachable', async () => {
  const response = await fetch(`${server.url}/ready`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ready', store: true, umf: true });
});

test('/ready answers 503 once UMF (the sandbox) is gone, /health still 200', async () => {
  await server.sandbox?.close();
  const response = await fetch(`${server.url}/ready`);
  assert.equal(response.status, 503);
  assert.deepEqual(await response.json(), { status: 'unavailable', store: true, umf: false });
  assert.equal((await fetch(`${server.url}/health`)).status, 200);
});
