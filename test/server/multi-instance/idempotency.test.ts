// One idempotency key sent to two BFF instances at once (a load balancer spreading a merchant's
// retries): one refund at UMF, the same answer from both.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { CARDS } from '../../support/fixtures.ts';
import { type Bff, createCheckout, customer, merchant } from '../bff/harness.ts';
import { describeInstancePair } from './pair.ts';

const REFUND = `mutation Refund($input: RefundPaymentInput!) {
  refundPayment(input: $input) {
    __typename
    ... on Refund { id status createdAt amount { amount currency } }
    ... on CheckoutError { code field }
  }
}`;

/** The refund mutation on `bff`, as a merchant backend sends it: the answer's JSON text. */
async function refund(bff: Bff, input: Record<string, unknown>): Promise<string> {
  return JSON.stringify(await merchant(bff.endpoint, REFUND, { input }));
}

describeInstancePair('one idempotency key on two BFF instances', { executeDelayMs: 0 }, (pair) => {
  test('the same refund key on both instances at once refunds once', async () => {
    const { sandbox, a, b } = pair;
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
