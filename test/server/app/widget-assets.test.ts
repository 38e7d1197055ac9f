// The BFF serves the widget bundles from a dist folder: JS content type, short cache plus a
// strong content ETag (304 on If-None-Match), open to every origin, a JSON 404 with a hint
// when nothing was built.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCheckoutPubSub } from '../../../server/events/pubsub.ts';
import { buildSchema } from '../../../server/graphql/schema.ts';
import { type App, createApp } from '../../../server/http/app.ts';
import { createLogger } from '../../../server/http/logger.ts';
import { ALLOWED_ORIGIN, MERCHANT_KEY, startTestServer, type TestServer } from './helpers.ts';

const ES_BUNDLE = 'customElements.define("umf-checkout",class extends HTMLElement{});\n';
const FILES = {
  'umf-checkout.js': ES_BUNDLE,
  'umf-checkout.js.map': '{"version":3,"sources":[],"mappings":""}',
  'umf-checkout.iife.js': '(function(){"use strict";})();\n',
  'umf-checkout.iife.js.map': '{"version":3,"sources":[],"mappings":"A"}',
};

let server: TestServer;
let widgetDir: string;
let app: App;

function appWith(dir: string): App {
  return createApp({
    config: server.config,
    schema: buildSchema(),
    service: server.service,
    pubsub: createCheckoutPubSub(),
    logger: createLogger({ level: 'silent' }),
    trustedDocuments: new Map(),
    merchantKeys: [MERCHANT_KEY],
    widgetDir: dir,
  });
}

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  app.fetch(new Request(`http://app.test${path}`, { method, headers }));

const strongEtag = (body: string) => `"${createHash('sha256').update(body).digest('base64url')}"`;

before(async () => {
  server = await startTestServer();
  widgetDir = await mkdtemp(join(tmpdir(), 'umf-dist-'));
  for (const [name, body] of Object.entries(FILES)) await writeFile(join(widgetDir, name), body);
  app = appWith(widgetDir);
});
after(async () => {
  await app.close();
  await server.stop();
  await rm(widgetDir, { recursive: true, force: true });
});

describe('widget bundles', () => {
  test('serves the ES module as JavaScript with a short cache and a strong content ETag', async () => {
    const response = await get('/umf-checkout.js');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), ES_BUNDLE);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(response.headers.get('etag'), strongEtag(ES_BUNDLE));
  });

  test('serves the IIFE build and both source maps', async () => {
    for (const [name, body] of Object.entries(FILES)) {
      const response = await get(`/${name}`);
      assert.equal(response.status, 200, name);
      assert.equal(await response.text(), body);
      assert.equal(
        response.headers.get('content-type'),
        name.endsWith('.map')
          ? 'application/json; charset=utf-8'
          : 'text/javascript; charset=utf-8',
      );
    }
  });

  test('answers 304 without a body when If-None-Match names the current ETag', async () => {
    const etag = strongEtag(ES_BUNDLE);
    for (const header of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
      const response = await get('/umf-checkout.js', { 'if-none-match': header });
      assert.equal(response.status, 304, header);
      assert.equal(await response.text(), '');
      assert.equal(response.headers.get('etag'), etag);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    }
  });

  test('answers 200 with a new ETag once the bundle is rebuilt', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'umf-dist-'));
    const rebuilt = appWith(dir);
    try {
      await writeFile(join(dir, 'umf-checkout.js'), 'export const v = 1;\n');
      const first = await rebuilt.fetch(new Request('http://app.test/umf-checkout.js'));
      const etag = first.headers.get('etag') ?? '';
      await writeFile(join(dir, 'umf-checkout.js'), 'export const v = 22;\n');
      const second = await rebuilt.fetch(
        new Request('http://app.test/umf-checkout.js', { headers: { 'if-none-match': etag } }),
      );
      assert.equal(second.status, 200);
      assert.equal(await second.text(), 'export const v = 22;\n');
      assert.notEqual(second.headers.get('etag'), etag);
    } finally {
      await rebuilt.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('any page may load the script: Access-Control-Allow-Origin * and CORP cross-origin', async () => {
    for (const origin of [ALLOWED_ORIGIN, 'https://another-merchant.example']) {
      const response = await get('/umf-checkout.js', { origin });
      assert.equal(response.headers.get('access-control-allow-origin'), '*', origin);
      assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    }
  });

  test('HEAD answers the headers without the body', async () => {
    const response = await get('/umf-checkout.iife.js', {}, 'HEAD');
    assert.equal(response.status, 200);
    assert.equal(
      response.headers.get('content-length'),
      String(FILES['umf-checkout.iife.js'].length),
    );
    assert.equal(await response.text(), '');
  });

  test('serves nothing else from the folder', async () => {
    await writeFile(join(widgetDir, 'secret.txt'), 'not for the public');
    for (const path of ['/secret.txt', '/umf-checkout.js/../secret.txt', '/dist/umf-checkout.js']) {
      const response = await get(path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(await response.text(), /not for the public/);
    }
    assert.equal((await get('/umf-checkout.js', {}, 'POST')).status, 404);
  });

  test('answers a JSON 404 that says to build when the bundles are missing', async () => {
    const empty = appWith(join(widgetDir, 'missing'));
    try {
      const response = await empty.fetch(new Request('http://app.test/umf-checkout.js'));
      assert.equal(response.status, 404);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      const body = (await response.json()) as { error: string; hint: string };
      assert.match(body.hint, /npm run build/);
    } finally {
      await empty.close();
    }
  });
});
