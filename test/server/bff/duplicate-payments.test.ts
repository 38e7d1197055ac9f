// A checkout paid twice, through the whole BFF and the real sandbox: a refreshed QR code whose
// old code is scanned too, both the WeChat and the Alipay code, a QR code after the card, a QR
// code after the merchant canceled. Each time the second payment is a duplicate: the sandbox's
// ledger shows it refunded in full, the merchant got `payment.duplicate` then the refund's
// webhook, and the checkout (status, version, counted payment) did not change. On SQLite and,
// with TEST_DATABASE_URL, on PostgreSQL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Sandbox } from '../../../server/sandbox/types.ts';
import { CARDS } from '../../support/fixtures.ts';
import { freshSchema, planPostgres, type TestSchema } from '../multi-instance/postgres.ts';
import {
  type Answer,
  type Bff,
  createCheckout,
  customer,
  eventually,
  merchant,
  remoteSandbox,
  startBff,
  useBff,
  widget,
} from './harness.ts';

const AMOUNT = '88.00';
/** Generous: the suite shares a loaded machine; a pass never waits that long. */
const WAIT_MS = 20_000;

const plan = planPostgres();
if (plan.notice) console.log(plan.notice.replace('multi-instance suite', 'duplicate payments'));
if (plan.missing) {
  const message = plan.missing;
  test('duplicate payments on postgres', () => assert.fail(message));
}

type MerchantAttempt = {
  id: string;
  method: string;
  status: string;
  umfPaymentId: string | null;
  counted: boolean;
  supersededAt: string | null;
  amount: { amount: string; currency: string };
  refundedAmount: { amount: string };
  refundableAmount: { amount: string };
  refunds: { status: string; attemptId: string; amount: { amount: string } }[];
};
type MerchantCheckout = { status: string; version: number; attempts: MerchantAttempt[] };

const CHECKOUT_BY_ID = `query ById($id: ID!) {
  checkoutById(id: $id) {
    status version
    attempts {
      id method status umfPaymentId counted supersededAt
      amount { amount currency } refundedAmount { amount } refundableAmount { amount }
      refunds { status attemptId amount { amount } }
    }
  }
}`;

const REFUND = `mutation Refund($input: RefundPaymentInput!) {
  refundPayment(input: $input) {
    __typename
    ... on Refund { id status attemptId duplicate amount { amount } }
    ... on CheckoutError { code field message }
  }
}`;

for (const store of ['sqlite', ...(plan.url ? ['postgres'] : [])] as const) {
  describe(`duplicate payments on ${store}`, () => {
    let bff: Bff;
    let schema: TestSchema | undefined;

    before(async () => {
      schema = store === 'postgres' ? await freshSchema(String(plan.url)) : undefined;
      bff = await startBff(schema ? { DATABASE_URL: schema.url } : {});
    });
    after(async () => {
      await bff.close();
      await schema?.dispose();
    });

    const byId = async (id: string) => {
      const result = await merchant(bff.endpoint, CHECKOUT_BY_ID, { id });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data?.checkoutById as MerchantCheckout;
    };

    async function startQr(clientSecret: string, method: string, refresh = false) {
      const data = await widget(bff.endpoint, 'StartQrPayment', {
        input: { clientSecret, method, refresh },
      });
      const answer = data.startQrPayment as Answer;
      assert.equal(answer.__typename, 'QrPayment', JSON.stringify(answer));
      return answer.checkout!.attempt!.id;
    }

    /** The UMF payment behind an attempt, as the merchant sees it. */
    async function paymentOf(checkoutId: string, attemptId: string): Promise<string> {
      const attempt = (await byId(checkoutId)).attempts.find((a) => a.id === attemptId);
      assert.ok(attempt?.umfPaymentId, `attempt ${attemptId} has a UMF payment`);
      return attempt.umfPaymentId;
    }

    type WebhookData = {
      checkout?: { id: string };
      attempt?: { umfPaymentId: string; status: string };
      refund?: { checkoutId: string; attemptId: string; amount: string; duplicate: boolean };
    };

    /** The merchant webhooks about one checkout, in the order they were queued. */
    async function webhookEvents(checkoutId: string) {
      const events = await bff.server.store.listPendingWebhooks(10_000);
      return events
        .map((event) => ({ type: event.type, data: (event.payload as { data: WebhookData }).data }))
        .filter(({ data }) => (data.checkout?.id ?? data.refund?.checkoutId) === checkoutId);
    }

    const webhooks = async (checkoutId: string) =>
      (await webhookEvents(checkoutId)).map((event) => event.type);

    /**
     * Scans a QR payment and waits for its attempt's status. checkoutById reads the checkout
     * before its attempts, so a counted payment is awaited on the checkout's status too: one
     * read may see the attempt already SUCCEEDED and the checkout just before that commit.
     */
    async function scanAndWait(checkoutId: string, paymentId: string, status: string) {
      await bff.control.scan(paymentId);
      return eventually(
        () => byId(checkoutId),
        (c) =>
          c.attempts.find((a) => a.umfPaymentId === paymentId)?.status === status &&
          (status !== 'SUCCEEDED' || c.status === 'SUCCEEDED'),
        WAIT_MS,
      );
    }

    /**
     * The duplicate ended refunded in full at UMF, with payment.duplicate then refund.succeeded,
     * and the counted payment untouched.
     */
    async function assertRefundedDuplicate(
      checkoutId: string,
      duplicateId: string,
      countedId: string | null,
      webhooksBefore: string[],
    ) {
      const types = await eventually(
        () => webhooks(checkoutId),
        (t) => t.includes('refund.succeeded'),
        WAIT_MS,
      );
      assert.deepEqual(types, [...webhooksBefore, 'payment.duplicate', 'refund.succeeded']);
      const ledger = await bff.control.ledger();
      const duplicate = ledger.payments.find((p) => p.id === duplicateId);
      assert.equal(duplicate?.state, 'TRADE_SUCCESS');
      assert.equal(duplicate?.refundedAmount, AMOUNT, 'refunded in full');
      assert.deepEqual(
        ledger.refunds.filter((r) => r.paymentId === duplicateId).map((r) => [r.amount, r.state]),
        [[AMOUNT, 'REFUND_SUCCESS']],
      );
      if (countedId) {
        const counted = ledger.payments.find((p) => p.id === countedId);
        assert.equal(counted?.state, 'TRADE_SUCCESS');
        assert.equal(counted?.refundedAmount, '0.00', 'the counted payment is not refunded');
      }
      const view = await eventually(
        () => byId(checkoutId),
        (c) => c.attempts.some((a) => a.refunds.some((r) => r.status === 'SUCCEEDED')),
        WAIT_MS,
      );
      const attempt = view.attempts.find((a) => a.umfPaymentId === duplicateId);
      assert.equal(attempt?.status, 'DUPLICATE_PAID');
      assert.equal(attempt?.counted, false);
      assert.deepEqual(attempt?.refunds, [
        { status: 'SUCCEEDED', attemptId: attempt?.id, amount: { amount: AMOUNT } },
      ]);
      assert.equal(attempt?.refundedAmount.amount, AMOUNT);
      assert.equal(attempt?.refundableAmount.amount, '0.00');
      const events = await webhookEvents(checkoutId);
      const reported = events.find((e) => e.type === 'payment.duplicate')?.data.attempt;
      assert.equal(reported?.umfPaymentId, duplicateId);
      assert.equal(reported?.status, 'DUPLICATE_PAID');
      const refunded = events.find((e) => e.type === 'refund.succeeded')?.data.refund;
      assert.equal(refunded?.attemptId, attempt?.id);
      assert.equal(refunded?.amount, AMOUNT);
      assert.equal(refunded?.duplicate, true, "the merchant can tell it is not the order's refund");
      return view;
    }

    test('a refreshed QR code paid, then the old code scanned: the old payment is refunded', async () => {
      const { id, clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
      const old = await startQr(clientSecret, 'WECHAT_SCAN');
      const fresh = await startQr(clientSecret, 'WECHAT_SCAN', true);
      assert.notEqual(fresh, old);
      const [oldPayment, freshPayment] = [await paymentOf(id, old), await paymentOf(id, fresh)];
      const replaced = (await byId(id)).attempts.find((a) => a.id === old);
      assert.equal(replaced?.status, 'SUPERSEDED');
      assert.ok(replaced?.supersededAt);

      const paid = await scanAndWait(id, freshPayment, 'SUCCEEDED');
      assert.equal(paid.status, 'SUCCEEDED');
      await scanAndWait(id, oldPayment, 'DUPLICATE_PAID');

      const view = await assertRefundedDuplicate(id, oldPayment, freshPayment, [
        'checkout.succeeded',
      ]);
      assert.equal(view.status, 'SUCCEEDED');
      assert.equal(view.version, paid.version, 'the checkout did not change');
      const counted = view.attempts.find((a) => a.id === fresh);
      assert.equal(counted?.counted, true);
      assert.equal(counted?.refundableAmount.amount, AMOUNT);
      assert.ok(view.attempts.find((a) => a.id === old)?.supersededAt, 'still marked replaced');
      assert.equal((await customer(bff).load(clientSecret)).attempt?.id, fresh);
    });

    test('the old QR code scanned first counts; the refreshed one then is the duplicate', async () => {
      const { id, clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
      const old = await startQr(clientSecret, 'ALIPAY_SCAN');
      const fresh = await startQr(clientSecret, 'ALIPAY_SCAN', true);
      const [oldPayment, freshPayment] = [await paymentOf(id, old), await paymentOf(id, fresh)];
      const updates = customer(bff).watch(clientSecret, WAIT_MS);
      const paid = await scanAndWait(id, oldPayment, 'SUCCEEDED');
      assert.equal((await updates).at(-1), 'SUCCEEDED', 'the widget hears the payment');
      assert.equal(paid.attempts.find((a) => a.id === fresh)?.status, 'SUPERSEDED');
      assert.equal((await customer(bff).load(clientSecret)).attempt?.id, old);

      await scanAndWait(id, freshPayment, 'DUPLICATE_PAID');
      const view = await assertRefundedDuplicate(id, freshPayment, oldPayment, [
        'checkout.succeeded',
      ]);
      assert.equal(view.version, paid.version);
      assert.equal(view.attempts.find((a) => a.id === old)?.counted, true);
    });

    test('both the WeChat and the Alipay code scanned: the second payment is refunded', async () => {
      const { id, clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
      const wechat = await startQr(clientSecret, 'WECHAT_SCAN');
      const alipay = await startQr(clientSecret, 'ALIPAY_SCAN');
      const [wechatPayment, alipayPayment] = [
        await paymentOf(id, wechat),
        await paymentOf(id, alipay),
      ];
      const paid = await scanAndWait(id, alipayPayment, 'SUCCEEDED');
      await scanAndWait(id, wechatPayment, 'DUPLICATE_PAID');
      const view = await assertRefundedDuplicate(id, wechatPayment, alipayPayment, [
        'checkout.succeeded',
      ]);
      assert.equal(view.status, 'SUCCEEDED');
      assert.equal(view.version, paid.version);
      assert.deepEqual(
        view.attempts.map((a) => [a.method, a.status, a.counted]),
        [
          ['WECHAT_SCAN', 'DUPLICATE_PAID', false],
          ['ALIPAY_SCAN', 'SUCCEEDED', true],
        ],
      );
    });

    test('a QR code scanned after the card paid: the QR payment is refunded', async () => {
      const shopper = customer(bff);
      const { id, clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
      const qr = await startQr(clientSecret, 'WECHAT_SCAN');
      const qrPayment = await paymentOf(id, qr);
      const sent = await shopper.sendSms(clientSecret, CARDS.debit);
      assert.equal(sent.__typename, 'SmsCodeSent', JSON.stringify(sent));
      const cardPayment = await paymentOf(id, sent.attempt!.id);
      const updates = shopper.watch(clientSecret, WAIT_MS);
      await shopper.confirm(
        clientSecret,
        sent.attempt!.id,
        CARDS.debit,
        await shopper.latestCode(),
      );
      assert.equal((await updates).at(-1), 'SUCCEEDED');
      const paid = await byId(id);

      await scanAndWait(id, qrPayment, 'DUPLICATE_PAID');
      const view = await assertRefundedDuplicate(id, qrPayment, cardPayment, [
        'checkout.succeeded',
      ]);
      assert.equal(view.status, 'SUCCEEDED');
      assert.equal(view.version, paid.version);
      assert.equal(view.attempts.find((a) => a.id === sent.attempt!.id)?.counted, true);
    });

    test('a QR code scanned after the merchant canceled: refunded, the checkout stays CANCELED', async () => {
      const { id, clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
      const qr = await startQr(clientSecret, 'WECHAT_SCAN');
      const qrPayment = await paymentOf(id, qr);
      const canceled = await merchant(
        bff.endpoint,
        'mutation($id: ID!) { cancelCheckout(id: $id) { __typename ... on Checkout { status version } } }',
        { id },
      );
      const before = canceled.data?.cancelCheckout as { status: string; version: number };
      assert.equal(before.status, 'CANCELED');

      await scanAndWait(id, qrPayment, 'DUPLICATE_PAID');
      const view = await assertRefundedDuplicate(id, qrPayment, null, ['checkout.canceled']);
      assert.equal(view.status, 'CANCELED');
      assert.equal(view.version, before.version, 'the checkout did not change');
      assert.equal((await customer(bff).load(clientSecret)).status, 'CANCELED');
    });

    test('refundPayment reaches any paid attempt; an attempt of another checkout is refused', async () => {
      const { id, clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
      const wechat = await startQr(clientSecret, 'WECHAT_SCAN');
      const alipay = await startQr(clientSecret, 'ALIPAY_SCAN');
      await scanAndWait(id, await paymentOf(id, alipay), 'SUCCEEDED');
      const partial = await merchant(bff.endpoint, REFUND, {
        input: { checkoutId: id, amount: '8.00' },
      });
      const first = partial.data?.refundPayment as { id: string };
      assert.deepEqual(first, {
        __typename: 'Refund',
        id: first.id,
        status: 'PENDING',
        attemptId: alipay,
        duplicate: false,
        amount: { amount: '8.00' },
      });
      const other = await createCheckout(bff.endpoint, AMOUNT);
      for (const locale of ['en', 'zh-CN']) {
        const foreign = await merchant(bff.endpoint, REFUND, {
          input: { checkoutId: other.id, amount: '1.00', attemptId: wechat },
        });
        const answer = foreign.data?.refundPayment as Answer;
        assert.equal(answer.code, 'VALIDATION', locale);
        assert.equal(answer.field, 'attemptId');
      }
      const unpaid = await merchant(bff.endpoint, REFUND, {
        input: { checkoutId: id, amount: '1.00', attemptId: wechat },
      });
      const refused = unpaid.data?.refundPayment as Answer;
      assert.equal(refused.code, 'PAYMENT_NOT_COMPLETED');
      const view = await eventually(
        () => byId(id),
        (c) => c.attempts.some((a) => a.refundedAmount.amount === '8.00'),
        WAIT_MS,
      );
      const counted = view.attempts.find((a) => a.id === alipay);
      assert.equal(counted?.refundableAmount.amount, '80.00');
      assert.equal(view.attempts.find((a) => a.id === wechat)?.refundableAmount.amount, '0.00');
    });
  });
}

describe('a duplicate whose refund did not go through', () => {
  // No grace: a refund UMF has no record of right after a cut connection is FAILED at once.
  const bff = useBff({ RECONCILE_GRACE_MS: '0' });

  test('is refunded again by the sweep, once, after refund.failed', async () => {
    const { id, clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
    const qr = async (method: string) => {
      const data = await widget(bff.endpoint, 'StartQrPayment', {
        input: { clientSecret, method },
      });
      const attemptId = (data.startQrPayment as Answer).checkout!.attempt!.id;
      return String((await bff.server.store.getAttempt({ attemptId }))?.umfPaymentId);
    };
    const wechat = await qr('WECHAT_SCAN');
    const alipay = await qr('ALIPAY_SCAN');
    await bff.control.scan(alipay);
    await eventually(
      () => bff.server.store.getCheckout(id),
      (c) => c?.status === 'SUCCEEDED',
      WAIT_MS,
    );
    // The connection is cut before UMF sees the automatic refund: it never happened.
    await bff.control.faults({ rules: [{ endpoint: 'refund', reset: 'before', times: 1 }] });
    await bff.control.scan(wechat);
    const failed = await eventually(
      () => bff.server.store.listRefunds(id),
      (refunds) => refunds.some((r) => r.status === 'FAILED'),
      WAIT_MS,
    );
    assert.deepEqual(
      failed.map((r) => r.status),
      ['FAILED'],
    );
    assert.equal((await bff.control.ledger()).refunds.length, 0, 'UMF refunded nothing');

    await bff.server.service.refundDuplicates();
    const ledger = await eventually(
      () => bff.control.ledger(),
      (l) => l.refunds.some((r) => r.paymentId === wechat && r.state === 'REFUND_SUCCESS'),
      WAIT_MS,
    );
    assert.deepEqual(
      ledger.refunds.map((r) => [r.paymentId, r.amount]),
      [[wechat, AMOUNT]],
      'refunded once, in full, and only the duplicate',
    );
    assert.equal(await bff.server.service.refundDuplicates(), 0, 'nothing left to refund');
    const types = await eventually(
      async () =>
        (await bff.server.store.listPendingWebhooks(10_000))
          .filter((e) => JSON.stringify(e.payload).includes(id))
          .map((e) => e.type),
      (t) => t.includes('refund.succeeded'),
      WAIT_MS,
    );
    assert.deepEqual(types, [
      'checkout.succeeded',
      'payment.duplicate',
      'refund.failed',
      'refund.succeeded',
    ]);
  });
});

describe('duplicate payments with REFUND_DUPLICATE_PAYMENTS=false, then back on', () => {
  // UMF is a sandbox of its own, so it outlives the BFF restart below.
  let umf: Awaited<ReturnType<typeof remoteSandbox>>;
  let sandbox: Sandbox;
  let env: Record<string, string>;
  let bff: Bff;
  let unrefunded: { checkoutId: string; attemptId: string; paymentId: string };

  before(async () => {
    umf = await remoteSandbox();
    ({ sandbox, env } = umf);
    bff = await startBff(
      { ...env, REFUND_DUPLICATE_PAYMENTS: 'false' },
      { control: sandbox.control },
    );
  });
  after(async () => {
    await bff.close();
    await umf.close();
  });

  /** A checkout paid with Alipay, then with the WeChat code it replaced. */
  async function paidTwice() {
    const { id, clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
    const qr = async (method: string) => {
      const data = await widget(bff.endpoint, 'StartQrPayment', {
        input: { clientSecret, method },
      });
      const attemptId = (data.startQrPayment as Answer).checkout!.attempt!.id;
      const attempt = await bff.server.store.getAttempt({ attemptId });
      return { attemptId, paymentId: String(attempt?.umfPaymentId) };
    };
    const wechat = await qr('WECHAT_SCAN');
    const alipay = await qr('ALIPAY_SCAN');
    await bff.control.scan(alipay.paymentId);
    await bff.control.scan(wechat.paymentId);
    await eventually(
      () => bff.server.store.getAttempt({ attemptId: wechat.attemptId }),
      (a) => a?.status === 'DUPLICATE_PAID',
      WAIT_MS,
    );
    return { id, wechat, alipay };
  }

  test('the duplicate is reported and kept; the merchant refunds it by its attempt id', async () => {
    const { id, wechat, alipay } = await paidTwice();
    assert.equal(await bff.server.service.refundDuplicates(), 0, 'the setting is off');
    const ledger = await bff.control.ledger();
    assert.equal(ledger.refunds.filter((r) => r.paymentId === wechat.paymentId).length, 0);
    const types = (await bff.server.store.listPendingWebhooks(10_000)).map((e) => e.type);
    assert.ok(types.includes('payment.duplicate'));

    const refunded = await merchant(bff.endpoint, REFUND, {
      input: { checkoutId: id, amount: AMOUNT, attemptId: wechat.attemptId },
    });
    const refund = refunded.data?.refundPayment as { __typename: string; attemptId: string };
    assert.equal(refund.__typename, 'Refund', JSON.stringify(refunded));
    assert.equal(refund.attemptId, wechat.attemptId);
    const settled = await eventually(
      () => bff.control.ledger(),
      (l) =>
        l.refunds.some((r) => r.paymentId === wechat.paymentId && r.state === 'REFUND_SUCCESS'),
      WAIT_MS,
    );
    assert.equal(settled.payments.find((p) => p.id === wechat.paymentId)?.refundedAmount, AMOUNT);
    assert.equal(settled.payments.find((p) => p.id === alipay.paymentId)?.refundedAmount, '0.00');
  });

  test('a duplicate left without a refund is refunded by the BFF that starts next', async () => {
    const { id, wechat } = await paidTwice();
    unrefunded = { checkoutId: id, ...wechat };
    await bff.close();
    bff = await startBff(env, { control: sandbox.control });
    const ledger = await eventually(
      () => sandbox.control.ledger(),
      (l) =>
        l.refunds.some((r) => r.paymentId === unrefunded.paymentId && r.state === 'REFUND_SUCCESS'),
      WAIT_MS,
    );
    assert.equal(
      ledger.payments.find((p) => p.id === unrefunded.paymentId)?.refundedAmount,
      AMOUNT,
    );
    const refunds = await bff.server.store.listRefunds(id);
    assert.deepEqual(
      refunds.map((r) => [r.attemptId, r.amount]),
      [[unrefunded.attemptId, AMOUNT]],
    );
    assert.equal(await bff.server.service.refundDuplicates(), 0, 'nothing left to refund');
  });
});

describe("a checkout's attempts through the client secret", () => {
  // A document the merchant registered for its own frontend: it runs without the merchant key,
  // and field authorisation still keeps the merchant's view of attempts out of it.
  const dir = mkdtempSync(join(tmpdir(), 'umf-docs-'));
  const documents = {
    attempts:
      'query Spy($s: String!) { checkout(clientSecret: $s) { ... on Checkout { attempts { id umfPaymentId } } } }',
    attempt:
      'query Peek($s: String!) { checkout(clientSecret: $s) { ... on Checkout { attempt { id status umfPaymentId refunds { id } } } } }',
    status:
      'query Status($s: String!) { checkout(clientSecret: $s) { ... on Checkout { attempt { id status qrContent } } } }',
  };
  let bff: Bff;
  before(async () => {
    const manifest = join(dir, 'shop-documents.json');
    writeFileSync(
      manifest,
      JSON.stringify(
        Object.fromEntries(
          Object.values(documents).map((d) => [createHash('sha256').update(d).digest('hex'), d]),
        ),
      ),
    );
    bff = await startBff({ TRUSTED_DOCUMENTS_FILES: manifest });
  });
  after(async () => {
    await bff.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(document: string, clientSecret: string) {
    const response = await fetch(bff.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-umf-client': 'shop-frontend' },
      body: JSON.stringify({
        variables: { s: clientSecret },
        extensions: {
          persistedQuery: {
            version: 1,
            sha256Hash: createHash('sha256').update(document).digest('hex'),
          },
        },
      }),
    });
    return { status: response.status, text: await response.text() };
  }

  test('reads the current attempt as before, never the UMF payment, refunds or other attempts', async () => {
    const { clientSecret } = await createCheckout(bff.endpoint, AMOUNT);
    const data = await widget(bff.endpoint, 'StartQrPayment', {
      input: { clientSecret, method: 'WECHAT_SCAN' },
    });
    const attemptId = (data.startQrPayment as Answer).checkout!.attempt!.id;
    const paymentId = String((await bff.server.store.getAttempt({ attemptId }))?.umfPaymentId);

    const allowed = await run(documents.status, clientSecret);
    assert.equal(allowed.status, 200);
    const parsed = JSON.parse(allowed.text) as { data: { checkout: { attempt: { id: string } } } };
    assert.equal(parsed.data.checkout.attempt.id, attemptId);

    for (const document of [documents.attempts, documents.attempt]) {
      const refused = await run(document, clientSecret);
      const body = JSON.parse(refused.text) as { errors?: { message: string }[] };
      assert.ok(body.errors?.length, refused.text);
      assert.ok(!refused.text.includes(paymentId), 'the UMF payment id is not shown');
    }
  });
});
