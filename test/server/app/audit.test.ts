// GraphQL over HTTP conformance (graphql-http's server audits) on the compliance profile:
// the merchant key (arbitrary documents allowed) and the X-UMF-Client CSRF header, both
// added by a wrapping fetch. The persisted-only profile is covered by hardening.test.ts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { serverAudits } from 'graphql-http';
import { MERCHANT_KEY, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer({ nodeEnv: 'production' });
});
after(() => server.stop());

test('passes every graphql-http server audit', async () => {
  const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${MERCHANT_KEY}`);
    headers.set('x-umf-client', 'audit');
    return fetch(input, { ...init, headers });
  };
  const audits = serverAudits({ url: `${server.url}/graphql`, fetchFn });
  const results = await Promise.all(audits.map((audit) => audit.fn()));
  const failed = results.filter((result) => result.status !== 'ok');
  const summary = failed.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`);
  console.log(`graphql-http audits: ${results.length - failed.length}/${results.length} ok`);
  assert.deepEqual(summary, []);
});
