// README "Merchant API": its script, copied out of the README as it stands, runs as a merchant
// would run it (a separate process, only GRAPHQL_URL and the key) against the real BFF and
// sandbox: it lists the paid orders, refunds part of one and declares its customs sub-order.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CARDS, checkoutInput } from '../../support/fixtures.ts';
import { customer, eventually, MERCHANT_KEY, merchant, useBff } from './harness.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The first ```ts block of the README's "## Merchant API" section. */
function readmeScript(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Merchant API\n');
  assert.ok(start >= 0, 'the README has a "Merchant API" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end);
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'the section has a TypeScript example');
  return block;
}

const bff = useBff();

test("the README's merchant script lists, refunds and declares customs", async () => {
  const orderId = `README${process.pid}${Date.now().toString(36)}`;
  const base = checkoutInput(orderId, '30.00');
  const input = {
    ...base,
    subOrders: [
      {
        ...base.subOrders[0],
        amount: '10.00',
        items: [{ ...base.subOrders[0].items[0], amount: '10.00' }],
      },
      {
        id: 'S2',
        amount: '20.00',
        description: 'Silk scarf',
        transCode: '01122030',
        isCustoms: true,
        items: [{ id: 'I2', type: 'CLOTHING', name: 'Silk scarf', quantity: 1, amount: '20.00' }],
      },
    ],
  };
  const created = await merchant(
    bff.endpoint,
    `mutation C($input: CreateCheckoutInput!) { createCheckout(input: $input) {
      __typename ... on CheckoutCreated { clientSecret } ... on CheckoutError { code } } }`,
    { input },
  );
  const answer = created.data?.createCheckout as { clientSecret?: string } | undefined;
  const clientSecret = answer?.clientSecret;
  assert.ok(clientSecret, JSON.stringify(created));
  const shopper = customer(bff);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  await shopper.confirm(clientSecret, sent.attempt!.id, CARDS.debit, await shopper.latestCode());
  await eventually(
    () => shopper.load(clientSecret),
    (checkout) => checkout.status === 'SUCCEEDED',
    10_000,
  );

  const dir = mkdtempSync(join(tmpdir(), 'umf-readme-'));
  try {
    const file = join(dir, 'merchant.mts');
    writeFileSync(file, readmeScript());
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', file, orderId],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, GRAPHQL_URL: bff.endpoint, UMF_CHECKOUT_KEY: MERCHANT_KEY },
        timeout: 60_000,
      },
    );
    const out = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    assert.ok(out.paid >= 1, 'the paid order is listed');
    assert.equal(out.refundPayment.__typename, 'Refund', JSON.stringify(out.refundPayment));
    assert.deepEqual(out.refundPayment.amount, { amount: '5.00', currency: 'USD' });
    assert.equal(out.declareCustoms.__typename, 'CustomsDeclaration', JSON.stringify(out));
    assert.equal(out.customsDeclaration.id, out.declareCustoms.id);
    assert.equal(out.customsDeclaration.status, 'SUCCEEDED');
    assert.ok(['0.00', '5.00'].includes(out.checkoutById.refundedAmount.amount));
    assert.equal(out.checkoutById.refundableAmount.amount, '25.00');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
