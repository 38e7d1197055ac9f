// The merchant API through the whole BFF and the real sandbox, on SQLite and, with
// TEST_DATABASE_URL, on PostgreSQL: the checkouts connection (order, cursors, filters,
// limits), refund totals, field-level auth of attempts, precise error codes, report lines
// linked to their checkout, UMF's files, and customs declarations (a lost answer stays UNKNOWN
// until UMF is asked; final states queue a webhook).
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { documentHash } from '../../../server/http/trusted-documents.ts';
import { signBytes } from '../../../server/umf/crypto.ts';
import { startBff as startShared } from '../../support/bff.ts';
import { CARDS, checkoutInput, customsCheckoutInput } from '../../support/fixtures.ts';
import { freshSchema, planPostgres, type TestSchema } from '../multi-instance/postgres.ts';
import { type Bff, customer, eventually, merchant, startBff } from './harness.ts';

const plan = planPostgres();
if (plan.notice) console.log(plan.notice.replace('multi-instance suite', 'merchant API'));
if (plan.missing) {
  const message = plan.missing;
  test('merchant API on postgres', () => assert.fail(message));
}

const ERROR = '... on CheckoutError { code field message umfCode }';
const CREATE = `mutation Create($input: CreateCheckoutInput!) {
  createCheckout(input: $input) {
    __typename
    ... on CheckoutCreated { clientSecret checkout { id status createdAt } }
    ${ERROR}
  }
}`;
const LIST = `query List($filter: CheckoutFilter, $first: Int, $after: String) {
  checkouts(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id orderId status createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const REFUND = `mutation Refund($input: RefundPaymentInput!) {
  refundPayment(input: $input) { __typename ... on Refund { id status } ${ERROR} }
}`;
const TOTALS = `query Totals($id: ID!) {
  checkoutById(id: $id) {
    status amount { amount currency }
    refundedAmount { amount currency } refundableAmount { amount currency }
    customsDeclarations { id status }
  }
}`;
const DECLARE = `mutation Declare($input: DeclareCustomsInput!) {
  declareCustoms(input: $input) {
    __typename
    ... on CustomsDeclaration { id checkoutId subOrderId status umfDeclarationId customsId amount { amount currency } }
    ${ERROR}
  }
}`;
const DECLARATION = `query Declaration($id: ID!) {
  customsDeclaration(id: $id) { id status umfDeclarationId failureCode }
}`;

type Json = Record<string, unknown>;
type Edge = { cursor: string; node: { id: string; orderId: string; status: string } };
type Page = { edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

let orders = 0;
const orderId = (tag: string) => `M${process.pid}${tag}${Date.now().toString(36)}${++orders}`;

/** A customs sub-order (SILK) next to a plain one (TEA). */
const customsInput = (id: string) => customsCheckoutInput(id, { plain: 'TEA', customs: 'SILK' });

/** The declaration of the customs sub-order of `customsInput`. */
const silkDeclaration = (checkoutId: string) => ({
  checkoutId,
  subOrderId: 'SILK',
  customsId: 'HZ01',
  merchantCustomsCode: 'MC-1',
});

for (const store of ['sqlite', ...(plan.url ? ['postgres'] : [])] as const) {
  describe(`the merchant API on ${store}`, () => {
    let bff: Bff;
    let schema: TestSchema | undefined;
    const FOREIGN_DOC = `query Mine($clientSecret: String!) {
  checkout(clientSecret: $clientSecret) { ... on Checkout { id attempts { id umfPaymentId } } }
}`;

    before(async () => {
      schema = store === 'postgres' ? await freshSchema(String(plan.url)) : undefined;
      // A refund stays REFUND_PROCESS at UMF for executeDelayMs: long enough to read it PENDING.
      bff = await startBff(schema ? { DATABASE_URL: schema.url } : {}, {
        sandbox: { executeDelayMs: 1000 },
      });
    });
    after(async () => {
      await bff.close();
      await schema?.dispose();
    });

    const ask = async (query: string, variables: Json = {}) => {
      const result = await merchant(bff.endpoint, query, variables);
      return {
        data: (result.data ?? {}) as Record<string, Json>,
        errors: result.errors as { message: string; extensions?: Json }[] | undefined,
      };
    };
    async function create(input: Json) {
      const { data } = await ask(CREATE, { input });
      const created = data.createCheckout as Json & {
        clientSecret: string;
        checkout: { id: string };
      };
      assert.equal(created.__typename, 'CheckoutCreated', JSON.stringify(created));
      return { id: created.checkout.id, clientSecret: created.clientSecret };
    }
    async function pay(clientSecret: string) {
      const shopper = customer(bff);
      const { confirmed: paid } = await shopper.payByCard(clientSecret, CARDS.debit);
      assert.equal(paid.__typename, 'PaymentConfirmed', JSON.stringify(paid));
      await eventually(
        () => shopper.load(clientSecret),
        (checkout) => checkout.status === 'SUCCEEDED',
        10_000,
      );
    }
    /** A paid customs checkout whose next declaration answer (and the query after it) is lost. */
    async function paidWithCustomsAnswerLost(tag: string) {
      const { id, clientSecret } = await create(customsInput(orderId(tag)));
      await pay(clientSecret);
      await bff.control.faults({
        rules: [
          { endpoint: 'applyToCustoms', reset: 'after', times: 1 },
          { endpoint: 'getCustoms', reset: 'before', times: 50 },
        ],
      });
      return id;
    }
    /** How many customs declarations of this checkout's payment reached UMF. */
    async function applied(checkoutId: string) {
      const { data } = await ask(
        'query P($id: ID!) { checkoutById(id: $id) { attempts { umfPaymentId } } }',
        {
          id: checkoutId,
        },
      );
      const [attempt] = (data.checkoutById as { attempts: { umfPaymentId: string }[] }).attempts;
      const requests = await bff.control.requests();
      return requests.filter(
        (r) => r.endpoint === 'applyToCustoms' && r.path.includes(attempt.umfPaymentId),
      ).length;
    }
    const list = async (variables: Json) => {
      const result = await ask(LIST, variables);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data.checkouts as unknown as Page;
    };

    test('checkouts pages newest first, each once, with opaque cursors', async () => {
      const tag = orderId('L');
      const ids: string[] = [];
      for (let n = 0; n < 5; n += 1) ids.push((await create(checkoutInput(`${tag}n${n}`))).id);
      const since = new Date(Date.now() - 60_000).toISOString();
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: Page = await list({ first: 2, after, filter: { createdAfter: since } });
        pages += 1;
        for (const edge of page.edges) {
          assert.doesNotMatch(edge.cursor, /co_|\d{4}-\d{2}/, 'the cursor is opaque');
          seen.push(edge.node.id);
        }
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const mine = seen.filter((id) => ids.includes(id));
      assert.deepEqual(mine, [...ids].reverse(), 'newest first');
      assert.equal(new Set(seen).size, seen.length, 'no checkout twice');
      assert.ok(pages >= 3);
    });

    test('checkouts filters by order id, status and creation time', async () => {
      const id = orderId('F');
      const { id: checkoutId } = await create(checkoutInput(id));
      const byOrder = await list({ filter: { orderId: id } });
      assert.deepEqual(
        byOrder.edges.map((e) => e.node.id),
        [checkoutId],
      );
      const cancel = await ask(
        'mutation C($id: ID!) { cancelCheckout(id: $id) { __typename ... on Checkout { status } } }',
        { id: checkoutId },
      );
      assert.equal((cancel.data.cancelCheckout as Json).status, 'CANCELED');
      const canceled = await list({ filter: { status: 'CANCELED', orderId: id } });
      assert.equal(canceled.edges.length, 1);
      const open = await list({ filter: { status: 'OPEN', orderId: id } });
      assert.equal(open.edges.length, 0);
      const future = await list({
        filter: { createdAfter: new Date(Date.now() + 60_000).toISOString() },
      });
      assert.equal(future.edges.length, 0);
      const past = await list({
        filter: { orderId: id, createdBefore: new Date(Date.now() - 3_600_000).toISOString() },
      });
      assert.equal(past.edges.length, 0);
    });

    test('a first beyond 1–100 or a foreign cursor is an error naming the argument', async () => {
      for (const first of [0, 101]) {
        const result = await ask(LIST, { first });
        assert.equal(result.errors?.[0]?.extensions?.field, 'first', JSON.stringify(result));
        assert.match(result.errors![0].message, /first must be between 1 and 100/);
      }
      const bad = await ask(LIST, { after: 'not-a-cursor' });
      assert.equal(bad.errors?.[0]?.extensions?.field, 'after', JSON.stringify(bad));
    });

    test('without the merchant key checkouts is refused', async () => {
      const response = await fetch(bff.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-umf-client': 'test' },
        body: JSON.stringify({ query: '{ checkouts { edges { cursor } } }' }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      assert.ok(body.errors?.length, JSON.stringify(body));
      assert.ok(!body.data || (body.data as Json).checkouts == null);
    });

    test('a duplicate order id is ORDER_ID_IN_USE; sub-orders off the amount are SUB_ORDER_SUM_MISMATCH', async () => {
      const id = orderId('D');
      await create(checkoutInput(id));
      const again = (await ask(CREATE, { input: checkoutInput(id) })).data.createCheckout as Json;
      assert.equal(again.code, 'ORDER_ID_IN_USE');
      assert.equal(again.field, 'orderId');
      const input = checkoutInput(orderId('S'), '10.00');
      const off = (await ask(CREATE, { input: { ...input, amount: '12.00' } })).data
        ?.createCheckout as Json;
      assert.equal(off.code, 'SUB_ORDER_SUM_MISMATCH');
      assert.equal(off.field, 'amount');
      const code = (
        await ask(CREATE, {
          input: { ...input, subOrders: [{ ...input.subOrders[0], transCode: '99999999' }] },
        })
      ).data.createCheckout as Json;
      assert.equal(code.code, 'TRANS_CODE_UNKNOWN');
      const minutes = (await ask(CREATE, { input: { ...input, expiresInMinutes: 2 } })).data
        ?.createCheckout as Json;
      assert.equal(minutes.code, 'VALIDATION');
      assert.equal(minutes.field, 'expiresInMinutes');
    });

    test('refund totals: refunded counts SUCCEEDED refunds, refundable what is left', async () => {
      const { id, clientSecret } = await create(checkoutInput(orderId('R'), '100.00'));
      const before = (await ask(TOTALS, { id })).data.checkoutById as Json;
      assert.deepEqual(before.refundableAmount, { amount: '0.00', currency: 'USD' }, 'unpaid');
      await pay(clientSecret);
      const refunded = (await ask(REFUND, { input: { checkoutId: id, amount: '30.00' } })).data
        ?.refundPayment as Json;
      assert.equal(refunded.status, 'PENDING', JSON.stringify(refunded));
      const pending = (await ask(TOTALS, { id })).data.checkoutById as Json;
      assert.deepEqual(pending.refundedAmount, { amount: '0.00', currency: 'USD' });
      assert.deepEqual(
        pending.refundableAmount,
        { amount: '70.00', currency: 'USD' },
        'a pending refund is not refundable again',
      );
      const totals = await eventually(
        async () => (await ask(TOTALS, { id })).data.checkoutById as Json,
        (checkout) => (checkout.refundedAmount as Json).amount === '30.00',
        10_000,
      );
      assert.deepEqual(totals.refundedAmount, { amount: '30.00', currency: 'USD' });
      assert.deepEqual(totals.refundableAmount, { amount: '70.00', currency: 'USD' });
      const over = (await ask(REFUND, { input: { checkoutId: id, amount: '70.01' } })).data
        ?.refundPayment as Json;
      assert.equal(over.code, 'REFUND_AMOUNT_INVALID');
    });

    test('report lines name their checkout and order id; the files are UMF’s', async () => {
      const id = orderId('T');
      const { id: checkoutId, clientSecret } = await create(checkoutInput(id, '12.00'));
      await pay(clientSecret);
      const merDate = new Date(Date.now() + 8 * 3_600_000)
        .toISOString()
        .slice(0, 10)
        .replaceAll('-', '');
      const report = await ask(
        `query R($d: String!) { transactions(merDate: $d, pageSize: 500) {
          payments { tradeNo checkoutId orderId umfOrderId } } }`,
        { d: merDate },
      );
      assert.equal(report.errors, undefined, JSON.stringify(report.errors));
      const line = ((report.data.transactions as Json).payments as Json[]).find(
        (p) => p.checkoutId === checkoutId,
      );
      assert.ok(line, 'the payment is in the report with its checkout id');
      assert.equal(line.orderId, id);
      assert.equal(line.umfOrderId, `${id}-1`);
      const file = await ask(
        'query F($d: String!) { transactionsFile(merDate: $d) { fileName content } }',
        { d: merDate },
      );
      const { fileName, content } = file.data.transactionsFile as {
        fileName: string;
        content: string;
      };
      assert.equal(fileName, `transactions-${merDate}.csv`);
      assert.match(content, /^TRANSDETAIL-START,/);
      assert.ok(content.includes(`${id}-1`), 'the file lists the payment');
      const statement = await ask(
        'query S($d: String!) { reconciliationFile(settleDate: $d) { content } }',
        { d: merDate },
      );
      assert.match(String((statement.data.reconciliationFile as Json).content), /TRANSDETAIL-END/);
      const bad = await ask('{ transactionsFile(merDate: "2026-01-01") { content } }');
      assert.match(String(bad.errors?.[0]?.message), /YYYYMMDD/);
    });

    test('a client secret cannot read attempts (UMF payment ids), even by a trusted document', async () => {
      const own = await startShared({
        env: schema ? { DATABASE_URL: schema.url } : {},
        trustedDocuments: { [documentHash(FOREIGN_DOC)]: FOREIGN_DOC },
      });
      try {
        const created = await merchant(own.endpoint, CREATE, {
          input: checkoutInput(orderId('A')),
        });
        const createdCheckout = created.data?.createCheckout as
          | { clientSecret: string }
          | undefined;
        assert.ok(createdCheckout, JSON.stringify(created));
        const { clientSecret } = createdCheckout;
        const response = await fetch(own.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-umf-client': 'custom-frontend' },
          body: JSON.stringify({
            variables: { clientSecret },
            extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(FOREIGN_DOC) } },
          }),
        });
        const text = await response.text();
        assert.doesNotMatch(text, /umfPaymentId":"/);
        const body = JSON.parse(text) as {
          data?: { checkout: unknown } | null;
          errors?: unknown[];
        };
        assert.ok(body.errors?.length, text);
        assert.equal(body.data?.checkout ?? null, null);
      } finally {
        await own.close();
      }
    });

    test('customs: declared once, final at once; repeats and plain sub-orders are refused', async () => {
      const { id, clientSecret } = await create(customsInput(orderId('C')));
      const input = silkDeclaration(id);
      const early = (await ask(DECLARE, { input })).data.declareCustoms as Json;
      assert.equal(early.code, 'PAYMENT_NOT_COMPLETED');
      await pay(clientSecret);
      const plain = (await ask(DECLARE, { input: { ...input, subOrderId: 'TEA' } })).data
        ?.declareCustoms as Json;
      assert.equal(plain.code, 'CUSTOMS_NOT_DECLARABLE');
      assert.equal(plain.field, 'subOrderId');
      const bad = (await ask(DECLARE, { input: { ...input, customsId: '' } })).data
        ?.declareCustoms as Json;
      assert.equal(bad.field, 'customsId');
      const declared = (await ask(DECLARE, { input })).data.declareCustoms as Json;
      assert.equal(declared.__typename, 'CustomsDeclaration', JSON.stringify(declared));
      assert.equal(declared.status, 'SUCCEEDED');
      assert.match(String(declared.umfDeclarationId), /^CUSTOMS_/);
      assert.deepEqual(declared.amount, { amount: '20.00', currency: 'USD' });
      const again = (await ask(DECLARE, { input })).data.declareCustoms as Json;
      assert.equal(again.code, 'CUSTOMS_ALREADY_DECLARED');
      assert.equal(await applied(id), 1, 'UMF was asked once (the refusals never reached it)');
      const totals = (await ask(TOTALS, { id })).data.checkoutById as Json;
      assert.deepEqual(totals.customsDeclarations, [{ id: declared.id, status: 'SUCCEEDED' }]);
      const events = await bff.server.store.listPendingWebhooks(10_000);
      const event = events.find((e) => e.type === 'customs_declaration.succeeded');
      assert.ok(event, 'customs_declaration.succeeded is queued');
      const data = (event.payload as { data: { customsDeclaration: Json } }).data;
      assert.equal(data.customsDeclaration.id, declared.id);
    });

    test('customs: a lost answer leaves it UNKNOWN, never re-sent; a read asks UMF and settles it', async () => {
      // The first answer and the immediate query are both lost; UMF did record it.
      const id = await paidWithCustomsAnswerLost('U');
      try {
        const input = silkDeclaration(id);
        const declared = (await ask(DECLARE, { input })).data.declareCustoms as Json;
        assert.equal(declared.status, 'UNKNOWN', JSON.stringify(declared));
        assert.equal(declared.umfDeclarationId, null);
        const again = (await ask(DECLARE, { input })).data.declareCustoms as Json;
        assert.equal(again.code, 'CUSTOMS_ALREADY_DECLARED', 'an UNKNOWN one is not sent again');
        await bff.control.faults({});
        const settled = (await ask(DECLARATION, { id: declared.id })).data
          ?.customsDeclaration as Json;
        assert.equal(settled.status, 'SUCCEEDED');
        assert.match(String(settled.umfDeclarationId), /^CUSTOMS_/);
        assert.equal(await applied(id), 1, 'sent to UMF once');
      } finally {
        await bff.control.faults({});
      }
    });

    test("customs: UMF's notification settles a declaration whose answer was lost", async () => {
      const id = await paidWithCustomsAnswerLost('N');
      const input = silkDeclaration(id);
      const declared = (await ask(DECLARE, { input })).data.declareCustoms as Json;
      assert.equal(declared.status, 'UNKNOWN', JSON.stringify(declared));
      await bff.control.faults({});
      // What UMF recorded, read past the BFF; then UMF's notification of it, signed as UMF does.
      const attempt = (await bff.server.store.listAttempts(id)).find((a) => a.umfPaymentId);
      const recorded = await bff.server.umf.customs.get(String(attempt?.umfPaymentId));
      const body = JSON.stringify({ customs_declarations: recorded.customsDeclarations });
      const key = createPrivateKey(
        readFileSync(join(bff.dataDir, 'sandbox', 'umf-private-key.pem'), 'utf8'),
      );
      const response = await fetch(`${bff.url}/umf/notify`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          signature: signBytes(Buffer.from(body), key),
        },
        body,
      });
      assert.equal(response.status, 200, await response.clone().text());
      const stored = await bff.server.store.getCustomsDeclaration({ id: String(declared.id) });
      assert.equal(stored?.status, 'SUCCEEDED');
      assert.equal(stored?.umfDeclarationId, recorded.customsDeclarations[0].id);
      assert.equal(await applied(id), 1, 'never sent again');
      const events = await bff.server.store.listPendingWebhooks(10_000);
      const succeeded = events.filter(
        (e) =>
          e.type === 'customs_declaration.succeeded' &&
          (e.payload as { data: { customsDeclaration: Json } }).data.customsDeclaration.id ===
            declared.id,
      );
      assert.equal(succeeded.length, 1, 'one webhook for the final state');
    });
  });
}
