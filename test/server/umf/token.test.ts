import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { inspect } from 'node:util';
import { UmfError } from '../../../server/umf/errors.ts';
import type { FetchLike } from '../../../server/umf/http.ts';
import { memoryTokenStore } from '../../../server/umf/token.ts';
import { startUmf } from './helpers.ts';

let umf: Awaited<ReturnType<typeof startUmf>>;
before(async () => {
  umf = await startUmf();
});
after(() => umf.close());

async function tokenCalls(): Promise<number> {
  return (await umf.control.requests()).filter((r) => r.endpoint === 'token').length;
}

test('200 concurrent callers cause exactly one /oauth/authorize', async () => {
  const client = umf.client();
  const before = await tokenCalls();
  const results = await Promise.all(
    Array.from({ length: 200 }, () => client.exchangeRates.get('USD')),
  );
  assert.equal(results.length, 200);
  assert.equal((await tokenCalls()) - before, 1);
});

test('the token request sends the client credentials as the reference shows, signed', async () => {
  const client = umf.client();
  const from = umf.sent.length;
  await client.exchangeRates.get('EUR');
  const [tokenCall, call] = umf.sent.slice(from);
  assert.match(tokenCall?.url ?? '', /\/oauth\/authorize$/);
  assert.deepEqual(Object.keys(JSON.parse(tokenCall?.body ?? '{}')), [
    'client_id',
    'client_secret',
    'grant_type',
  ]);
  assert.ok(tokenCall?.headers.get('signature'));
  assert.equal(tokenCall?.headers.get('authorization'), null);
  // As UMF's SDK writes it: no space between "Bearer" and the token.
  assert.match(call?.headers.get('authorization') ?? '', /^Bearer[^\s]{20,}$/);
  assert.equal(call?.headers.get('accept-language'), 'ZH');
  assert.equal(call?.headers.get('charset'), 'UTF-8');
});

test('with bearer=space the header is "Bearer <token>"', async () => {
  const client = umf.client({ protocol: { bearer: 'space' } });
  const from = umf.sent.length;
  await client.exchangeRates.get('EUR');
  const call = umf.sent.slice(from).find((sent) => sent.url.includes('/exchange_rate'));
  assert.match(call?.headers.get('authorization') ?? '', /^Bearer [^\s]{20,}$/);
});

test('a token expired on the UMF clock is refreshed once and the call succeeds', async () => {
  const client = umf.client();
  await client.exchangeRates.get('USD');
  const before = await tokenCalls();
  await umf.control.advanceClock(3600);
  const rates = await client.exchangeRates.get('USD');
  assert.equal(rates.retCode, '0000');
  assert.equal((await tokenCalls()) - before, 1);
  const log = await umf.control.requests();
  assert.ok(log.some((entry) => entry.status === 401 && entry.retCode === '00280703'));
});

test('the client renews its token 60 s before expires_in by its own clock', async () => {
  let now = Date.now();
  const client = umf.client({ now: () => now });
  await client.exchangeRates.get('USD');
  const before = await tokenCalls();
  now += 3_539_000;
  await client.exchangeRates.get('USD');
  assert.equal((await tokenCalls()) - before, 0);
  now += 2_000;
  await client.exchangeRates.get('USD');
  assert.equal((await tokenCalls()) - before, 1);
});

test('a token revoked by another client is refreshed once, single-flight, and the calls succeed', async () => {
  const first = umf.client();
  await first.exchangeRates.get('USD');
  await umf.client().exchangeRates.get('USD'); // a second client takes a token: the first's dies
  const before = await tokenCalls();
  const results = await Promise.all(
    Array.from({ length: 50 }, () => first.exchangeRates.get('USD')),
  );
  assert.ok(results.every((r) => r.retCode === '0000'));
  assert.equal((await tokenCalls()) - before, 1);
});

test('clients sharing a token store share one token', async () => {
  const store = memoryTokenStore();
  const before = await tokenCalls();
  await umf.client({ tokenStore: store }).exchangeRates.get('USD');
  await umf.client({ tokenStore: store }).exchangeRates.get('USD');
  assert.equal((await tokenCalls()) - before, 1);
});

test('wrong credentials give a UmfError that shows neither the secret nor a token', async () => {
  const secret = 'wrong-secret-1234567890';
  const client = umf.client({ clientSecret: secret });
  const error = await client.exchangeRates.get('USD').then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof UmfError);
  assert.equal(error.httpStatus, 401);
  assert.equal(error.endpoint, 'POST /oauth/authorize');
  for (const text of [error.message, inspect(error), JSON.stringify(error), String(error.stack)])
    assert.ok(!text.includes(secret), 'the secret leaked');
});

// The token answer moves no money, and the reference shows it without `meta`: an unsigned one is
// taken whatever missingResponseSignature says (docs/umf-protocol.md §3.1). A signature that is
// there but wrong is refused like any other.
test('a token answer whose meta.sign is wrong is refused as SIGNATURE_INVALID, never used', async () => {
  await umf.control.faults({ rules: [{ endpoint: 'token', badSignature: true }] });
  try {
    const before = (await umf.control.requests()).length;
    await assert.rejects(umf.client().exchangeRates.get('USD'), (error: unknown) => {
      assert.ok(error instanceof UmfError);
      assert.equal(error.code, 'SIGNATURE_INVALID');
      return true;
    });
    const after = (await umf.control.requests()).slice(before);
    assert.ok(after.length > 0 && after.every((r) => r.endpoint === 'token'), 'no call used it');
  } finally {
    await umf.control.faults({});
  }
});

test('an unsigned token answer is taken even with missingResponseSignature=refuse', async () => {
  const unsigned = await startUmf({ strict: { missingResponseSignature: 'accept' } });
  try {
    const client = unsigned.client({ protocol: { missingResponseSignature: 'refuse' } });
    await assert.rejects(client.exchangeRates.get('USD'), /meta\.sign is missing/);
    const log = await unsigned.control.requests();
    assert.deepEqual(
      log.map((r) => [r.endpoint, r.status]),
      [
        ['token', 200],
        ['exchangeRate', 200],
      ],
      'the token was taken and used; the unsigned rate answer was what the client refused',
    );
  } finally {
    await unsigned.close();
  }
});

test('the token is read whatever the member order: meta first, as the reference envelopes write it', async () => {
  // The sandbox answers access_token first (as UMF's callers cut it); the same answer with its
  // meta moved to the front, signature intact, must give the same token.
  const reordered: FetchLike = async (url, init) => {
    const response = await fetch(url, init);
    if (!url.endsWith('/oauth/authorize')) return response;
    const { meta, ...rest } = (await response.json()) as Record<string, unknown>;
    const text = JSON.stringify({ meta, ...rest });
    assert.match(text, /^\{"meta":\{.*"sign":"/);
    return new Response(text, { status: response.status, headers: response.headers });
  };
  const client = umf.client({ fetch: reordered });
  const [rate] = (await client.exchangeRates.get('USD')).exchangeRates;
  assert.equal(rate?.currency, 'USD');
});
