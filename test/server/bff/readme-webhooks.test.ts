// A merchant's scripts from the README's "Webhooks" section alone: its verifier and receiver,
// copied into a scratch folder outside the repository and run with Node, receive and verify a
// real BFF's webhook (and refuse a forged one); its catch-up script lists the same event.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { MERCHANT_KEY } from '../../support/graphql.ts';
import { waitFor } from '../../support/wait.ts';
import { type Bff, createCheckout, freePort, merchant, startBff } from './harness.ts';

const SECRET = 'whsec_readme_0123456789abcdef0123456789';
const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The README code block whose first line is `// <name>`. */
function block(name: string): string {
  const found = [...README.matchAll(/```js\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .find((code) => code.startsWith(`// ${name}`));
  if (!found) throw new Error(`README has no js block starting "// ${name}"`);
  return found;
}

const scratch = mkdtempSync(join(tmpdir(), 'umf-readme-webhooks-'));
let receiver: ChildProcess;
let output = '';
let port: number;
let bff: Bff;

before(async () => {
  for (const name of ['verify-webhook.mjs', 'webhook-receiver.mjs', 'catch-up.mjs']) {
    writeFileSync(join(scratch, name), block(name));
  }
  port = await freePort();
  receiver = spawn(process.execPath, ['webhook-receiver.mjs'], {
    cwd: scratch,
    env: { PATH: process.env.PATH, WEBHOOK_SECRET: SECRET, PORT: String(port) },
  });
  receiver.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  bff = await startBff({
    MERCHANT_WEBHOOK_URL: `http://127.0.0.1:${port}/webhooks`,
    MERCHANT_WEBHOOK_SECRET: SECRET,
  });
});
after(async () => {
  await bff?.close();
  receiver?.kill();
  rmSync(scratch, { recursive: true, force: true });
});

test("the README's receiver verifies a real webhook and its catch-up script lists it", async () => {
  const { id } = await createCheckout(bff.endpoint);
  await merchant(bff.endpoint, 'mutation C($id: ID!) { cancelCheckout(id: $id) { __typename } }', {
    id,
  });
  const line = await waitFor(
    () => output.split('\n').find((l) => l.startsWith('verified ') && l.includes(id)),
    20_000,
  );
  const [, eventId, type, ...rest] = line.split(' ');
  const data = rest.join(' ');
  assert.equal(type, 'checkout.canceled');
  const checkout = JSON.parse(data).checkout;
  assert.equal(checkout.id, id);
  assert.equal(checkout.status, 'CANCELED');

  const { stdout } = await promisify(execFile)(process.execPath, ['catch-up.mjs'], {
    cwd: scratch,
    env: { PATH: process.env.PATH, UMF_CHECKOUT_URL: bff.endpoint, UMF_CHECKOUT_KEY: MERCHANT_KEY },
  });
  assert.ok(stdout.split('\n').includes(`${eventId} checkout.canceled DELIVERED`), stdout);
});

test("the README's receiver refuses a delivery whose signature does not match", async () => {
  const body = JSON.stringify({ id: 'ev_forged', type: 'checkout.succeeded', data: {} });
  const t = Math.floor(Date.now() / 1000);
  const response = await fetch(`http://127.0.0.1:${port}/webhooks`, {
    method: 'POST',
    headers: { 'umf-checkout-signature': `t=${t},v1=${'0'.repeat(64)}` },
    body,
  });
  assert.equal(response.status, 400);
  assert.equal(output.includes('ev_forged'), false);
});
