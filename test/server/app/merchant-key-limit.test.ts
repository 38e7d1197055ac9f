// Wrong merchant API keys are limited per client address, over real HTTP: after ten in the
// window the address gets 429 with Retry-After; correct keys never count, other addresses and
// keyless (widget) requests are untouched. With TRUST_PROXY the address is the real client's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KEY_FAILURE_LIMIT } from '../../../server/http/app.ts';
import {
  MERCHANT_HEADERS,
  PING_HASH,
  startTestServer,
  type TestServer,
  WIDGET_HEADERS,
} from './helpers.ts';

const WRONG = {
  ...WIDGET_HEADERS,
  authorization: 'Bearer mk_wrong_0123456789abcdefghijklmnopqrstuvwxyz',
};
const QUERY = { query: 'query Who { __typename }' };
const persisted = {
  operationName: 'Ping',
  extensions: { persistedQuery: { version: 1, sha256Hash: PING_HASH } },
};

async function send(server: TestServer, headers: Record<string, string>, body: unknown = QUERY) {
  const response = await server.post(body, headers);
  await response.arrayBuffer();
  return response;
}

describe('without TRUST_PROXY', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ nodeEnv: 'production' });
  });
  after(() => server.stop());

  test('correct keys never count towards the limit', async () => {
    for (let i = 0; i < KEY_FAILURE_LIMIT.max + 5; i += 1)
      assert.equal((await send(server, MERCHANT_HEADERS)).status, 200);
  });

  test('after ten wrong keys the address gets 429 with Retry-After, whatever X-Forwarded-For claims', async () => {
    for (let i = 0; i < KEY_FAILURE_LIMIT.max; i += 1) {
      // A spoofed header from an untrusted peer changes nothing.
      const response = await send(server, { ...WRONG, 'x-forwarded-for': `203.0.113.${i}` });
      assert.equal(response.status, 403, `attempt ${i + 1} is answered as keyless`);
    }
    const limited = await send(server, { ...WRONG, 'x-forwarded-for': '203.0.113.200' });
    assert.equal(limited.status, 429);
    const seconds = Number(limited.headers.get('retry-after'));
    assert.ok(seconds > 0 && seconds <= KEY_FAILURE_LIMIT.windowMs / 1000, String(seconds));
    assert.ok(
      server.logs.some((line) => line.includes('wrong merchant API keys: address limited')),
    );
  });

  test('while limited, any key from that address waits (a guesser learns nothing), keyless requests do not', async () => {
    assert.equal((await send(server, MERCHANT_HEADERS)).status, 429);
    assert.equal((await send(server, WIDGET_HEADERS, persisted)).status, 200);
    // Nor does anything outside /graphql, which never reads the key (UMF's notifications).
    const health = await fetch(`${server.url}/health`, { headers: WRONG });
    assert.equal(health.status, 200);
  });
});

describe('with TRUST_PROXY=1 (one load balancer in front)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ nodeEnv: 'production', env: { TRUST_PROXY: '1' } });
  });
  after(() => server.stop());

  test('the limit follows the client address the proxy reports', async () => {
    const attacker = { ...WRONG, 'x-forwarded-for': '198.51.100.1, 203.0.113.7' };
    for (let i = 0; i < KEY_FAILURE_LIMIT.max; i += 1)
      assert.equal((await send(server, attacker)).status, 403);
    assert.equal((await send(server, attacker)).status, 429);
    // The attacker cannot escape by writing another first entry: the proxy's entry is the last.
    const rewritten = { ...WRONG, 'x-forwarded-for': '198.51.100.99, 203.0.113.7' };
    assert.equal((await send(server, rewritten)).status, 429);
    // The merchant's backend behind the same proxy, from its own address, is unaffected.
    const merchant = { ...MERCHANT_HEADERS, 'x-forwarded-for': '203.0.113.50' };
    assert.equal((await send(server, merchant)).status, 200);
    const otherWrong = { ...WRONG, 'x-forwarded-for': '203.0.113.51' };
    assert.equal((await send(server, otherWrong)).status, 403);
  });
});
