// The public GraphQL endpoint's hardening, against the whole app over real HTTP with
// production rules (NODE_ENV=production behaviour on top of the in-process sandbox).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ALLOWED_ORIGIN,
  body,
  MERCHANT_HEADERS,
  PING_HASH,
  SCHEMA_QUERY_HASH,
  startTestServer,
  type TestServer,
  WIDGET_HEADERS,
} from './helpers.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer({ nodeEnv: 'production' });
});
after(() => server.stop());

const persisted = (hash: string) => ({
  operationName: 'Ping',
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});

describe('CORS', () => {
  test('grants an allowed origin, without credentials', async () => {
    const response = await server.post(persisted(PING_HASH), {
      ...WIDGET_HEADERS,
      origin: ALLOWED_ORIGIN,
    });
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.match(response.headers.get('vary') ?? '', /Origin/);
  });

  test('gives an origin outside the list no Access-Control-Allow-Origin', async () => {
    const response = await server.post(persisted(PING_HASH), {
      ...WIDGET_HEADERS,
      origin: 'https://evil.example.net',
    });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });

  test('answers a preflight from an allowed origin with the allowed methods and headers', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-umf-client',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), ALLOWED_ORIGIN);
    assert.equal(response.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
    assert.equal(
      response.headers.get('access-control-allow-headers'),
      'content-type, authorization, x-umf-client, accept-language, x-request-id, idempotency-key',
    );
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
  });

  test('answers a preflight from a foreign origin without any grant', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('access-control-allow-methods'), null);
  });
});

describe('trusted documents', () => {
  test('runs a trusted document sent by hash without the merchant key', async () => {
    const response = await server.post(persisted(PING_HASH));
    assert.equal(response.status, 200);
    assert.deepEqual((await body(response)).data, { __typename: 'Query' });
  });

  test('refuses an arbitrary document without the merchant key', async () => {
    const response = await server.post({ query: '{ __typename }' });
    assert.equal(response.status, 403);
    const { errors, data } = await body(response);
    assert.equal(data, undefined);
    assert.equal(errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_ONLY');
  });

  test('runs an arbitrary document with the merchant key', async () => {
    const response = await server.post({ query: '{ __typename }' }, MERCHANT_HEADERS);
    assert.equal(response.status, 200);
    assert.deepEqual((await body(response)).data, { __typename: 'Query' });
  });

  test('refuses an unknown document hash', async () => {
    const response = await server.post(persisted('0'.repeat(64)));
    assert.equal(response.status, 400);
    assert.equal((await body(response)).errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
  });

  test('refuses a wrong merchant key like no key', async () => {
    const response = await server.post(
      { query: '{ __typename }' },
      { ...WIDGET_HEADERS, authorization: 'Bearer mk_test_not-the-key-0123456789abcdefghij' },
    );
    assert.equal(response.status, 403);
  });
});

describe('introspection', () => {
  const introspection = { query: '{ __schema { queryType { name } } }' };
  const trusted = {
    operationName: 'SchemaName',
    extensions: { persistedQuery: { version: 1, sha256Hash: SCHEMA_QUERY_HASH } },
  };

  test('is refused without the merchant key in production, even as a trusted document', async () => {
    const response = await server.post(trusted, {
      ...WIDGET_HEADERS,
      accept: 'application/graphql-response+json',
    });
    assert.equal(response.status, 400);
    const { data, errors } = await body(response);
    assert.equal(data, undefined);
    assert.match(errors?.[0]?.message ?? '', /introspection/i);
  });

  test('is refused without the merchant key as an arbitrary document', async () => {
    const response = await server.post(introspection);
    assert.equal(response.status, 403);
  });

  test('is allowed with the merchant key', async () => {
    const response = await server.post(introspection, MERCHANT_HEADERS);
    assert.equal(response.status, 200);
    assert.deepEqual((await body(response)).data, { __schema: { queryType: { name: 'Query' } } });
  });

  test('GraphiQL is not served without the key in production', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      headers: { accept: 'text/html', 'x-umf-client': 'browser' },
    });
    assert.doesNotMatch(response.headers.get('content-type') ?? '', /text\/html/);
  });
});

describe('query cost limits (graphql-armor)', () => {
  test('refuses a depth bomb with 400', async () => {
    const query = `{ ${'a { '.repeat(11)}b${' }'.repeat(11)} }`;
    const response = await server.post({ query }, MERCHANT_HEADERS);
    assert.equal(response.status, 400);
    const { errors } = await body(response);
    assert.ok(
      errors?.some((e) => /depth/i.test(e.message)),
      JSON.stringify(errors),
    );
  });

  test('refuses an alias bomb with 400', async () => {
    const fields = Array.from({ length: 6 }, (_, i) => `a${i}: __schema { __typename }`).join(' ');
    const response = await server.post({ query: `{ ${fields} }` }, MERCHANT_HEADERS);
    assert.equal(response.status, 400);
    const { errors } = await body(response);
    assert.ok(
      errors?.some((e) => /alias/i.test(e.message)),
      JSON.stringify(errors),
    );
  });

  test('refuses a token flood with 400', async () => {
    const query = `{ ${'__typename '.repeat(2500)}}`;
    const response = await server.post({ query }, MERCHANT_HEADERS);
    assert.equal(response.status, 400);
  });

  test('answers a syntax error with 400, not 500', async () => {
    const response = await server.post(
      { query: '{ __typename ' },
      { ...MERCHANT_HEADERS, accept: 'application/graphql-response+json' },
    );
    assert.equal(response.status, 400);
  });
});

describe('CSRF prevention', () => {
  test('refuses a simple cross-site form post', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example.net',
      },
      body: `extensions=${encodeURIComponent(JSON.stringify(persisted(PING_HASH).extensions))}`,
    });
    assert.equal(response.status, 403);
  });

  test('refuses a text/plain post without X-UMF-Client', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(persisted(PING_HASH)),
    });
    assert.equal(response.status, 403);
  });

  test('refuses a GET without X-UMF-Client', async () => {
    const params = new URLSearchParams({
      extensions: JSON.stringify(persisted(PING_HASH).extensions),
    });
    const response = await fetch(`${server.url}/graphql?${params}`);
    assert.equal(response.status, 403);
  });

  test('accepts a GET with X-UMF-Client', async () => {
    const params = new URLSearchParams({
      extensions: JSON.stringify(persisted(PING_HASH).extensions),
    });
    const response = await fetch(`${server.url}/graphql?${params}`, {
      headers: { 'x-umf-client': 'widget', accept: 'application/graphql-response+json' },
    });
    assert.equal(response.status, 200);
  });
});

describe('response headers', () => {
  test('every response carries the security headers and a request id', async () => {
    for (const response of [
      await server.post(persisted(PING_HASH)),
      await fetch(`${server.url}/health`),
      await fetch(`${server.url}/nowhere`),
    ]) {
      const h = response.headers;
      assert.equal(h.get('x-content-type-options'), 'nosniff');
      assert.equal(h.get('referrer-policy'), 'no-referrer');
      assert.equal(h.get('cross-origin-resource-policy'), 'cross-origin');
      assert.equal(h.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
      assert.match(h.get('strict-transport-security') ?? '', /max-age=\d+/);
      assert.equal(h.get('cache-control'), 'no-store');
      assert.match(h.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    }
  });

  test('echoes a sane incoming X-Request-Id and replaces an insane one', async () => {
    const sane = await server.post(persisted(PING_HASH), {
      ...WIDGET_HEADERS,
      'x-request-id': 'req-abc-12345678',
    });
    assert.equal(sane.headers.get('x-request-id'), 'req-abc-12345678');
    const insane = await server.post(persisted(PING_HASH), {
      ...WIDGET_HEADERS,
      'x-request-id': 'bad id\twith "quotes"',
    });
    assert.match(insane.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('SSE responses are not buffered by proxies', async () => {
    const response = await server.post(persisted(PING_HASH), {
      ...WIDGET_HEADERS,
      accept: 'text/event-stream',
    });
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    assert.equal(response.headers.get('x-accel-buffering'), 'no');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.match(await response.text(), /"__typename":"Query"/);
  });

  test('an unknown path is a JSON 404', async () => {
    const response = await fetch(`${server.url}/nowhere`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: 'not found' });
  });
});

describe('body limit', () => {
  test('answers a body over 64 KiB with 413', async () => {
    const response = await server.post(
      { query: `{ __typename } # ${'x'.repeat(70 * 1024)}` },
      MERCHANT_HEADERS,
    );
    assert.equal(response.status, 413);
  });

  test('answers a chunked body over the limit with 413', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 6; i += 1) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: MERCHANT_HEADERS,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
  });
});

describe('answers on the wire', () => {
  test('a GraphQL answer goes out whole, with its Content-Length, not chunked', async () => {
    const { request } = await import('node:http');
    const body = JSON.stringify({ query: '{ __typename }' });
    const answer = await new Promise<{ headers: Record<string, unknown>; text: string }>(
      (resolve, reject) => {
        const req = request(`${server.url}/graphql`, {
          method: 'POST',
          headers: { ...MERCHANT_HEADERS, 'content-length': Buffer.byteLength(body) },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ headers: res.headers, text }));
        });
        req.on('error', reject);
        req.end(body);
      },
    );
    assert.equal(answer.headers['transfer-encoding'], undefined);
    assert.equal(Number(answer.headers['content-length']), Buffer.byteLength(answer.text));
    assert.deepEqual(JSON.parse(answer.text), { data: { __typename: 'Query' } });
  });
});
