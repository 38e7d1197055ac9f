// The statements a whole card checkout costs the BFF's store, on SQLite and, with
// TEST_DATABASE_URL, on PostgreSQL: createCheckout, the widget's reads, SendSmsCode,
// ConfirmPayment, UMF's notification and the checkoutUpdated events in between. No step reads
// again what a store operation just answered (the attempt of a published or answered checkout,
// the attempt and checkout a notification is checked against): a regression fails the count.
// The per-operation counts are test/server/checkout/suites/statement-suite.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Bff, startBff } from '../../support/bff.ts';
import { CARDS } from '../../support/fixtures.ts';
import { statementCount } from '../../support/statements.ts';
import { waitFor } from '../../support/wait.ts';
import { freshSchema, planPostgres, type TestSchema } from '../multi-instance/postgres.ts';
import { createCheckout, customer } from './harness.ts';

const plan = planPostgres();
if (plan.notice) console.log(plan.notice.replace('multi-instance suite', 'statement count'));
if (plan.missing) {
  const message = plan.missing;
  test('statement count on postgres', () => assert.fail(message));
}

/**
 * Statements per whole card checkout (each transaction's BEGIN and COMMIT included), without
 * those of the UMF access token: fetched once per BFF (this one's first checkout), then cached;
 * and the round trips they take: on PostgreSQL a transaction's BEGIN goes with its first
 * statement (the store reports the two as one `begin; …`).
 */
const PER_CHECKOUT: Record<string, { statements: number; roundTrips: number }> = {
  sqlite: { statements: 40, roundTrips: 40 },
  postgres: { statements: 43, roundTrips: 34 },
};

for (const backend of ['sqlite', ...(plan.url ? ['postgres'] : [])] as const) {
  describe(`a card checkout's statements on ${backend}`, () => {
    let bff: Bff;
    let schema: TestSchema | undefined;
    const statements: string[] = [];

    before(async () => {
      schema = backend === 'postgres' ? await freshSchema(String(plan.url)) : undefined;
      bff = await startBff({
        // No reconciler round or duplicate payment sweep in the middle of the count.
        env: {
          RECONCILE_INTERVAL_MS: '600000',
          REFUND_DUPLICATE_PAYMENTS: 'false',
          ...(schema ? { DATABASE_URL: schema.url } : {}),
        },
        onQuery: (sql) => statements.push(sql),
      });
    });
    after(async () => {
      await bff?.close();
      await schema?.dispose();
    });

    test('a card payment, notified and watched, runs the statements it needs, no more', async () => {
      const shopper = customer(bff);
      statements.length = 0;
      const { clientSecret } = await createCheckout(bff.endpoint, '66.60');
      assert.equal((await shopper.load(clientSecret)).status, 'OPEN');
      const statuses = shopper.watch(clientSecret);
      const { confirmed } = await shopper.payByCard(clientSecret, CARDS.debit);
      assert.equal(confirmed.__typename, 'PaymentConfirmed');
      assert.equal((await statuses).at(-1), 'SUCCEEDED');
      const paymentId = await waitFor(async () => {
        const { notifications } = await bff.control.ledger();
        return notifications.find((n) => n.acknowledged)?.objectId;
      }, 5000);
      assert.ok(paymentId);
      const paid = await shopper.load(clientSecret);
      assert.equal(paid.status, 'SUCCEEDED');
      const counted = statements.filter((sql) => !sql.includes('umf_token'));
      const trace = counted.join('\n');
      assert.deepEqual(
        { statements: statementCount(counted), roundTrips: counted.length },
        PER_CHECKOUT[backend],
        trace,
      );
    });
  });
}
