// What the BFF adds to a request: the widget's `checkout` read through the whole hardened stack
// (CORS, CSRF, persisted document, armor, scope checks, store) against a signed UMF query made
// directly with the UMF client, both on this machine in one run. Prints figures and their ratio;
// asserts nothing (absolute times on a shared machine mean little, ratios in one run do).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/config/config.ts';
import { createLogger } from '../server/http/logger.ts';
import { startServer } from '../server/http/start.ts';
import { documentHash, OPERATIONS } from '../widget/api.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const KEY = 'mk_bench_0123456789abcdef0123456789abcdef';

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(label: string, run: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  console.log(`${label.padEnd(44)} p50 ${p50.toFixed(2)} ms   p95 ${p95.toFixed(2)} ms`);
  return { p50, p95 };
}

const dataDir = mkdtempSync(join(tmpdir(), 'umf-bench-'));
const config = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  DATA_DIR: dataDir,
  MERCHANT_API_KEYS: KEY,
  ALLOWED_ORIGINS: 'https://shop.example',
  LOG_LEVEL: 'silent',
});
const server = await startServer(config, createLogger({ level: 'silent' }), { host: '127.0.0.1' });
try {
  const endpoint = `${server.url}/graphql`;
  const created = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-umf-client': 'bench',
      authorization: `Bearer ${KEY}`,
    },
    body: JSON.stringify({
      query: `mutation($i: CreateCheckoutInput!) { createCheckout(input: $i) {
        ... on CheckoutCreated { clientSecret } } }`,
      variables: {
        i: {
          orderId: `BENCH${Date.now().toString(36)}`,
          amount: '10.00',
          currency: 'USD',
          description: 'Bench',
          subOrders: [
            {
              id: 'S1',
              amount: '10.00',
              description: 'Bench',
              transCode: '01122030',
              items: [{ id: 'I1', type: 'OTHER', name: 'Bench', quantity: 1, amount: '10.00' }],
            },
          ],
          riskInfo: { transType: '02', goodsType: '0' },
        },
      },
    }),
  }).then((r) => r.json() as Promise<{ data: { createCheckout: { clientSecret: string } } }>);
  const clientSecret = created.data.createCheckout.clientSecret;
  const hash = await documentHash(OPERATIONS.Checkout);
  const body = JSON.stringify({
    operationName: 'Checkout',
    variables: { clientSecret },
    extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  });
  const viaBff = await time('BFF: widget `checkout` (HTTP + GraphQL + store)', async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-umf-client': 'widget' },
      body,
    });
    await response.json();
  });
  const direct = await time('UMF client: signed GET exchange_rate (sandbox)', () =>
    server.umf.exchangeRates.get('USD'),
  );
  console.log(
    `ratio BFF / direct UMF call: p50 ${(viaBff.p50 / direct.p50).toFixed(2)}×, p95 ${(viaBff.p95 / direct.p95).toFixed(2)}×  (${ROUNDS} rounds each)`,
  );
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
