// The reconciler through the whole BFF, with the sandbox's faults: every lost answer ends in
// the true state without any widget read — for the live stream, the merchant and the
// webhooks. An execute UMF never received (HTTP 500, a reset before it) leaves the checkout
// PROCESSING only until the grace period: then the customer confirms again (same UMF
// payment, one charge) or the merchant cancels. On SQLite, and on PostgreSQL when
// TEST_DATABASE_URL is set.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { freshSchema, planPostgres, type TestSchema } from '../multi-instance/postgres.ts';
import { createCheckout, customer, eventually, merchant, widget } from './harness.ts';
import {
  CARD,
  type ClockedBff,
  confirmByCard,
  startClockedBff,
  umfCalls,
  webhookTypes,
} from './recovery.ts';

const postgres = planPostgres();
if (postgres.notice) console.log(postgres.notice.replace('multi-instance suite', 'reconciler'));
if (postgres.missing) {
  const message = postgres.missing;
  test('reconciler on postgres', () => assert.fail(message));
}

const stores = postgres.url ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

for (const kind of stores) {
  describe(`reconciler on ${kind}`, () => {
    let bff: ClockedBff;
    let schema: TestSchema | undefined;

    before(async () => {
      schema = kind === 'postgres' ? await freshSchema(String(postgres.url)) : undefined;
      bff = await startClockedBff(schema ? { DATABASE_URL: schema.url } : {}, {
        sandbox: { executeDelayMs: 100, notifyRetryBaseMs: 50 },
      });
    });
    afterEach(() => bff.control.faults({}));
    after(async () => {
      await bff.close();
      await schema?.dispose();
    });

    async function cancel(id: string) {
      const result = await merchant(
        bff.endpoint,
        `mutation($id: ID!) { cancelCheckout(id: $id) {
          __typename ... on Checkout { status } ... on CheckoutError { code } } }`,
        { id },
      );
      return result.data?.cancelCheckout as { __typename: string; status?: string; code?: string };
    }

    async function checkoutById(id: string) {
      const result = await merchant(
        bff.endpoint,
        'query($id: ID!) { checkoutById(id: $id) { status } }',
        { id },
      );
      return (result.data?.checkoutById as { status: string } | undefined)?.status;
    }

    for (const [name, rule] of [
      ['HTTP 500', { endpoint: 'execute' as const, errorRate: 1, times: 1 }],
      [
        'a reset before UMF saw it',
        { endpoint: 'execute' as const, reset: 'before' as const, times: 1 },
      ],
    ] as const) {
      test(`an execute lost to ${name} goes back to SMS_SENT after the grace period; confirming again pays once`, async () => {
        await bff.control.faults({ rules: [rule] });
        const lost = await confirmByCard(bff);
        const stream = customer(bff).watch(lost.clientSecret, 20_000);
        assert.equal(lost.confirmed.__typename, 'PaymentConfirmed', JSON.stringify(lost.confirmed));
        assert.equal(lost.confirmed.checkout?.status, 'PROCESSING');
        assert.equal((await cancel(lost.id)).code, 'PAYMENT_IN_PROCESS', 'not while unknown');
        bff.clock.advance(11_000);
        await eventually(
          () => bff.server.store.getAttempt({ attemptId: lost.attemptId }),
          (a) => (a?.checkCount ?? 0) >= 1,
        );
        assert.equal(await checkoutById(lost.id), 'PROCESSING', 'within the grace period');
        bff.clock.advance(120_000);
        await eventually(
          () => checkoutById(lost.id),
          (status) => status === 'SMS_SENT',
        );
        const again = await lost.shopper.confirm(
          lost.clientSecret,
          lost.attemptId,
          CARD,
          lost.code,
        );
        assert.equal(again.__typename, 'PaymentConfirmed', JSON.stringify(again));
        assert.deepEqual(await stream, ['PROCESSING', 'SMS_SENT', 'PROCESSING', 'SUCCEEDED']);
        const ledger = await bff.control.ledger();
        const payment = ledger.payments.find((p) => p.id === lost.paymentId);
        assert.equal(payment?.state, 'TRADE_SUCCESS');
        assert.equal(payment?.executions, 1, 'UMF ran one execute');
        assert.deepEqual(
          (await webhookTypes(bff, lost.id)).filter((t) => t.startsWith('checkout.')),
          ['checkout.succeeded'],
        );
      });
    }

    test('after a lost execute is given back, a new SMS code may be asked for, the merchant may cancel, and nothing is charged', async () => {
      await bff.control.faults({ rules: [{ endpoint: 'execute', errorRate: 1, times: 1 }] });
      const lost = await confirmByCard(bff);
      assert.equal(lost.confirmed.checkout?.status, 'PROCESSING');
      await bff.control.advanceClock(61);
      const refused = await lost.shopper.sendSms(lost.clientSecret, CARD);
      assert.equal(refused.code, 'PAYMENT_IN_PROCESS', 'not while the execute is unknown');
      bff.clock.advance(131_000);
      await eventually(
        () => checkoutById(lost.id),
        (status) => status === 'SMS_SENT',
      );
      const resent = await lost.shopper.sendSms(lost.clientSecret, CARD);
      assert.equal(resent.__typename, 'SmsCodeSent', JSON.stringify(resent));
      assert.equal(resent.attempt?.id, lost.attemptId, 'the same UMF payment');
      assert.equal((await cancel(lost.id)).status, 'CANCELED');
      const payment = (await bff.control.ledger()).payments.find((p) => p.id === lost.paymentId);
      assert.equal(payment?.executions, 0);
    });

    test('a card payment whose notifications are all lost ends SUCCEEDED for the stream, the merchant and the webhooks, unread', async () => {
      await bff.control.faults({ notifications: { drop: 8 } });
      const paying = await confirmByCard(bff);
      assert.equal(paying.confirmed.checkout?.status, 'PROCESSING');
      const stream = customer(bff).watch(paying.clientSecret, 20_000);
      await eventually(
        () => bff.control.ledger(),
        (l) => l.payments.find((p) => p.id === paying.paymentId)?.state === 'TRADE_SUCCESS',
      );
      assert.equal(await checkoutById(paying.id), 'PROCESSING', 'nothing told the BFF yet');
      bff.clock.advance(6_000);
      assert.equal((await stream).at(-1), 'SUCCEEDED');
      assert.equal(await checkoutById(paying.id), 'SUCCEEDED');
      assert.deepEqual(
        (await webhookTypes(bff, paying.id)).filter((t) => t.startsWith('checkout.')),
        ['checkout.succeeded'],
      );
      assert.ok((await umfCalls(bff, 'getPayment', paying.paymentId)) >= 1);
    });

    test('a QR payment whose notifications are all lost ends SUCCEEDED without a widget read', async () => {
      const { clientSecret, id } = await createCheckout(bff.endpoint, '8.00', ['WECHAT_SCAN']);
      const started = await widget(bff.endpoint, 'StartQrPayment', {
        input: { clientSecret, method: 'WECHAT_SCAN' },
      });
      assert.equal(
        (started.startQrPayment as { __typename: string }).__typename,
        'QrPayment',
        JSON.stringify(started),
      );
      const checkout = await bff.server.store.getCheckout(id);
      const attempt = await bff.server.store.getAttempt({
        attemptId: String(checkout?.currentAttemptId),
      });
      await bff.control.faults({ notifications: { drop: 8 } });
      const stream = customer(bff).watch(clientSecret, 20_000);
      await bff.control.scan(String(attempt?.umfPaymentId));
      bff.clock.advance(6_000);
      assert.equal((await stream).at(-1), 'SUCCEEDED');
      assert.equal(await checkoutById(id), 'SUCCEEDED');
    });

    test('a QR code scanned after the merchant canceled, its notification lost, is found and refunded as a duplicate', async () => {
      const { clientSecret, id } = await createCheckout(bff.endpoint, '9.00', ['ALIPAY_SCAN']);
      await widget(bff.endpoint, 'StartQrPayment', {
        input: { clientSecret, method: 'ALIPAY_SCAN' },
      });
      const checkout = await bff.server.store.getCheckout(id);
      const attemptId = String(checkout?.currentAttemptId);
      const paymentId = String((await bff.server.store.getAttempt({ attemptId }))?.umfPaymentId);
      assert.equal((await cancel(id)).status, 'CANCELED');
      await bff.control.faults({ notifications: { drop: 8 } });
      await bff.control.scan(paymentId);
      bff.clock.advance(6_000);
      const attempt = await eventually(
        () => bff.server.store.getAttempt({ attemptId }),
        (a) => a?.status === 'DUPLICATE_PAID',
      );
      assert.equal(attempt?.status, 'DUPLICATE_PAID');
      assert.equal(await checkoutById(id), 'CANCELED');
      assert.ok((await webhookTypes(bff, id)).includes('payment.duplicate'));
      const refunds = await eventually(
        () => bff.control.ledger(),
        (l) => l.refunds.some((r) => r.paymentId === paymentId),
      );
      assert.deepEqual(
        refunds.refunds.filter((r) => r.paymentId === paymentId).map((r) => r.amount),
        ['9.00'],
      );
    });
  });
}
