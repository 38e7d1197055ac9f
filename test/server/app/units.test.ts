// The small HTTP pieces on their own: rate limiter, merchant key check, dev key file,
// trusted-document manifests, request ids.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createLogger } from '../../../server/http/logger.ts';
import { createMerchantKeyCheck, loadOrCreateDevKey } from '../../../server/http/merchant-key.ts';
import { createRateLimiter } from '../../../server/http/rate-limit.ts';
import { requestIdFor } from '../../../server/http/request-id.ts';
import {
  documentHash,
  loadTrustedDocuments,
  parseManifest,
  widgetDocumentId,
} from '../../../server/http/trusted-documents.ts';
import { UmfError } from '../../../server/umf/errors.ts';
import { SECRET_KEYS } from '../../../server/umf/redact.ts';
import { PHONE } from '../../support/fixtures.ts';

describe('rate limiter', () => {
  test('allows max hits per window, then tells when to retry', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ windowMs: 60_000, max: 2, now: () => now });
    assert.deepEqual(limiter.take('a'), { ok: true });
    now += 10_000;
    assert.deepEqual(limiter.take('a'), { ok: true });
    assert.deepEqual(limiter.take('a'), { ok: false, retryAt: new Date(1_060_000) });
    assert.deepEqual(limiter.take('b'), { ok: true });
    now = 1_060_001;
    assert.deepEqual(limiter.take('a'), { ok: true });
  });

  test('keeps at most maxKeys keys, evicting the stalest', () => {
    const limiter = createRateLimiter({ windowMs: 1000, max: 1, now: () => 0, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) limiter.take(key);
    assert.equal(limiter.size, 3);
    assert.deepEqual(limiter.take('a'), { ok: true }); // evicted, so allowed again
  });
});

describe('merchant key', () => {
  const check = createMerchantKeyCheck(['k'.repeat(40), 'r'.repeat(40)]);
  const headers = (authorization: string) => new Headers({ authorization });

  test('accepts any configured key as a bearer token', () => {
    assert.equal(check(headers(`Bearer ${'k'.repeat(40)}`)), true);
    assert.equal(check(headers(`bearer ${'r'.repeat(40)}`)), true);
  });

  test('refuses a wrong, partial, or missing key', () => {
    assert.equal(check(headers(`Bearer ${'k'.repeat(39)}`)), false);
    assert.equal(check(headers('k'.repeat(40))), false);
    assert.equal(check(new Headers()), false);
    assert.equal(createMerchantKeyCheck([])(headers('Bearer ')), false);
  });

  test('generates the development key once, mode 0600, and reuses it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'umf-key-'));
    try {
      const first = await loadOrCreateDevKey(join(dir, 'data'));
      assert.equal(first.created, true);
      assert.equal((await stat(first.path)).mode & 0o777, 0o600);
      const second = await loadOrCreateDevKey(join(dir, 'data'));
      assert.deepEqual(second, { ...first, created: false });
      assert.equal((await readFile(first.path, 'utf8')).trim(), first.key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('trusted documents', () => {
  test('loads extra manifests next to the widget one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'umf-docs-'));
    try {
      const doc = 'query A { __typename }';
      await writeFile(join(dir, 'extra.json'), JSON.stringify({ [documentHash(doc)]: doc }));
      const docs = await loadTrustedDocuments([join(dir, 'extra.json')], {
        widgetManifest: join(dir, 'none.json'),
      });
      assert.equal(docs.get(documentHash(doc)), doc);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("answers the widget's short ids, and only for the widget's manifest", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'umf-docs-'));
    try {
      const [widgetDoc, extraDoc] = ['query W { __typename }', 'query E { __typename }'];
      const manifest = (doc: string) => JSON.stringify({ [documentHash(doc)]: doc });
      await writeFile(join(dir, 'widget.json'), manifest(widgetDoc));
      await writeFile(join(dir, 'extra.json'), manifest(extraDoc));
      const docs = await loadTrustedDocuments([join(dir, 'extra.json')], {
        widgetManifest: join(dir, 'widget.json'),
      });
      const id = widgetDocumentId(documentHash(widgetDoc));
      assert.equal(id, documentHash(widgetDoc).slice(0, 8));
      assert.equal(docs.get(id), widgetDoc);
      assert.equal(docs.get(documentHash(widgetDoc)), widgetDoc);
      assert.equal(docs.get(widgetDocumentId(documentHash(extraDoc))), undefined);
      assert.equal(docs.get(documentHash(extraDoc)), extraDoc);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('refuses a manifest whose hash does not match its document', () => {
    assert.throws(() => parseManifest(JSON.stringify({ ['0'.repeat(64)]: '{ a }' }), 'x.json'));
    assert.throws(() => parseManifest('[]', 'x.json'));
  });
});

describe('request id', () => {
  test('keeps a sane id and replaces anything else', () => {
    assert.equal(requestIdFor(new Headers({ 'x-request-id': 'abc-12345678' })), 'abc-12345678');
    assert.equal(
      requestIdFor(new Headers({ 'x-request-id': 'a b' }), () => 'new'),
      'new',
    );
    assert.equal(
      requestIdFor(new Headers({ 'x-request-id': 'x'.repeat(200) }), () => 'n'),
      'n',
    );
  });
});

describe('logger', () => {
  test('redacts secret-looking fields at any of the first levels', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info' }, { write: (line: string) => lines.push(line) });
    logger.info(
      {
        authorization: 'Bearer top-secret-1',
        req: { headers: { authorization: 'Bearer top-secret-2', cookie: 'sid=top-secret-3' } },
        input: { clientSecret: 'cs_top-secret-4', card: { number: 'x', cvv2: 'top-secret-5' } },
        variables: { smsCode: 'top-secret-6' },
      },
      'hello',
    );
    assert.doesNotMatch(lines.join(''), /top-secret/);
    assert.match(lines.join(''), /\[redacted\]/);
  });

  test('a logged UMF execute body shows no SMS code, in the card or in payer_info', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const card = { number: 'x', phone: PHONE };
    logger.info({
      body: { payer: { payer_info: { bank_card: { ...card, verify_code: '271828' } } } },
    });
    logger.info({
      request: { payer: { payer_info: { bankCard: { ...card, verify_code: '314159' } } } },
    });
    logger.info({ body: { payer: { payer_info: { bank_card: card, verify_code: '161803' } } } });
    assert.equal(lines.length, 3);
    assert.doesNotMatch(lines.join(''), /271828|314159|161803/);
    for (const line of lines) assert.match(line, /"verify_code":"\[redacted\]"/);
  });

  // Every secret name, wherever a log object may carry it: at the top, nested in plain
  // objects and arrays, in any letter case, and as a member of an error logged as `err`.
  const places: [string, (key: string, value: string) => Record<string, unknown>][] = [
    ['at the top level', (key, value) => ({ [key]: value })],
    ['one level down', (key, value) => ({ input: { [key]: value } })],
    ['two levels down', (key, value) => ({ req: { headers: { [key]: value } } })],
    ['five levels down', (key, value) => ({ a: { b: { c: { d: { [key]: value } } } } })],
    ['in an array', (key, value) => ({ items: [{ id: 1 }, { [key]: value }] })],
    ['in upper case', (key, value) => ({ input: { [key.toUpperCase()]: value } })],
    [
      "on a logged error's member",
      (key, value) => ({ err: Object.assign(new Error('refused'), { request: { [key]: value } }) }),
    ],
  ];
  for (const [where, place] of places) {
    test(`redacts every secret name ${where}, and keeps what is not secret`, () => {
      const lines: string[] = [];
      const logger = createLogger({ level: 'info' }, { write: (line: string) => lines.push(line) });
      const keys = SECRET_KEYS.filter((key) => !(where === 'at the top level' && key === 'name'));
      for (const [n, key] of keys.entries()) {
        const logged = { ...place(key, `top-secret-${n}`), requestId: `req-${n}` };
        const before = JSON.stringify(logged);
        logger.info(logged, 'line');
        assert.equal(JSON.stringify(logged), before, "the caller's object is left as it was");
      }
      assert.equal(lines.length, keys.length);
      for (const [n, line] of lines.entries()) {
        assert.doesNotMatch(line, /top-secret/, `${keys[n]} ${where}: ${line}`);
        assert.match(line, /\[redacted\]/);
        assert.equal(JSON.parse(line).requestId, `req-${n}`);
      }
    });
  }

  // UMF bodies kept on a UmfError go through the same redaction as log objects: the same
  // places, every secret name (`name` too: only the log line's own top-level `name` is kept).
  for (const [where, place] of places.filter(([w]) => !w.includes('error'))) {
    test(`a UMF error's request and answer redact every secret name ${where}`, () => {
      for (const [n, key] of SECRET_KEYS.entries()) {
        const body = { ...place(key, `top-secret-${n}`), order_id: `order-${n}` };
        const before = JSON.stringify(body);
        const error = new UmfError('refused', {
          code: 'UMF_REFUSED',
          endpoint: 'POST /payments/payment',
          requestId: `req-${n}`,
          request: body,
          response: { payment: body },
        });
        const kept = JSON.stringify([error.request, error.response, error]);
        assert.doesNotMatch(kept, /top-secret/, `${key} ${where}: ${kept}`);
        assert.match(kept, /\[redacted\]/);
        assert.match(kept, new RegExp(`order-${n}`), 'what is not secret is kept');
        assert.equal(JSON.stringify(body), before, "the caller's body is left as it was");
      }
    });
  }

  test("a logged error keeps its type, message and stack; the logger's name stays", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info' }, { write: (line: string) => lines.push(line) });
    logger.error({ err: Object.assign(new TypeError('bad input'), { code: 'E1', token: 't-1' }) });
    const line = JSON.parse(lines[0] ?? '{}');
    assert.equal(line.name, 'umf-checkout');
    assert.deepEqual(
      {
        type: line.err.type,
        message: line.err.message,
        code: line.err.code,
        token: line.err.token,
      },
      { type: 'TypeError', message: 'bad input', code: 'E1', token: '[redacted]' },
    );
    assert.match(line.err.stack, /TypeError: bad input/);
  });
});
