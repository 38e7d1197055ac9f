// The two ways to run the product, as real processes: server/main.ts (production: the BFF
// alone, against the UMF named by UMF_BASE_URL) and scripts/dev.ts (`npm start`: sandbox, BFF
// and demo shop on one port). That main.ts never imports the sandbox or the demo, however
// indirectly, is scripts/check-imports.ts's job (npm run check:imports).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createControlClient } from '../../server/sandbox/control-client.ts';
import { startSandbox } from '../../server/sandbox/sandbox.ts';
import { eventually, freePort } from '../support/bff.ts';
import { CARDS } from '../support/fixtures.ts';
import { merchant, MERCHANT_KEY as SUPPORT_MERCHANT_KEY } from '../support/graphql.ts';
import { captureOutput, keyFilesEnv } from '../support/processes.ts';
import { createCheckout, customer } from './bff/harness.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MERCHANT_KEY = 'mk_entry_0123456789abcdef0123456789abcdef';

type Run = {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (fails after 60 s or on exit). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exit(): Promise<number | null>;
};

/** Runs an entry with only `env` (plus PATH-like basics): no UMF_ / MERCHANT_ from the caller. */
function run(entry: string, env: Record<string, string>, nodeArgs: string[] = []): Run {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined &&
        !/^(UMF_|MERCHANT_|DATABASE_URL$|PORT$|DATA_DIR$|NODE_ENV$|PUBLIC_URL$)/.test(entry[0]),
    ),
  );
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout, stderr, exited } = captureOutput(child);
  return {
    child,
    stdout,
    stderr,
    exit: () => exited,
    async waitFor(pattern) {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const match = stdout().match(pattern);
        if (match) return match;
        if (child.exitCode !== null)
          throw new Error(`${entry} exited with ${child.exitCode}:\n${stdout()}\n${stderr()}`);
        await new Promise((wait) => setTimeout(wait, 50));
      }
      throw new Error(`${entry} printed no ${pattern} in 60 s:\n${stdout()}\n${stderr()}`);
    },
  };
}

/** The production entry in test mode on a free port, its own data folder and merchant key. */
function runMain(dataDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Run {
  return run(
    'server/main.ts',
    { NODE_ENV: 'test', PORT: '0', DATA_DIR: dataDir, MERCHANT_API_KEYS: MERCHANT_KEY, ...env },
    nodeArgs,
  );
}

/**
 * A preload that prints, as the process exits, the npm packages it loaded as CommonJS (those
 * Node keeps in require.cache): `packages loaded: ["kysely", …]`.
 */
const PRINT_PACKAGES_LOADED = `data:text/javascript,${encodeURIComponent(
  "import { createRequire } from 'node:module';" +
    "const cache = createRequire(process.cwd() + '/').cache;" +
    "process.on('exit', () => console.log('packages loaded: ' + JSON.stringify([...new Set(" +
    'Object.keys(cache).map((path) => /node_modules\\/((@[^/]+\\/)?[^/]+)/.exec(path)?.[1])' +
    '.filter(Boolean))])));',
)}`;

/** Whether a TCP connection to `address` on the port of `url` is accepted. */
function reachable(address: string, url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), address, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stop(running: Run): Promise<number | null> {
  running.child.kill('SIGTERM');
  return running.exit();
}

test('the production entry refuses to start without UMF_BASE_URL and points at npm start', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-entry-'));
  try {
    const running = runMain(dataDir);
    assert.equal(await running.exit(), 1);
    assert.match(running.stderr(), /configuration is invalid/);
    assert.match(running.stderr(), /- UMF_BASE_URL is required/);
    assert.match(running.stderr(), /`npm start` runs it with a local UMF sandbox/);
    assert.equal(running.stdout(), '');
    // Nothing was started: no sandbox keys, no store in the data folder.
    assert.equal(existsSync(join(dataDir, 'sandbox')), false);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the production entry runs the BFF alone against UMF with the key files UMF hands out', async () => {
  const umfDir = await mkdtemp(join(tmpdir(), 'umf-entry-umf-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-entry-'));
  const sandbox = await startSandbox({ dataDir: umfDir, executeDelayMs: 50 });
  try {
    const running = runMain(
      dataDir,
      { ALLOWED_ORIGINS: 'https://shop.example', ...(await keyFilesEnv(umfDir)) },
      ['--import', PRINT_PACKAGES_LOADED],
    );
    const [, url] = await running.waitFor(/umf-checkout listening on (http:\/\/\S+)\n/);
    await running.waitFor(/ready http:\S+\/ready\n/);
    // /ready fetches a token and the bank list: the credentials and keys work.
    const ready = await fetch(`${url}/ready`);
    assert.deepEqual(await ready.json(), { status: 'ready', store: true, umf: true });
    assert.equal((await fetch(`${url}/`)).status, 404, 'no demo shop');
    assert.equal(await reachable('127.0.0.2', url), true, 'HOST unset: every interface');
    assert.doesNotMatch(running.stdout(), /demo shop|UMF sandbox|merchant API key/);
    assert.equal(await stop(running), 0);
    // On SQLite the PostgreSQL driver is never loaded (memory a BFF without PostgreSQL keeps).
    const loaded = JSON.parse(/packages loaded: (.*)\n/.exec(running.stdout())?.[1] ?? 'null');
    assert.ok(loaded.includes('better-sqlite3'), `the preload sees CommonJS packages: ${loaded}`);
    assert.equal(loaded.includes('pg'), false, `pg loaded on SQLite: ${loaded}`);
  } finally {
    await sandbox.close();
    await rm(umfDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('npm start serves the demo shop, GraphiQL and the UMF sandbox from one command', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-entry-dev-'));
  const sandboxPort = await freePort();
  try {
    const running = run('scripts/dev.ts', {
      PORT: '0',
      DATA_DIR: dataDir,
      UMF_SANDBOX_PORT: String(sandboxPort),
    });
    const [, url] = await running.waitFor(/umf-checkout listening on (http:\/\/\S+)\n/);
    const [, key] = await running.waitFor(/Authorization: Bearer (\S+)/);
    const out = running.stdout();
    assert.match(out, new RegExp(`  demo shop  ${url}/\n`));
    assert.match(out, /test card 6222 0200 0007 0000/);
    assert.match(out, new RegExp(`  GraphiQL   ${url}/graphql\n`));
    assert.match(
      out,
      new RegExp(`  UMF sandbox http://127\\.0\\.0\\.1:${sandboxPort}/cberest/v1 \\(control API`),
    );
    assert.equal(readFileSync(join(dataDir, 'merchant-api-key'), 'utf8').trim(), key);
    // Bound to 127.0.0.1 only (HOST unset): another address of this machine is refused.
    assert.equal(await reachable('127.0.0.2', url), false, 'npm start listens on 127.0.0.1 only');
    assert.ok(existsSync(join(dataDir, 'sandbox', 'credentials.json')), 'sandbox data folder');

    const shop = await fetch(`${url}/`);
    assert.equal(shop.status, 200);
    assert.match(await shop.text(), /<form[^>]*>[\s\S]*qty\./);
    assert.equal((await fetch(`${url}/sandbox-phone`)).status, 200, 'the sandbox phone panel');
    const graphiql = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    assert.match(await graphiql.text(), /graphiql/i);
    const cards = await fetch(`http://127.0.0.1:${sandboxPort}/__sandbox/test-cards`);
    assert.equal(cards.status, 200);
    assert.equal(await stop(running), 0);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('npm start restarted on its data folder keeps the sandbox: an earlier payment refunds and reports', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-entry-restart-'));
  const sandboxPort = await freePort();
  const start = async () => {
    const running = run('scripts/dev.ts', {
      PORT: '0',
      DATA_DIR: dataDir,
      UMF_SANDBOX_PORT: String(sandboxPort),
      MERCHANT_API_KEYS: SUPPORT_MERCHANT_KEY,
    });
    const [, url] = await running.waitFor(/umf-checkout listening on (http:\/\/\S+)\n/);
    return { running, url: url as string, endpoint: `${url}/graphql` };
  };
  const ask = async (endpoint: string, query: string, variables: Record<string, unknown>) => {
    const { data, errors } = await merchant(endpoint, query, variables);
    assert.equal(errors, undefined, JSON.stringify(errors));
    return data as Record<string, Record<string, unknown>>;
  };
  try {
    const first = await start();
    const { id, clientSecret } = await createCheckout(first.endpoint, '40.00');
    const control = createControlClient(`http://127.0.0.1:${sandboxPort}`);
    const shopper = customer({ endpoint: first.endpoint, control });
    await shopper.payByCard(clientSecret, CARDS.debit);
    await eventually(
      () => shopper.load(clientSecret),
      (checkout) => checkout.status === 'SUCCEEDED',
      20_000,
    );
    assert.equal(await stop(first.running), 0);

    // A new process: the BFF reopens its SQLite file, the sandbox its state in data/sandbox.
    const second = await start();
    try {
      const { checkoutById } = await ask(
        second.endpoint,
        'query O($id: ID!) { checkoutById(id: $id) { orderId status } }',
        { id },
      );
      assert.equal(checkoutById.status, 'SUCCEEDED');
      const { refundPayment } = await ask(
        second.endpoint,
        `mutation R($input: RefundPaymentInput!) { refundPayment(input: $input) {
          __typename ... on Refund { id } ... on CheckoutError { code message } } }`,
        { input: { checkoutId: id, amount: '5.00', idempotencyKey: randomUUID() } },
      );
      assert.equal(refundPayment.__typename, 'Refund', JSON.stringify(refundPayment));
      await eventually(
        () =>
          ask(
            second.endpoint,
            'query T($id: ID!) { checkoutById(id: $id) { refundedAmount { amount } } }',
            {
              id,
            },
          ),
        (data) => (data.checkoutById.refundedAmount as { amount: string }).amount === '5.00',
        20_000,
      );
      const merDate = new Date(Date.now() + 8 * 3_600_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll('-', '');
      const { transactions } = await ask(
        second.endpoint,
        `query T($d: String!) { transactions(merDate: $d, pageSize: 500) {
          payments { checkoutId } refunds { checkoutId } } }`,
        { d: merDate },
      );
      const lines = (list: unknown) =>
        (list as { checkoutId: string }[]).filter((line) => line.checkoutId === id);
      assert.equal(lines(transactions.payments).length, 1, 'the payment is in the report');
      assert.equal(lines(transactions.refunds).length, 1, 'and its refund');
      const page = await fetch(`${second.url}/orders/${checkoutById.orderId}?lang=en`);
      assert.equal(page.status, 200, 'the shop still shows the order');
    } finally {
      assert.equal(await stop(second.running), 0);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
