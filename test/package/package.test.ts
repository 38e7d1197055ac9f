// The npm package as a merchant's frontend gets it: packed, installed from the tarball in a
// project outside the repository, each entry point imported there; the README's examples copied
// into it and run — React rendering the element in Chromium, the headless client paying a
// checkout from Node, the testing kit's example driving the widget to a paid checkout (card and
// QR). The BFF (test/support/bff.ts) uses the UMF sandbox that the installed `umf-checkout/testing`
// started in this process.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type * as Testing from '../../package/testing.ts';
import { launchChromium } from '../e2e/support/browser.ts';
import { type Bff, freePort, MERCHANT_KEY, startBff } from '../support/bff.ts';
import { customsCheckoutInput } from '../support/fixtures.ts';
import { merchant } from '../support/graphql.ts';
import {
  makeScratchProject,
  NPX,
  ROOT,
  readmeExample,
  runCommand,
  runNode,
  type Scratch,
  writeScratchFile,
} from './scratch.ts';

const SHOP_ORIGIN = 'http://localhost:5173';
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

describe('the npm package in a project outside the repository', () => {
  let scratch: Scratch;
  let testing: typeof Testing;
  let sandbox: Testing.RunningSandbox;
  let bff: Bff;
  let appServer: Server | undefined;
  let appPort: number;
  let env: Record<string, string>;

  before(async () => {
    scratch = makeScratchProject();
    // The testing kit as installed (the built bundle), not the repository's source.
    const installed = join(scratch.dir, 'node_modules', 'umf-checkout', 'testing.js');
    testing = (await import(pathToFileURL(installed).href)) as typeof Testing;
    sandbox = await testing.startSandbox();
    appPort = await freePort();
    bff = await startBff({
      remote: { env: sandbox.env, control: sandbox.control },
      origins: [SHOP_ORIGIN, `http://127.0.0.1:${appPort}`],
    });
    env = {
      UMF_CHECKOUT_ENDPOINT: bff.endpoint,
      UMF_SANDBOX_URL: sandbox.url,
      UMF_MERCHANT_KEY: MERCHANT_KEY,
      CHROME_PATH,
    };
  });

  after(async () => {
    await new Promise((resolve) => (appServer ? appServer.close(resolve) : resolve(undefined)));
    await bff?.close();
    await sandbox?.close();
    scratch?.close();
  });

  test('the tarball has every entry point and its exports map resolves them', async () => {
    const root = join(scratch.dir, 'node_modules', 'umf-checkout');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'umf-checkout');
    assert.equal(manifest.private, undefined, 'the package itself is publishable');
    assert.deepEqual(Object.keys(manifest.exports).slice(0, 5), [
      '.',
      './headless',
      './react',
      './testing',
      './webhooks',
    ]);
    for (const file of [
      'umf-checkout.js',
      'umf-checkout.iife.js',
      'headless.js',
      'react.js',
      'testing.js',
      'webhooks.js',
      'custom-elements.json',
      'README.md',
      'types/package/index.d.ts',
      'types/package/headless.d.ts',
      'types/package/react.d.ts',
      'types/package/testing.d.ts',
      'types/package/webhooks.d.ts',
    ])
      assert.ok(existsSync(join(root, file)), `${file} is in the tarball`);
    const elements = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
    const declarations = elements.modules.flatMap(
      (m: { declarations?: unknown[] }) => m.declarations ?? [],
    );
    const element = declarations.find((d: { tagName?: string }) => d.tagName === 'umf-checkout');
    assert.ok(element, 'custom-elements.json declares <umf-checkout>');
    assert.ok(element.events.some((e: { name: string }) => e.name === 'umf-success'));
    assert.ok(element.cssParts.some((p: { name: string }) => p.name === 'qr-link'));

    // Node entries, imported by name from the scratch project.
    writeScratchFile(
      scratch,
      'node-entries.mjs',
      `import * as headless from 'umf-checkout/headless';
import * as testing from 'umf-checkout/testing';
import { signWebhookPayload, verifyWebhookSignature } from 'umf-checkout/webhooks';
const body = '{"id":"ev_1"}';
const now = Math.floor(Date.now() / 1000);
const header = signWebhookPayload(body, 'whsec_test_secret_of_32_characters!', now);
console.log(JSON.stringify({
  webhookValid: verifyWebhookSignature(body, header, 'whsec_test_secret_of_32_characters!'),
  webhookForged: verifyWebhookSignature(body + ' ', header, 'whsec_test_secret_of_32_characters!'),
  headless: Object.keys(headless).sort(),
  operations: Object.keys(headless.OPERATIONS),
  testing: Object.keys(testing).sort(),
  hash: await headless.documentHash(headless.OPERATIONS.Checkout),
}));`,
    );
    const seen = JSON.parse(await runNode(scratch, 'node-entries.mjs', env));
    for (const name of ['checkoutClient', 'isError', 'watchCheckout', 'encryptCard', 'OPERATIONS'])
      assert.ok(seen.headless.includes(name), `headless exports ${name}`);
    assert.equal(seen.webhookValid, true, 'umf-checkout/webhooks verifies a signed body');
    assert.equal(seen.webhookForged, false, 'and refuses a changed one');
    for (const name of ['connectSandbox', 'startSandbox', 'merchantClient', 'TEST_CARDS'])
      assert.ok(seen.testing.includes(name), `testing exports ${name}`);
    // The headless documents are the ones the BFF trusts (the generated manifest).
    const trusted = JSON.parse(
      readFileSync(join(ROOT, 'schema', 'trusted-documents.json'), 'utf8'),
    );
    assert.ok(seen.hash in trusted, 'the Checkout document hashes to a trusted document');
    assert.equal(seen.operations.length, Object.keys(trusted).length);
  });

  test('its types: typed React props and events, the bare tag in JSX and in HTMLElementTagNameMap', () => {
    writeScratchFile(
      scratch,
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          jsx: 'react-jsx',
          module: 'esnext',
          moduleResolution: 'bundler',
          target: 'es2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          types: [],
          skipLibCheck: true,
        },
        files: ['typed.tsx'],
      }),
    );
    writeScratchFile(
      scratch,
      'typed.tsx',
      `import type { UmfSuccessEvent } from 'umf-checkout';
import { checkoutClient, isError } from 'umf-checkout/headless';
import { UmfCheckout } from 'umf-checkout/react';
import { merchantClient, TEST_CARDS } from 'umf-checkout/testing';
import { verifyWebhookSignature } from 'umf-checkout/webhooks';

export const good = (
  <UmfCheckout
    endpoint="https://pay.example.com/graphql"
    clientSecret="cs_x"
    locale="en"
    methods={['DEBIT_CARD', 'ALIPAY_SCAN']}
    onSuccess={(event: UmfSuccessEvent) => event.detail.checkout.orderId.toUpperCase()}
    onFailure={(event) => event.detail.canRetry === true}
    onRedirect={(event) => event.preventDefault()}
  />
);
export const bare = <umf-checkout endpoint="https://pay.example.com/graphql" client-secret="cs_x" />;
// @ts-expect-error clientSecret is a string
export const wrongProp = <UmfCheckout clientSecret={42} />;
// @ts-expect-error a success detail has no such field
export const wrongDetail = <UmfCheckout onSuccess={(event) => event.detail.nope} />;
// @ts-expect-error not one of the PaymentMethod values
export const wrongMethod = <UmfCheckout methods={['CASH']} />;

const element: HTMLElementTagNameMap['umf-checkout'] = document.createElement('umf-checkout');
element.clientSecret = 'cs_x';
element.addEventListener('umf-failure', (event) => event.detail.code?.toLowerCase());

export const valid: boolean = verifyWebhookSignature('{}', 't=1,v1=00', ['old', 'new']);
// @ts-expect-error the secret is a string or a list of strings
verifyWebhookSignature('{}', 't=1,v1=00', 42);
export const debit: string = TEST_CARDS.debit;
export async function created(): Promise<string> {
  const merchant = merchantClient({ endpoint: '/graphql', merchantKey: 'mk_x' });
  const { clientSecret, checkout } = await merchant.createCheckout({ amount: '1.00' });
  // @ts-expect-error amounts are decimal strings
  await merchant.createCheckout({ amount: 1 });
  return clientSecret + checkout.id;
}

export async function read(): Promise<string | undefined> {
  const result = await checkoutClient({ endpoint: '/graphql', clientSecret: 'cs_x' }).checkout();
  return isError(result) ? result.code : result.amountCny?.amount;
}
`,
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
        cwd: scratch.dir,
        encoding: 'utf8',
      });
    } catch (error) {
      const { stdout } = error as { stdout: string };
      assert.fail(`the scratch project does not typecheck:\n${stdout}`);
    }
  });

  test("README's React example renders the element with React in Chromium", async () => {
    const { merchantClient } = testing;
    const merchant = merchantClient({ endpoint: bff.endpoint, merchantKey: MERCHANT_KEY });
    const { clientSecret } = await merchant.createCheckout({ amount: '12.50' });
    const example = readmeExample('React', 'jsx');
    assert.ok(example.includes("'https://pay.example.com/graphql'") && example.includes("'cs_…'"));
    writeScratchFile(
      scratch,
      'app/main.jsx',
      example
        .replace("'https://pay.example.com/graphql'", JSON.stringify(bff.endpoint))
        .replace("'cs_…'", JSON.stringify(clientSecret)),
    );
    // Beside it, every browser entry by name: one element class whichever way it is imported.
    writeScratchFile(
      scratch,
      'app/entries.js',
      `import { UmfCheckout, UmfSuccessEvent } from 'umf-checkout';
import { checkoutClient } from 'umf-checkout/headless';
import { UmfCheckout as ReactUmfCheckout } from 'umf-checkout/react';
window.entries = {
  defined: customElements.get('umf-checkout') === UmfCheckout,
  event: new UmfSuccessEvent({ checkout: null }).type,
  react: ReactUmfCheckout.displayName,
  headless: typeof checkoutClient,
};`,
    );
    writeScratchFile(
      scratch,
      'app/index.html',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My shop</title></head>
<body><div id="root"></div><script type="module" src="./main.jsx"></script>
<script type="module" src="./entries.js"></script></body></html>`,
    );
    const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
    execFileSync(process.execPath, [vite, 'build', 'app', '--logLevel', 'error'], {
      cwd: scratch.dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    appServer = serveFolder(join(scratch.dir, 'app', 'dist'));
    await new Promise<void>((resolve) => appServer?.listen(appPort, '127.0.0.1', resolve));
    assert.equal((appServer.address() as AddressInfo).port, appPort);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ locale: 'en' });
      const logs: string[] = [];
      page.on('console', (message) => logs.push(message.text()));
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${appPort}/`);
      const widget = page.locator('umf-checkout');
      await widget.getByRole('heading', { name: 'How would you like to pay?' }).waitFor();
      await widget.locator('[part~="amount"]').waitFor();
      const deadline = Date.now() + 10_000;
      while (!logs.includes('ready: method') && Date.now() < deadline)
        await page.waitForTimeout(50);
      assert.ok(
        logs.includes('ready: method'),
        `onReady ran with the step (console: ${logs.join(' | ')})`,
      );
      assert.deepEqual(
        await page.evaluate(() => (window as unknown as { entries: unknown }).entries),
        {
          defined: true,
          event: 'umf-success',
          react: 'UmfCheckout',
          headless: 'function',
        },
      );
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  test("README's headless example pays a checkout from Node", async () => {
    const merchant = testing.merchantClient({ endpoint: bff.endpoint, merchantKey: MERCHANT_KEY });
    const { clientSecret, checkout } = await merchant.createCheckout({ amount: '30.00' });
    writeScratchFile(scratch, 'headless.mjs', readmeExample('Headless client', 'js'));
    const output = await runNode(scratch, 'headless.mjs', {
      ...env,
      UMF_CLIENT_SECRET: clientSecret,
    });
    assert.match(output, /due: \d+\.\d{2} CNY, methods: DEBIT_CARD CREDIT_CARD/);
    assert.match(output, /final status: SUCCEEDED/);
    assert.equal((await merchant.checkout(checkout.id))?.status, 'SUCCEEDED');
  });

  test("README's merchant script lists, refunds, declares customs and reads events", async () => {
    // The order: created with a customs sub-order (S2, as the script declares), paid by the
    // README's headless example.
    const orderId = `README${process.pid}${Date.now().toString(36)}`;
    const created = await merchant(
      bff.endpoint,
      `mutation C($input: CreateCheckoutInput!) { createCheckout(input: $input) {
        __typename ... on CheckoutCreated { clientSecret checkout { id } } ... on CheckoutError { code } } }`,
      { input: customsCheckoutInput(orderId) },
    );
    const answer = created.data?.createCheckout as
      | { clientSecret: string; checkout: { id: string } }
      | undefined;
    assert.ok(answer?.clientSecret, JSON.stringify(created));
    const { clientSecret, checkout } = answer;
    writeScratchFile(scratch, 'headless.mjs', readmeExample('Headless client', 'js'));
    const paying = await runNode(scratch, 'headless.mjs', {
      ...env,
      UMF_CLIENT_SECRET: clientSecret,
    });
    assert.match(paying, /final status: SUCCEEDED/);

    // The script as the README says to run it: `npx tsx merchant.mts <orderId>` in the merchant's
    // own folder, with the two variables (and nothing of this repository's environment).
    const script = readmeExample('Merchant API', 'ts');
    writeScratchFile(scratch, 'merchant.mts', script);
    const output = await runCommand(scratch, [NPX, 'tsx', 'merchant.mts', orderId], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GRAPHQL_URL: bff.endpoint,
      UMF_CHECKOUT_KEY: MERCHANT_KEY,
    });
    const out = JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
    assert.ok(out.paid >= 2, "every paid order is listed (this one and the headless test's)");
    assert.equal(out.refundPayment.__typename, 'Refund', JSON.stringify(out.refundPayment));
    assert.deepEqual(out.refundPayment.amount, { amount: '5.00', currency: 'USD' });
    assert.equal(out.declareCustoms.__typename, 'CustomsDeclaration', JSON.stringify(out));
    assert.equal(out.customsDeclaration.id, out.declareCustoms.id);
    assert.equal(out.customsDeclaration.status, 'SUCCEEDED');
    assert.ok(['0.00', '5.00'].includes(out.checkoutById.refundedAmount.amount));
    assert.equal(out.checkoutById.refundableAmount.amount, '25.00');
    // This order's events and none of the others': paid, then its customs declaration final
    // (the refund's event follows once UMF has refunded it). No webhook URL: held.
    assert.deepEqual(
      out.events.filter((event: string) => !event.startsWith('refund.')),
      ['checkout.succeeded HELD', 'customs_declaration.succeeded HELD'],
    );
    // The README's "Limits": the script's events page, asked 100 at a time, is over the cost.
    const eventsQuery = /`(query Events[\s\S]*?)`/.exec(script)?.[1] ?? '';
    assert.match(eventsQuery, /events\(first: 20, after: \$after\)/);
    const tooMany = await merchant(bff.endpoint, eventsQuery.replace('first: 20', 'first: 100'));
    assert.match(String(tooMany.errors?.[0]?.message), /Query Cost limit of 5000 exceeded/);

    const read = await merchant(
      bff.endpoint,
      'query R($id: ID!) { checkoutById(id: $id) { orderId status } }',
      { id: checkout.id },
    );
    assert.deepEqual(read.data?.checkoutById, { orderId, status: 'SUCCEEDED' });
  });

  test("README's testing example drives the widget to a paid checkout (card)", async () => {
    writeScratchFile(scratch, 'checkout-card.mjs', readmeExample('Testing your checkout', 'js'));
    const output = await runNode(scratch, 'checkout-card.mjs', env, 90_000);
    assert.match(output, /paid: test-/);
  });

  test("README's QR snippet in the same example: paid by the sandbox's scan", async () => {
    const example = readmeExample('Testing your checkout', 'js');
    const qr = readmeExample('Testing your checkout', 'js', 1);
    const from = example.indexOf("await widget.getByRole('button', { name: /^Bank card/ })");
    const to = example.indexOf("await widget.getByRole('heading', { name: 'Payment successful' })");
    assert.ok(from > 0 && to > from, 'the card steps are where the QR snippet goes');
    const end = example.indexOf('\n', to) + 1;
    writeScratchFile(scratch, 'checkout-qr.mjs', example.slice(0, from) + qr + example.slice(end));
    const output = await runNode(scratch, 'checkout-qr.mjs', env, 90_000);
    assert.match(output, /paid: test-/);
  });

  test('the in-process sandbox of the testing kit: test cards, SMS, the clock', async () => {
    const cards = await sandbox.testCards();
    assert.ok(
      cards.some((card) => card.number === testing.TEST_CARDS.debit && card.outcome === 'success'),
    );
    assert.ok(
      (await sandbox.smsMessages()).length >= 2,
      'the payments above sent codes to the test phone',
    );
    const before = await sandbox.advanceClock(0);
    const later = await sandbox.advanceClock(3600);
    assert.equal(Date.parse(later.now) - Date.parse(before.now) >= 3600_000, true);
    await assert.rejects(sandbox.latestSmsCode('13900000000', { timeoutMs: 200 }), /no SMS code/);
    await assert.rejects(sandbox.payQr('https://example.com/not-a-qr'), /not a sandbox QR code/);
  });
});

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** A static file server for the scratch app's build (index.html at /). */
function serveFolder(folder: string): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(folder, path === '/' ? 'index.html' : path);
    if (!file.startsWith(folder) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
}
