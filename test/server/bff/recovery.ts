// Shared steps of the tests where UMF's answers get lost: a paid card checkout, the merchant's
// refund, the webhooks the outbox holds, and a BFF whose clock the test moves (to pass the
// reconciler's backoff and grace period without waiting).
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signBytes, signEnvelope } from '../../../server/umf/crypto.ts';
import { CARDS } from '../../support/fixtures.ts';
import { liveView, useStarted } from '../../support/hooks.ts';
import {
  type Bff,
  type BffOptions,
  createCheckout,
  customer,
  merchant,
  startBff,
  testClock,
} from './harness.ts';

export const CARD = CARDS.debit;

/** A BFF on a clock the test moves, with a reconciler that looks every 50 ms. */
export async function startClockedBff(env: Record<string, string> = {}, options: BffOptions = {}) {
  const clock = testClock();
  const dataDir = mkdtempSync(join(tmpdir(), 'umf-money-'));
  const bff = await startBff(
    { DATA_DIR: dataDir, RECONCILE_INTERVAL_MS: '100', ...env },
    { now: clock.now, ...options },
  );
  return {
    ...bff,
    clock,
    dataDir,
    async close() {
      await bff.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type ClockedBff = Awaited<ReturnType<typeof startClockedBff>>;

/** One clocked BFF for a test file (startClockedBff), started in before(), closed in after(). */
export function useClockedBff(env: Record<string, string> = {}, options: BffOptions = {}) {
  const current = useStarted(
    'useClockedBff',
    () => startClockedBff(env, options),
    (bff) => bff.close(),
  );
  return liveView(current, [
    'server',
    'url',
    'port',
    'endpoint',
    'control',
    'sandbox',
    'config',
    'dataDir',
    'logs',
    'clock',
    'close',
  ]);
}

/** A card checkout up to confirmPayment; returns the answer and the UMF payment behind it. */
export async function confirmByCard(bff: Bff, amount = '3.00') {
  const shopper = customer(bff);
  const { clientSecret, id } = await createCheckout(bff.endpoint, amount);
  const sent = await shopper.sendSms(clientSecret, CARD);
  assert.equal(sent.__typename, 'SmsCodeSent', JSON.stringify(sent));
  const attemptId = sent.attempt!.id;
  const attempt = await bff.server.store.getAttempt({ attemptId });
  const code = await shopper.latestCode();
  const confirmed = await shopper.confirm(clientSecret, attemptId, CARD, code);
  return {
    id,
    clientSecret,
    attemptId,
    code,
    paymentId: String(attempt?.umfPaymentId),
    confirmed,
    shopper,
  };
}

/** A card checkout paid (execute answers the final state with executeDelayMs 0, else waits). */
export async function paidByCard(bff: Bff, amount = '3.00') {
  const paid = await confirmByCard(bff, amount);
  assert.equal(paid.confirmed.__typename, 'PaymentConfirmed', JSON.stringify(paid.confirmed));
  for (let i = 0; i < 200; i++) {
    if ((await bff.server.store.getCheckout(paid.id))?.status === 'SUCCEEDED') return paid;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the checkout was not paid');
}

export type RefundAnswer = {
  __typename: string;
  id?: string;
  status?: string;
  umfRefundId?: string | null;
  code?: string;
  umfCode?: string | null;
};

export async function refund(bff: Bff, checkoutId: string, amount: string): Promise<RefundAnswer> {
  const result = await merchant(
    bff.endpoint,
    `mutation Refund($input: RefundPaymentInput!) {
      refundPayment(input: $input) {
        __typename
        ... on Refund { id status umfRefundId }
        ... on CheckoutError { code umfCode }
      }
    }`,
    { input: { checkoutId, amount } },
  );
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data?.refundPayment as RefundAnswer;
}

/** The merchant's view of a refund (by id). */
export async function refundById(bff: Bff, id: string) {
  const result = await merchant(
    bff.endpoint,
    'query($id: ID!) { refund(id: $id) { id status umfRefundId } }',
    { id },
  );
  return result.data?.refund as { id: string; status: string; umfRefundId: string | null };
}

/** Webhook event types queued for one checkout (or refund), oldest first. */
export async function webhookTypes(bff: Bff, id: string): Promise<string[]> {
  const events = await bff.server.store.listPendingWebhooks(10_000);
  return events
    .filter((event) => JSON.stringify(event.payload).includes(`"${id}"`))
    .map((event) => event.type);
}

/** How many calls of one endpoint the sandbox received for a path containing `part`. */
export async function umfCalls(bff: Bff, endpoint: string, part = ''): Promise<number> {
  const requests = await bff.control.requests();
  return requests.filter((r) => r.endpoint === endpoint && r.path.includes(part)).length;
}

/** The sandbox's refunds of one payment. */
export async function umfRefunds(bff: Bff, paymentId: string) {
  return (await bff.control.ledger()).refunds.filter((r) => r.paymentId === paymentId);
}

/**
 * Posts a notification to the BFF signed with the sandbox's own UMF key, both ways UMF is
 * known to sign (meta.sign in the body, and the Signature header over the raw body): a
 * notification only UMF could have sent, saying whatever the test wants.
 */
export async function postSignedNotification(bff: ClockedBff, object: Record<string, unknown>) {
  const key = createPrivateKey(
    readFileSync(join(bff.dataDir, 'sandbox', 'umf-private-key.pem'), 'utf8'),
  );
  const body = JSON.stringify(signEnvelope(object, key));
  const response = await fetch(`${bff.url}/umf/notify`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      signature: signBytes(Buffer.from(body, 'utf8'), key),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, text };
}
