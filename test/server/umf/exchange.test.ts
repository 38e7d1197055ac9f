// The UMF client's default transport (node:http with a keep-alive agent) against a real local
// server: the bytes and headers it sends, an answer cut before its end, the deadline, and the
// server's Keep-Alive hint that retires an idle connection before the server closes it.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { createKeys, verifyBytes } from '../../../server/umf/crypto.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import { type CallSpec, createTransport } from '../../../server/umf/http.ts';

type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: Buffer };
const seen: Seen[] = [];
const sockets = new Set<Socket>();
let answer: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks),
    });
    answer(req, res);
  });
});
server.on('connection', (socket) => sockets.add(socket));

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = createKeys({
  merchantPrivateKey: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  umfPublicKey: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
});

let base = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cberest/v1`;
});
after(() => new Promise((resolve) => server.close(resolve)));

const transport = (timeoutMs = 2000) =>
  createTransport({
    baseUrl: base,
    keys,
    timeoutMs,
    language: 'ZH',
    retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    random: () => 0,
    sleep: async () => undefined,
    newRequestId: () => 'req-1',
  });

const POST: CallSpec = {
  method: 'POST',
  endpoint: 'POST /payments/payment',
  path: '/payments/payment',
  body: { payment: { amount: '10.00', description: '商品' } },
  retry: false,
};

const json = (res: ServerResponse, status: number, text: string, headers = {}) => {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'X-Request-Id': 'umf-9',
    ...headers,
  });
  res.end(text);
};

test('sends the signed bytes with UMF headers and reads status, headers and text', async () => {
  answer = (_req, res) => json(res, 201, '{"meta":{"ret_code":"0000"},"ok":"是"}');
  const from = seen.length;
  const response = await transport().send(POST);
  const request = seen[from];
  assert.equal(request.method, 'POST');
  assert.equal(request.url, '/cberest/v1/payments/payment');
  assert.equal(request.body.toString('utf8'), JSON.stringify(POST.body));
  assert.equal(request.headers['content-length'], String(request.body.length));
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(request.headers['accept-language'], 'ZH');
  assert.equal(request.headers.charset, 'UTF-8');
  assert.equal(request.headers['x-request-id'], 'req-1');
  assert.ok(verifyBytes(request.body, String(request.headers.signature), keys.umfPublicKey));
  assert.equal(response.status, 201);
  assert.equal(response.text, '{"meta":{"ret_code":"0000"},"ok":"是"}');
  assert.equal(response.requestId, 'umf-9');
  assert.equal(response.headers.get('Content-Type'), 'application/json');
  assert.equal(response.headers.get('retry-after'), null);
});

test('an answer cut before its end is a network error, not an answer', async () => {
  answer = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
    res.write('{"meta":{"ret_code":"0000"');
    setTimeout(() => res.socket?.destroy(), 20);
  };
  await assert.rejects(
    transport().send(POST),
    (error: unknown) => error instanceof UmfError && error.code === 'NETWORK_ERROR',
  );
});

test('no whole answer within the deadline is a timeout, and the request is not sent again', async () => {
  answer = (_req, res) => setTimeout(() => json(res, 200, '{}'), 400);
  const from = seen.length;
  await assert.rejects(
    transport(100).send(POST),
    (error: unknown) => error instanceof UmfError && error.code === 'TIMEOUT',
  );
  await new Promise((resolve) => setTimeout(resolve, 450));
  assert.equal(seen.length - from, 1);
});

test("an idle connection is retired before the server's Keep-Alive timeout ends it", async () => {
  // Keep-Alive: timeout=2 — the client must stop reusing the connection after about 1 s.
  server.keepAliveTimeout = 2000;
  answer = (_req, res) => json(res, 200, '{}');
  const client = transport();
  const before = sockets.size;
  await client.send(POST);
  await client.send(POST);
  assert.equal(sockets.size - before, 1, 'back-to-back calls share one connection');
  await new Promise((resolve) => setTimeout(resolve, 1300));
  await client.send(POST);
  assert.equal(sockets.size - before, 2, 'after the hint, a new connection');
});
