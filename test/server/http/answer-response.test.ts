import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createYoga } from 'graphql-yoga';
import { AppResponse as AnswerResponse } from '../../../server/http/app-response.ts';
import { toNodeListener } from '../../../server/http/node-listener.ts';
import { type Bff, startBff } from '../../support/bff.ts';

// Yoga's own Response class (whatwg-node's), from a bare Yoga.
const Buffered = createYoga({ logging: false }).fetchAPI.Response;

/** One GET through toNodeListener: status, the headers as received, the body text. */
async function served(answer: () => Response) {
  const server = createServer(
    toNodeListener(
      async () => answer(),
      (error) => assert.fail(String(error)),
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
      (resolve, reject) => {
        request({ port, host: '127.0.0.1', path: '/', agent: false }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        })
          .on('error', reject)
          .end();
      },
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("the app's Response (AppResponse)", () => {
  test('a text or no body is a buffered answer; a stream is Node’s Response', async () => {
    const text = new AnswerResponse('{"data":{"ok":"是"}}', { status: 200 });
    assert.ok(text instanceof Buffered);
    assert.equal(
      text.headers.get('content-length'),
      String(Buffer.byteLength('{"data":{"ok":"是"}}')),
    );
    assert.equal(await text.text(), '{"data":{"ok":"是"}}');
    assert.ok(new AnswerResponse(null, { status: 204 }) instanceof Buffered);
    const stream = new AnswerResponse(new ReadableStream({ start: (c) => c.close() }));
    assert.ok(stream instanceof Response);
    assert.ok(!(stream instanceof Buffered));
    // The statics stay usable.
    assert.deepEqual(await AnswerResponse.json({ a: 1 }).json(), { a: 1 });
  });

  const cases: Array<[string, () => Response, number, string, Record<string, unknown>]> = [
    [
      'a JSON text: one write with its length',
      () =>
        new AnswerResponse('{"data":"是"}', {
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      200,
      '{"data":"是"}',
      { 'content-length': String(Buffer.byteLength('{"data":"是"}')) },
    ],
    [
      'no body: headers only, as Node writes an answer without one',
      () => new AnswerResponse(null, { status: 405, headers: { allow: 'POST' } }),
      405,
      '',
      { allow: 'POST', 'transfer-encoding': 'chunked', 'content-length': undefined },
    ],
    [
      'an empty text: a zero length',
      () => new AnswerResponse('', { status: 200 }),
      200,
      '',
      { 'content-length': '0' },
    ],
  ];
  for (const [name, answer, status, body, headers] of cases)
    test(`through the node listener, ${name}`, async () => {
      const got = await served(answer);
      assert.equal(got.status, status);
      assert.equal(got.text, body);
      for (const [header, value] of Object.entries(headers))
        assert.equal(got.headers[header], value, header);
    });
});

describe('every kind of answer the BFF makes is the app Response', () => {
  let bff: Bff;
  before(async () => {
    bff = await startBff();
  });
  after(() => bff.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    new Request(`http://127.0.0.1${path}`, { method: 'POST', body, headers });
  const cases: Array<[string, () => Request, number]> = [
    [
      'a GraphQL answer',
      () =>
        post('/graphql', '{"query":"{ __typename }"}', {
          'content-type': 'application/json',
          'x-umf-client': 'test',
          authorization: `Bearer ${bff.config.merchantApiKeys?.[0]}`,
        }),
      200,
    ],
    ["an answer to UMF's notification", () => post('/umf/notify', '{}'), 400],
    ["the BFF's own JSON answer (404)", () => post('/nowhere', ''), 404],
    [
      'a CORS preflight',
      () =>
        new Request('http://127.0.0.1/graphql', {
          method: 'OPTIONS',
          headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
        }),
      204,
    ],
  ];
  for (const [name, request, status] of cases)
    test(`${name}: a buffered answer, its text kept as it is`, async () => {
      const response = await bff.server.app.fetch(request());
      assert.equal(response.status, status);
      assert.ok(response instanceof Buffered, name);
      assert.ok(response instanceof AnswerResponse, name);
    });
});
