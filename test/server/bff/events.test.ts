// One event shape: the webhooks a real receiver gets are the GraphQL API's own answers (the
// `events` node, and the same Checkout / Refund as checkoutById), `events` pages through
// them, `resendEvent` sends one again (idempotent by key), and events queued while no webhook
// URL was configured are held unless WEBHOOK_DELIVER_BACKLOG says otherwise. On SQLite and,
// with TEST_DATABASE_URL, on PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventSelection } from '../../../server/graphql/events.ts';
import { buildSchema } from '../../../server/graphql/schema.ts';
import { CARDS } from '../../support/fixtures.ts';
import { freshSchema, planPostgres, type TestSchema } from '../multi-instance/postgres.ts';
import { type Delivery, startReceiver, waitFor } from '../notify/helpers.ts';

import { type Bff, createCheckout, customer, MERCHANT_KEY, merchant, startBff } from './harness.ts';

const SECRET = 'whsec_test_0123456789abcdef0123456789';
const WAIT_MS = 20_000;
const NODE = eventSelection(buildSchema());

const plan = planPostgres();
if (plan.missing) {
  const message = plan.missing;
  test('events on postgres', () => assert.fail(message));
}
const stores = plan.url ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

type Json = Record<string, unknown>;

async function ask(bff: Bff, query: string, variables: Json = {}, key?: string) {
  const answer = await (key === undefined
    ? merchant(bff.endpoint, query, variables)
    : fetch(bff.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-umf-client': 'merchant-test',
          authorization: `Bearer ${MERCHANT_KEY}`,
          'idempotency-key': key,
        },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ data?: Json; errors?: unknown[] }>));
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data as Json;
}

const eventNode = async (bff: Bff, id: string) =>
  (await ask(bff, `query E($id: ID!) { event(id: $id) { ${NODE} } }`, { id })).event as Json;

async function pay(bff: Bff): Promise<string> {
  const { id, clientSecret } = await createCheckout(bff.endpoint, '88.00');
  const shopper = customer(bff);
  const sent = await shopper.sendSms(clientSecret, CARDS.debit);
  const attemptId = (sent.attempt as { id: string }).id;
  await shopper.confirm(clientSecret, attemptId, CARDS.debit, await shopper.latestCode());
  return id;
}

async function cancel(bff: Bff): Promise<string> {
  const { id } = await createCheckout(bff.endpoint);
  await ask(bff, 'mutation C($id: ID!) { cancelCheckout(id: $id) { __typename } }', { id });
  return id;
}

/** `value` cut down to the fields `shape` has (an API answer of fewer fields). */
function project(value: unknown, shape: unknown): unknown {
  if (Array.isArray(shape) && Array.isArray(value))
    return value.map((v, i) => project(v, shape[i]));
  if (shape && typeof shape === 'object' && value && typeof value === 'object') {
    const source = value as Json;
    return Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, project(source[k], v)]));
  }
  return value;
}

const received = (deliveries: Delivery[], type: string, about: string) =>
  deliveries.find((d) => d.body.type === type && JSON.stringify(d.body.data).includes(about));

const CHECKOUT_FIELDS = `id status version orderId description amount { amount currency }
  items { id name quantity amount { amount currency } } methods expiresAt createdAt attemptCount
  refunds { id checkoutId status amount { amount currency } attemptId duplicate createdAt }
  attempts { id method status umfPaymentId counted amount { amount currency } }`;

for (const store of stores) {
  describe(`events on ${store}`, () => {
    let schema: TestSchema | undefined;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let bff: Bff;
    const dataDir = mkdtempSync(join(tmpdir(), 'umf-events-'));
    const database = () => (schema ? { DATABASE_URL: schema.url } : {});
    const withUrl = () => ({
      MERCHANT_WEBHOOK_URL: receiver.url,
      MERCHANT_WEBHOOK_SECRET: SECRET,
    });

    before(async () => {
      schema = store === 'postgres' ? await freshSchema(String(plan.url)) : undefined;
      receiver = await startReceiver(SECRET);
      bff = await startBff({ DATA_DIR: dataDir, ...database(), ...withUrl() });
    });
    after(async () => {
      await bff?.close();
      await receiver?.close();
      await schema?.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('a webhook is the events node and carries the Checkout and Refund the API returns', async () => {
      const checkoutId = await pay(bff);
      const paid = await waitFor(
        async () => received(receiver.deliveries, 'checkout.succeeded', checkoutId),
        WAIT_MS,
      );
      assert.equal(paid.verified, true);
      assert.deepEqual(paid.body, await eventNode(bff, paid.body.id));
      const api = (
        await ask(bff, `query Q($id: ID!) { checkoutById(id: $id) { ${CHECKOUT_FIELDS} } }`, {
          id: checkoutId,
        })
      ).checkoutById as Json;
      const sent = paid.body.data as { __typename: string; checkout: Json };
      assert.equal(sent.__typename, 'CheckoutEventData');
      assert.deepEqual(project(sent.checkout, api), api);
      for (const internal of [
        'merchantOrderId',
        'umfState',
        'paidAttemptId',
        'order',
        'currency',
      ]) {
        assert.equal(internal in sent.checkout, false, `no ${internal}`);
      }
      assert.equal('encryptionKey' in sent.checkout, false);

      const refunded = await ask(
        bff,
        `mutation R($input: RefundPaymentInput!) { refundPayment(input: $input) { __typename ... on Refund { id } } }`,
        { input: { checkoutId, amount: '10.00' } },
      );
      const refundId = (refunded.refundPayment as { id: string }).id;
      const refund = await waitFor(
        async () => received(receiver.deliveries, 'refund.succeeded', refundId),
        WAIT_MS,
      );
      assert.deepEqual(refund.body, await eventNode(bff, refund.body.id));
      const after = (
        await ask(bff, `query Q($id: ID!) { checkoutById(id: $id) { ${CHECKOUT_FIELDS} } }`, {
          id: checkoutId,
        })
      ).checkoutById as { refunds: Json[] };
      const apiRefund = after.refunds.find((r) => r.id === refundId) as Json;
      const sentRefund = (refund.body.data as { refund: Json }).refund;
      assert.deepEqual(project(sentRefund, apiRefund), apiRefund);
      assert.deepEqual(sentRefund.amount, {
        amount: '10.00',
        currency: api.amount && (api.amount as Json).currency,
      });
      assert.equal('umfState' in sentRefund || 'orders' in sentRefund, false);
    });

    test('events pages oldest first, filters by type or family, and refuses a bad type by name', async () => {
      await cancel(bff);
      await cancel(bff);
      const page = async (variables: Json) =>
        (
          await ask(
            bff,
            `query L($first: Int, $after: String, $type: String) { events(first: $first, after: $after, type: $type) { edges { cursor node { id type created } } pageInfo { hasNextPage endCursor } } }`,
            variables,
          )
        ).events as {
          edges: { cursor: string; node: { id: string; type: string; created: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      const all = await page({ first: 100 });
      assert.ok(all.edges.length >= 4);
      const created = all.edges.map((e) => e.node.created);
      assert.deepEqual(created, [...created].sort());
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const next = await page({ first: 1, after });
        seen.push(...next.edges.map((e) => e.node.id));
        if (!next.pageInfo.hasNextPage) break;
        after = next.pageInfo.endCursor;
      }
      assert.deepEqual(
        seen,
        all.edges.map((e) => e.node.id),
      );
      const canceled = await page({ type: 'checkout.canceled' });
      assert.ok(canceled.edges.length >= 2);
      assert.ok(canceled.edges.every((e) => e.node.type === 'checkout.canceled'));
      const refunds = await page({ type: 'refund.*' });
      assert.deepEqual([...new Set(refunds.edges.map((e) => e.node.type))], ['refund.succeeded']);
      const bad = await merchant(
        bff.endpoint,
        '{ events(type: "checkout.paid") { edges { cursor } } }',
      );
      assert.equal(bad.errors?.[0]?.extensions?.field, 'type');
      assert.match(bad.errors?.[0]?.message ?? '', /checkout\.succeeded/);
    });

    test('resendEvent sends an event again, once per idempotency key', async () => {
      const checkoutId = await cancel(bff);
      const first = await waitFor(
        async () => received(receiver.deliveries, 'checkout.canceled', checkoutId),
        WAIT_MS,
      );
      const copies = () => receiver.deliveries.filter((d) => d.body.id === first.body.id).length;
      const resend = `mutation S($id: ID!) { resendEvent(id: $id) { id delivery { status attempts } } }`;
      const key = `resend-${first.body.id}`;
      const answer = await ask(bff, resend, { id: first.body.id }, key);
      assert.equal((answer.resendEvent as Json).id, first.body.id);
      await waitFor(async () => (copies() === 2 ? true : undefined), WAIT_MS);
      const again = await ask(bff, resend, { id: first.body.id }, key);
      assert.deepEqual(again, answer);
      const other = await cancel(bff);
      await waitFor(async () => received(receiver.deliveries, 'checkout.canceled', other), WAIT_MS);
      assert.equal(copies(), 2);
      const delivered = receiver.deliveries.filter((d) => d.body.id === first.body.id);
      assert.deepEqual(delivered[1]?.body, delivered[0]?.body);
      assert.equal(delivered[1]?.verified, true);
      assert.equal((await ask(bff, resend, { id: 'ev_none' })).resendEvent, null);
    });

    test('events queued without a webhook URL are held, and sent only with WEBHOOK_DELIVER_BACKLOG', async () => {
      await bff.close();
      bff = await startBff({ DATA_DIR: dataDir, ...database() });
      const heldCheckout = await cancel(bff);
      const held = (
        await ask(
          bff,
          '{ events(type: "checkout.canceled", first: 100) { nodes { id data { ... on CheckoutEventData { checkout { id } } } delivery { status } } } }',
        )
      ).events as {
        nodes: { id: string; data: { checkout: { id: string } }; delivery: { status: string } }[];
      };
      const heldEvent = held.nodes.find((n) => n.data.checkout.id === heldCheckout);
      assert.equal(heldEvent?.delivery.status, 'HELD');
      await bff.close();

      bff = await startBff({ DATA_DIR: dataDir, ...database(), ...withUrl() });
      const later = await cancel(bff);
      await waitFor(async () => received(receiver.deliveries, 'checkout.canceled', later), WAIT_MS);
      assert.equal(received(receiver.deliveries, 'checkout.canceled', heldCheckout), undefined);
      await bff.close();

      bff = await startBff({
        DATA_DIR: dataDir,
        ...database(),
        ...withUrl(),
        WEBHOOK_DELIVER_BACKLOG: 'true',
      });
      const backlog = await waitFor(
        async () => received(receiver.deliveries, 'checkout.canceled', heldCheckout),
        WAIT_MS,
      );
      assert.equal(backlog.body.id, heldEvent?.id);
      assert.equal(backlog.verified, true);
    });
  });
}
