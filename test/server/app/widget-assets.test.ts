// The BFF serves the widget bundles from a dist folder: JS content type, short cache plus a
// strong content ETag (304 on If-None-Match) at the stable URL, a year and `immutable` at the
// content-hash URL it names and for the lazy chunks, brotli or gzip when accepted, open to
// every origin, a JSON 404 with a hint when nothing was built; the build's compressed copies
// beside a script are what goes out, once they inflate to it.
import assert from 'node:assert/strict';
import { createHash, pbkdf2 } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { precompress } from '../../../scripts/precompress.ts';
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
  'chunks/en-1QL4fYUU.js': 'const t={locale:"en"};export{t as en};\n',
};
const contentHash = (body: string) => createHash('sha256').update(body).digest('hex').slice(0, 16);
const A_YEAR = 'public, max-age=31536000, immutable';

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

/** Runs `use` on an app serving a fresh, empty dist folder, removed afterwards. */
async function withDist(use: (dir: string, app: App) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'umf-dist-'));
  const fresh = appWith(dir);
  try {
    await use(dir, fresh);
  } finally {
    await fresh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The compressed encodings, how each inflates, and the build's copy's suffix. */
const ENCODINGS = [
  ['gzip', gunzipSync, '.gz'],
  ['br', brotliDecompressSync, '.br'],
] as const;

/** The bytes `on` sends for `path` to a client accepting only `encoding`, sent so. */
async function encodedBody(on: App, path: string, encoding: 'gzip' | 'br'): Promise<Buffer> {
  const response = await on.fetch(
    new Request(`http://app.test${path}`, { headers: { 'accept-encoding': encoding } }),
  );
  assert.equal(response.headers.get('content-encoding'), encoding);
  return Buffer.from(await response.arrayBuffer());
}

const strongEtag = (body: string) => `"${createHash('sha256').update(body).digest('base64url')}"`;

before(async () => {
  server = await startTestServer();
  widgetDir = await mkdtemp(join(tmpdir(), 'umf-dist-'));
  await mkdir(join(widgetDir, 'chunks'));
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

  test('the stable URL names the content-hash URL, served the same bytes for a year, immutable', async () => {
    for (const [stable, versioned] of [
      ['umf-checkout.js', `umf-checkout.${contentHash(ES_BUNDLE)}.js`],
      [
        'umf-checkout.iife.js',
        `umf-checkout.iife.${contentHash(FILES['umf-checkout.iife.js'])}.js`,
      ],
    ] as const) {
      const response = await get(`/${stable}`);
      assert.equal(response.headers.get('content-location'), versioned);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
      const hashed = await get(`/${versioned}`);
      assert.equal(hashed.status, 200, versioned);
      assert.equal(await hashed.text(), FILES[stable]);
      assert.equal(hashed.headers.get('cache-control'), A_YEAR);
      assert.equal(hashed.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(hashed.headers.get('content-location'), null);
    }
    // A hash of another build is not this file: not served under that name.
    const stale = await get('/umf-checkout.0123456789abcdef.js');
    assert.equal(stale.status, 404);
  });

  test('the lazy chunks are served for a year, immutable (their names carry their hash)', async () => {
    const response = await get('/chunks/en-1QL4fYUU.js');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), FILES['chunks/en-1QL4fYUU.js']);
    assert.equal(response.headers.get('cache-control'), A_YEAR);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    for (const path of ['/chunks/missing-abc.js', '/chunks/../secret.txt', '/chunks/a/b.js']) {
      assert.equal((await get(path)).status, 404, path);
    }
  });

  test('sends brotli, else gzip, as Accept-Encoding allows; identity without it', async () => {
    const cases: [string | undefined, string | null][] = [
      ['br, gzip', 'br'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip;q=0.5', 'gzip'],
      ['*', 'br'],
      ['identity', null],
      [undefined, null],
      ['br;q=0, gzip;q=0', null],
    ];
    const etags = new Set<string>();
    for (const [accept, encoding] of cases) {
      const response = await get('/umf-checkout.js', accept ? { 'accept-encoding': accept } : {});
      assert.equal(response.headers.get('content-encoding'), encoding, String(accept));
      assert.equal(response.headers.get('vary'), 'Accept-Encoding');
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.equal(response.headers.get('content-length'), String(bytes.length));
      const text =
        encoding === 'br'
          ? brotliDecompressSync(bytes).toString()
          : encoding === 'gzip'
            ? gunzipSync(bytes).toString()
            : bytes.toString();
      assert.equal(text, ES_BUNDLE, String(accept));
      etags.add(`${encoding} ${response.headers.get('etag')}`);
    }
    // One strong ETag per representation, each revalidating to a 304.
    const byEncoding = new Map([...etags].map((entry) => entry.split(' ') as [string, string]));
    assert.equal(new Set(byEncoding.values()).size, 3);
    for (const etag of byEncoding.values()) {
      const response = await get('/umf-checkout.js', {
        'accept-encoding': 'br',
        'if-none-match': etag,
      });
      assert.equal(response.status, 304, etag);
    }
  });

  test("serves the build's compressed copies (zopfli gzip, brotli) byte for byte", async () => {
    await withDist(async (dir, built) => {
      const bundle = join(dir, 'umf-checkout.iife.js');
      for (const version of [1, 2]) {
        // A rebuild writes the script and then its copies: the new copies are what is served.
        const body = `(function(){${Array.from({ length: 300 }, (_, i) => `var a${i}=${i * version};`).join('')}})();\n`;
        await writeFile(bundle, body);
        await precompress(bundle);
        for (const [encoding, inflate, suffix] of ENCODINGS) {
          const served = await encodedBody(built, '/umf-checkout.iife.js', encoding);
          assert.deepEqual(served, await readFile(`${bundle}${suffix}`), encoding);
          assert.equal(inflate(served).toString(), body, encoding);
        }
      }
      // zopfli's stream is not zlib's: the bytes above are the copy, not made on the fly.
      const gz = await readFile(`${bundle}.gz`);
      assert.ok(gz.length < gzipSync(await readFile(bundle), { level: 9 }).length);
    });
  });

  test("a compressed body's ETag names its bytes: the build's copy is not the one made here", async () => {
    await withDist(async (dir, built) => {
      const bundle = join(dir, 'umf-checkout.js');
      await writeFile(bundle, `export const v = "${'zopfli '.repeat(200)}";\n`);
      const etags = async () => {
        const tags: Record<string, string | null> = {};
        for (const encoding of ['identity', 'gzip', 'br']) {
          const response = await built.fetch(
            new Request('http://app.test/umf-checkout.js', {
              headers: { 'accept-encoding': encoding },
            }),
          );
          tags[encoding] = response.headers.get('etag');
        }
        return tags;
      };
      const madeHere = await etags();
      await precompress(bundle);
      const copies = await etags();
      assert.equal(copies.identity, madeHere.identity);
      assert.notEqual(copies.gzip, madeHere.gzip);
      // brotli's copy has the same bytes as brotli made here: the same validator.
      assert.equal(copies.br, madeHere.br);
    });
  });

  test('a copy that does not inflate to the script (stale or damaged) is not served', async () => {
    await withDist(async (dir, built) => {
      await writeFile(join(dir, 'umf-checkout.js'), ES_BUNDLE);
      await writeFile(join(dir, 'umf-checkout.js.gz'), gzipSync('export const older = 1;\n'));
      await writeFile(join(dir, 'umf-checkout.js.br'), 'not brotli');
      for (const [encoding, inflate] of ENCODINGS) {
        const served = await encodedBody(built, '/umf-checkout.js', encoding);
        assert.equal(inflate(served).toString(), ES_BUNDLE, encoding);
      }
    });
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
    await withDist(async (dir, rebuilt) => {
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
    });
  });

  test('a bundle already read is answered while the thread pool is busy (no file work there)', async () => {
    assert.equal((await get('/umf-checkout.js')).status, 200, 'read once');
    // Every thread of libuv's pool busy for a while, as the store's flushes can keep it.
    const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    let busyUntil = 0;
    const busy = Array.from(
      { length: threads },
      () =>
        new Promise<void>((resolve, reject) =>
          pbkdf2('x', 'salt', 400_000, 64, 'sha512', (error) => {
            busyUntil ||= performance.now();
            if (error) reject(error);
            else resolve();
          }),
        ),
    );
    const response = await get('/umf-checkout.js');
    const answeredAt = performance.now();
    assert.equal(await response.text(), ES_BUNDLE);
    await Promise.all(busy);
    assert.ok(answeredAt < busyUntil, 'answered before the pool had a free thread');
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
    for (const path of [
      '/secret.txt',
      '/umf-checkout.js/../secret.txt',
      '/dist/umf-checkout.js',
      '/umf-checkout.js.gz',
      '/umf-checkout.iife.js.br',
    ]) {
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
