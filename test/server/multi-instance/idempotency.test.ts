// One idempotency key sent to two BFF instances at once (a load balancer spreading a merchant's
// retries): one refund at UMF, the same answer from both.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { CARDS } from '../../support/fixtures.ts';
import { type Bff, createCheckout, customer, MERCHANT_KEY } from '../bff/harness.ts';
import { type InstancePair, startInstancePair } from './pair.ts';
import { planPostgres } from './postgres.ts';

const plan = planPostgres();
if (plan.notice) console.log(plan.notice);
if (plan.missing) {
  const message = plan.missing;
  test('idempotency keys across instances on postgres', () => assert.fail(message));
}

const REFUND = `mutation Refund($input: RefundPaymentInput!) {
  refundPayment(input: $input) {
    __typename
    ... on Refund { id status createdAt amount { amount currency } }
    ... on CheckoutError { code field }
  }
}`;

async function refund(bff: Bff, input: Record<string, unknown>): Promise<string> {
  const response = await fetch(bff.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-umf-client': 'merchant-test',
      authorization: `Bearer ${MERCHANT_KEY}`,
    },
    body: JSON.stringify({ query: REFUND, variables: { input } }),
  });
  return response.text();
}

if (plan.url) {
  const baseUrl = plan.url;
  describe('two BFF instances on one PostgreSQL', () => {
    let pair: InstancePair;
    let sandbox: Sandbox;
    let a: Bff;
    let b: Bff;

    before(async () => {
      pair = await startInstancePair(baseUrl, { executeDelayMs: 0 });
      ({ sandbox, a, b } = pair);
    });

    after(() => pair?.close());

    test('the same refund key on both instances at once refunds once', async () => {
      const { clientSecret, id } = await createCheckout(a.endpoint, '10.00');
      const shopper = customer(a);
      const sent = await shopper.sendSms(clientSecret, CARDS.debit);
      const code = await shopper.latestCode();
      const confirmed = await shopper.confirm(clientSecret, sent.attempt!.id, CARDS.debit, code);
      assert.equal(confirmed.checkout?.status, 'SUCCEEDED', JSON.stringify(confirmed));
      const attempt = await a.server.store.getAttempt({ attemptId: sent.attempt!.id });

      await sandbox.control.faults({ rules: [{ endpoint: 'refund', latencyMs: 200 }] });
      const input = { checkoutId: id, amount: '4.00', idempotencyKey: randomUUID() };
      const answers = await Promise.all([a, b, a, b].map((bff) => refund(bff, input)));
      await sandbox.control.faults({});

      assert.match(answers[0], /"__typename":"Refund"/);
      for (const answer of answers) assert.equal(answer, answers[0]);
      const ledger = await sandbox.control.ledger();
      assert.equal(ledger.refunds.filter((r) => r.paymentId === attempt?.umfPaymentId).length, 1);
    });
  });
}
