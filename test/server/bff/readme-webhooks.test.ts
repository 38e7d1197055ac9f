// A merchant's scripts from the README's "Webhooks" section alone: its verifier and receiver,
// copied into a scratch folder outside the repository and run with Node, receive and verify a
// real BFF's webhook (and refuse a forged one); its catch-up script lists the same event. The
// section's example bodies have the fields real deliveries of their type have.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { CARDS, customsCheckoutInput } from '../../support/fixtures.ts';
import { MERCHANT_KEY } from '../../support/graphql.ts';
import { waitFor } from '../../support/wait.ts';
import { type Bff, createCheckout, customer, freePort, merchant, startBff } from './harness.ts';

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

/**
 * Where `example` (a README body) and `real` (a delivery) differ in their field names, as paths
 * ("data.checkout.refundedAmount"); values are not compared. A list compares its first items,
 * unless either is empty or the README shortens it ("…every attempt…").
 */
function fieldDifferences(example: unknown, real: unknown, at = 'data'): string[] {
  if (Array.isArray(example) || Array.isArray(real)) {
    if (!Array.isArray(example) || !Array.isArray(real)) return [`${at}: a list on one side only`];
    const [first, other] = [example[0], real[0]];
    if (first === undefined || other === undefined) return [];
    if (typeof first === 'string' && first.startsWith('…')) return [];
    return fieldDifferences(first, other, `${at}[]`);
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === 'object';
  if (!isObject(example) || !isObject(real)) return [];
  const names = new Set([...Object.keys(example), ...Object.keys(real)]);
  return [...names].flatMap((name) => {
    if (!(name in example)) return [`${at}.${name}: missing from the README`];
    if (!(name in real)) return [`${at}.${name}: not in a real delivery`];
    return fieldDifferences(example[name], real[name], `${at}.${name}`);
  });
}

test("the README's example bodies have the fields of real deliveries of their type", async () => {
  const examples = [...README.matchAll(/```json\n([\s\S]*?)```/g)].map(
    (match) => JSON.parse(match[1] ?? '') as { type: string; data: unknown },
  );
  const types = examples.map((example) => example.type);
  // One order that makes each of them: paid by a card it saves, refunded, its customs declared.
  const orderId = `HOOKS${process.pid}${Date.now().toString(36)}`;
  const customerId = `hooks-${process.pid}-${Date.now().toString(36)}`;
  const input = { ...customsCheckoutInput(orderId), customerId, saveCard: 'ALWAYS' };
  const created = await merchant(
    bff.endpoint,
    `mutation C($input: CreateCheckoutInput!) { createCheckout(input: $input) {
      __typename ... on CheckoutCreated { clientSecret checkout { id } } ... on CheckoutError { code field } } }`,
    { input },
  );
  const answer = created.data?.createCheckout as
    | { clientSecret: string; checkout: { id: string } }
    | undefined;
  assert.ok(answer?.clientSecret, JSON.stringify(created));
  const { checkout } = answer;
  const shopper = customer(bff);
  await shopper.payByCard(answer.clientSecret, CARDS.debit);
  const follow = async (query: string, variables: Record<string, unknown>) => {
    const { errors } = await merchant(bff.endpoint, query, variables);
    assert.equal(errors, undefined, JSON.stringify(errors));
  };
  await waitFor(async () => {
    const { data } = await merchant(
      bff.endpoint,
      'query S($id: ID!) { checkoutById(id: $id) { status } }',
      { id: checkout.id },
    );
    const found = data?.checkoutById as { status: string } | undefined;
    return found?.status === 'SUCCEEDED' || undefined;
  }, 20_000);
  await follow(
    'mutation R($input: RefundPaymentInput!) { refundPayment(input: $input) { __typename } }',
    { input: { checkoutId: checkout.id, amount: '10.00' } },
  );
  await follow(
    'mutation D($input: DeclareCustomsInput!) { declareCustoms(input: $input) { __typename } }',
    {
      input: {
        checkoutId: checkout.id,
        subOrderId: 'S2',
        customsId: 'HZ01',
        merchantCustomsCode: 'MC-0001',
      },
    },
  );
  for (const example of examples) {
    const line = await waitFor(
      () =>
        output
          .split('\n')
          .find(
            (l) =>
              l.includes(` ${example.type} `) &&
              (l.includes(checkout.id) || l.includes(customerId)),
          ),
      20_000,
    );
    const data = JSON.parse(line.split(' ').slice(3).join(' '));
    assert.deepEqual(
      fieldDifferences(example.data, data),
      [],
      `README's ${example.type} example; a real one:\n${JSON.stringify(data, null, 2)}`,
    );
  }
  assert.deepEqual(types, [
    'checkout.succeeded',
    'refund.succeeded',
    'customs_declaration.succeeded',
    'saved_card.created',
  ]);
});
