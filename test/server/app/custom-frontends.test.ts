// A custom frontend on the public endpoint, as the README's "Trusted documents" shows it: a
// manifest written by `npm run trusted-documents`, then urql, graphql-request and graphql-sse
// (the real clients) against the real BFF over HTTP; what a wrong setup is told; GraphiQL
// served from the installed package; CORS refusals in the log.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client, cacheExchange, fetchExchange, getOperationName, gql } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { GraphQLClient } from 'graphql-request';
import { createClient } from 'graphql-sse';
import { type Bff, startBff } from '../../support/bff.ts';
import { createCheckout } from '../bff/harness.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);

const SHOP_OPERATIONS = `# the shop's own checkout page
query ShopCheckout($clientSecret: String!) {
  checkout(clientSecret: $clientSecret) {
    __typename
    ... on Checkout { ...Basics }
  }
}

subscription ShopUpdates($clientSecret: String!) {
  checkoutUpdated(clientSecret: $clientSecret) { ...Basics }
}

fragment Basics on Checkout {
  id
  status
}
`;

/** The README's hash rule: SHA-256 hex of the exact text, UTF-8 (as a browser computes it). */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `npm run trusted-documents -- <files> --out <out>` as a process (exit code, output). */
async function trustedDocuments(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'scripts/trusted-documents.ts'), ...args],
      // As `npm run` does: started in the package folder, INIT_CWD where it was typed.
      { cwd: ROOT, env: { ...process.env, INIT_CWD: cwd } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const HEADERS = { 'x-umf-client': 'my-shop' };

let dir: string;
let manifestFile: string;
let manifest: Record<string, string>;
let bff: Bff;
let clientSecret: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'umf-frontend-'));
  await writeFile(join(dir, 'my-ops.graphql'), SHOP_OPERATIONS);
  const written = await trustedDocuments(['my-ops.graphql', '--out', 'shop-documents.json'], dir);
  assert.equal(written.code, 0, written.stderr);
  manifestFile = join(dir, 'shop-documents.json');
  manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
  bff = await startBff({ env: { TRUSTED_DOCUMENTS_FILES: manifestFile }, logLevel: 'warn' });
  ({ clientSecret } = await createCheckout(bff.endpoint));
});
after(async () => {
  await bff?.close();
  await rm(dir, { recursive: true, force: true });
});

const documentOf = (name: string) => {
  const found = Object.values(manifest).find((text) => getOperationName(gql(text)) === name);
  assert.ok(found, `${name} in the manifest`);
  return found;
};

describe('npm run trusted-documents', () => {
  test('writes one document per operation, keyed by the SHA-256 hex of its exact text', async () => {
    assert.equal(Object.keys(manifest).length, 2);
    for (const [hash, text] of Object.entries(manifest)) assert.equal(hash, await sha256Hex(text));
    assert.equal(
      documentOf('ShopUpdates'),
      'subscription ShopUpdates($clientSecret: String!) {\n  checkoutUpdated(clientSecret: $clientSecret) { ...Basics }\n}\n\nfragment Basics on Checkout {\n  id\n  status\n}',
    );
  });

  test('refuses an operation the schema rejects, naming file and operation, writing nothing', async () => {
    await writeFile(
      join(dir, 'bad.graphql'),
      'query Broken { checkout(clientSecret: "x") { nope } }',
    );
    const result = await trustedDocuments(['bad.graphql', '--out', 'bad.json'], dir);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /bad\.graphql: operation Broken: .*nope/);
    await assert.rejects(readFile(join(dir, 'bad.json'), 'utf8'), { code: 'ENOENT' });
  });
});

describe('the BFF at start', () => {
  test('refuses a manifest document the schema rejects, naming the file and the operation', async () => {
    const text =
      'query Stale { checkout(clientSecret: "x") { __typename ... on Checkout { gone } } }';
    await assert.rejects(
      startBff({ trustedDocuments: { [await sha256Hex(text)]: text } }),
      (error: Error) =>
        /merchant-documents\.json: operation Stale: Cannot query field "gone"/.test(error.message),
    );
  });
});

describe('urql with its persisted exchange', () => {
  test('runs a trusted query by hash with the manifest hash looked up by operation name', async () => {
    const hashes = new Map(
      Object.entries(manifest).map(([hash, text]) => [getOperationName(gql(text)), hash]),
    );
    const client = new Client({
      url: bff.endpoint,
      fetchOptions: { headers: HEADERS },
      exchanges: [
        cacheExchange,
        persistedExchange({
          enforcePersistedQueries: true,
          enableForMutation: true,
          generateHash: async (_printed, document) => hashes.get(getOperationName(document)) ?? '',
        }),
        fetchExchange,
      ],
    });
    const result = await client.query(documentOf('ShopCheckout'), { clientSecret }).toPromise();
    assert.equal(result.error, undefined);
    assert.equal(result.data.checkout.status, 'OPEN');
  });

  test("its own hash of urql's printed text is an unknown document, and the error says what to do", async () => {
    const client = new Client({
      url: bff.endpoint,
      fetchOptions: { headers: HEADERS },
      exchanges: [persistedExchange({ enforcePersistedQueries: true }), fetchExchange],
    });
    const result = await client.query(documentOf('ShopCheckout'), { clientSecret }).toPromise();
    const message = result.error?.graphQLErrors[0]?.message ?? '';
    assert.match(message, /^Unknown trusted document/);
    assert.match(message, /SHA-256 hex of the exact document text/);
    assert.match(message, /npm run trusted-documents/);
    assert.match(message, /TRUSTED_DOCUMENTS_FILES/);
  });
});

describe('graphql-request', () => {
  const withHash = (client: 'text+hash' | 'text only') =>
    new GraphQLClient(bff.endpoint, {
      headers: HEADERS,
      requestMiddleware: async (request) => {
        if (client === 'text only' || typeof request.body !== 'string') return request;
        const body = JSON.parse(request.body);
        body.extensions = {
          persistedQuery: { version: 1, sha256Hash: await sha256Hex(body.query) },
        };
        return { ...request, body: JSON.stringify(body) };
      },
    });

  test('a trusted document sent as text plus its hash runs', async () => {
    const data = await withHash('text+hash').request<{ checkout: { status: string } }>(
      documentOf('ShopCheckout'),
      { clientSecret },
    );
    assert.equal(data.checkout.status, 'OPEN');
  });

  test('the text alone is refused with what to send instead', async () => {
    await assert.rejects(
      withHash('text only').request(documentOf('ShopCheckout'), { clientSecret }),
      (error: Error) =>
        /403/.test(error.message) &&
        /PERSISTED_QUERY_ONLY/.test(error.message) &&
        /extensions\.persistedQuery/.test(error.message),
    );
  });
});

describe('the wire, for any client', () => {
  const post = (body: unknown, headers: Record<string, string> = HEADERS) =>
    fetch(bff.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  test('text and a hash that disagree are a 400 saying so', async () => {
    const query = documentOf('ShopCheckout');
    const hash = Object.keys(manifest).find((key) => manifest[key] === documentOf('ShopUpdates'));
    const response = await post({
      query,
      variables: { clientSecret },
      extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
    });
    assert.equal(response.status, 400);
    const { errors } = (await response.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    assert.equal(errors[0]?.extensions.code, 'PERSISTED_QUERY_HASH_MISMATCH');
    assert.match(errors[0]?.message ?? '', new RegExp(`here ${await sha256Hex(query)}`));
  });

  test('a GET without x-umf-client is refused naming the header', async () => {
    const hash = Object.keys(manifest).find((key) => manifest[key] === documentOf('ShopCheckout'));
    const url = new URL(bff.endpoint);
    url.searchParams.set('variables', JSON.stringify({ clientSecret }));
    url.searchParams.set(
      'extensions',
      JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
    );
    const refused = await fetch(url, { headers: { accept: 'application/json' } });
    assert.equal(refused.status, 403);
    const body = (await refused.json()) as { errors: { message: string }[] };
    assert.match(body.errors[0]?.message ?? '', /send the header x-umf-client/);
    const sent = await fetch(url, { headers: { accept: 'application/json', ...HEADERS } });
    assert.equal(sent.status, 200);
  });

  test('PUT on /graphql (graphql-sse single connection mode) is a 405 that says which mode works', async () => {
    const response = await fetch(bff.endpoint, { method: 'PUT', headers: HEADERS });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, POST, OPTIONS');
    const body = (await response.json()) as { errors: { message: string }[] };
    assert.match(
      body.errors[0]?.message ?? '',
      /distinct connections mode \(singleConnection: false/,
    );
  });
});

describe('graphql-sse', () => {
  test('distinct connections mode streams a trusted subscription sent with query and hash', async () => {
    const client = createClient({ url: bff.endpoint, headers: HEADERS, retryAttempts: 0 });
    const query = documentOf('ShopUpdates');
    const updates = client.iterate<{ checkoutUpdated: { status: string } }>({
      query,
      variables: { clientSecret },
      extensions: { persistedQuery: { version: 1, sha256Hash: await sha256Hex(query) } },
    });
    const first = await updates.next();
    await updates.return?.(undefined);
    client.dispose();
    assert.equal(first.value?.errors, undefined);
    assert.equal(first.value?.data?.checkoutUpdated.status, 'OPEN');
  });

  test('single connection mode fails at its stream reservation with the 405', async () => {
    const client = createClient({
      url: bff.endpoint,
      headers: HEADERS,
      singleConnection: true,
      retryAttempts: 0,
    });
    const query = documentOf('ShopUpdates');
    const updates = client.iterate({
      query,
      variables: { clientSecret },
      extensions: { persistedQuery: { version: 1, sha256Hash: await sha256Hex(query) } },
    });
    await assert.rejects(updates.next(), (error: unknown) =>
      /405/.test(String((error as Error)?.message ?? error)),
    );
    client.dispose();
  });
});

describe('CORS', () => {
  test('a refused origin is logged at warn with the origin and the variable to change', async () => {
    const response = await fetch(bff.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://other-shop.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const line = bff.logs
      .map((text) => JSON.parse(text) as { level: number; msg: string; origin?: string })
      .find((entry) => entry.origin === 'https://other-shop.example');
    assert.ok(line, 'a log line naming the origin');
    assert.equal(line.level, 40, 'warn');
    assert.match(line.msg, /not in ALLOWED_ORIGINS/);
  });

  test('an allowed origin logs no warning', async () => {
    await fetch(bff.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(
      bff.logs.filter((text) => text.includes('"origin":"https://shop.example"')).length,
      0,
    );
  });
});

describe('GraphiQL in development', () => {
  let dev: Bff;
  before(async () => {
    dev = await startBff({ nodeEnv: 'development' });
  });
  after(() => dev?.close());

  test('references only its own asset URLs, each answering 200', async () => {
    const page = await fetch(dev.endpoint, { headers: { accept: 'text/html' } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.doesNotMatch(html, /https?:\/\//, 'no absolute URL: nothing from a CDN');
    assert.doesNotMatch(page.headers.get('content-security-policy') ?? '', /https?:/);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url as string);
    assert.equal(urls.length, 4, urls.join(', '));
    for (const url of urls) {
      assert.match(url, /^\/graphiql\//);
      const asset = await fetch(new URL(url, dev.url));
      assert.equal(asset.status, 200, url);
      assert.ok((await asset.arrayBuffer()).byteLength > 100, url);
    }
    const start = await (await fetch(new URL(urls.at(-1) as string, dev.url))).text();
    const workers = [...start.matchAll(/"([a-z]+\.worker\.js)"/g)].map(
      ([, name]) => name as string,
    );
    assert.equal(workers.length, 3);
    const base = new URL(urls.at(-1) as string, dev.url);
    for (const worker of workers)
      assert.equal((await fetch(new URL(worker, base))).status, 200, worker);
  });
});
