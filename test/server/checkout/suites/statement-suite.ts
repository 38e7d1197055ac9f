import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultRandom } from '../../../../server/domain/ids.ts';
import { createCheckout } from '../../../../server/store/checkout-ops.ts';
import type { StoreContext } from '../../../../server/store/context.ts';
import { openDatabase } from '../../../../server/store/db.ts';
import { migrateToLatest } from '../../../../server/store/migrate.ts';
import type { CheckoutStore } from '../../../../server/store/store.ts';
import { findRow, listRows, lockRow, updateRow } from '../../../../server/store/table-rows.ts';
import { lonelyBegins, statementCount } from '../../../support/statements.ts';
import type { Backend } from '../backends.ts';
import { testClock } from '../backends.ts';
import { newCheckout, ORDER, ok } from '../helpers.ts';

type Step = {
  name: string;
  /** Statements the operation runs (its BEGIN and COMMIT included), per backend. */
  statements: { sqlite: number; postgres: number };
  run(store: CheckoutStore, ids: Ids): Promise<void>;
};
type Ids = { checkoutId: string; clientSecret: string; attemptId: string; umfPaymentId: string };

const both = (n: number) => ({ sqlite: n, postgres: n });
/**
 * An operation that locks a checkout through its attempt and reads the attempt under it: two
 * statements on PostgreSQL (in one round trip), one join on SQLite.
 */
const lockThenRead = (n: number) => ({ sqlite: n - 1, postgres: n });

// A card payment's store operations, in the order the service runs them, each with the
// statements it needs: a lock on the checkout taken through the attempt, the attempt read under
// it, the guarded writes and the outbox row — no read repeated, none a RETURNING gives. The
// counts include each transaction's BEGIN and COMMIT.
const CARD_PAYMENT: Step[] = [
  {
    name: 'findCheckoutByClientSecret',
    statements: both(1),
    run: async (store, ids) => {
      await store.findCheckoutByClientSecret(ids.clientSecret);
    },
  },
  {
    name: 'startAttempt (lock checkout, insert attempt, update checkout)',
    statements: both(5),
    run: async (store, ids) => {
      const started = ok(await store.startAttempt(ids.checkoutId, { method: 'DEBIT_CARD' }));
      ids.attemptId = started.attempt.id;
      ids.umfPaymentId = `PAY_${started.attempt.id}`;
    },
  },
  {
    name: 'attachUmfPayment (lock, read attempt, update attempt)',
    statements: lockThenRead(5),
    run: async (store, ids) => {
      ok(await store.attachUmfPayment(ids.attemptId, { umfPaymentId: ids.umfPaymentId }));
    },
  },
  {
    name: 'recordSmsSent (lock, read attempt, update attempt, update checkout)',
    statements: lockThenRead(6),
    run: async (store, ids) => {
      ok(await store.recordSmsSent(ids.attemptId));
    },
  },
  {
    name: 'claimExecute (lock, read attempt, update attempt, update checkout)',
    statements: lockThenRead(6),
    run: async (store, ids) => {
      assert.equal(ok(await store.claimExecute(ids.attemptId)).claimed, true);
    },
  },
  {
    name: 'markExecuteAnswered with the checkout read (one WITH statement on PostgreSQL)',
    statements: { sqlite: 2, postgres: 1 },
    run: async (store, ids) => {
      assert.equal((await store.markExecuteAnswered(ids.attemptId))?.status, 'PROCESSING');
    },
  },
  {
    name: 'applyPaymentResult refused by its check under the lock (lock, read; then getCheckout)',
    statements: lockThenRead(5),
    run: async (store, ids) => {
      const seen: string[] = [];
      const kept = ok(
        await store.applyPaymentResult(
          { umfPaymentId: ids.umfPaymentId },
          { state: 'TRADE_SUCCESS' },
          (checkout, attempt) => {
            seen.push(`${checkout.id} ${attempt.id}`);
            return false;
          },
        ),
      );
      assert.deepEqual(seen, [`${ids.checkoutId} ${ids.attemptId}`]);
      assert.equal(kept.changed, false);
      assert.equal(kept.checkout.status, 'PROCESSING');
      assert.equal(kept.attempt.status, 'PROCESSING');
      assert.equal((await store.getCheckout(ids.checkoutId))?.status, 'PROCESSING');
    },
  },
  {
    name: 'applyPaymentResult by UMF payment id (lock, read, 2 updates, outbox insert)',
    statements: lockThenRead(7),
    run: async (store, ids) => {
      const paid = ok(
        await store.applyPaymentResult(
          { umfPaymentId: ids.umfPaymentId },
          { state: 'TRADE_SUCCESS' },
        ),
      );
      assert.equal(paid.checkout.status, 'SUCCEEDED');
    },
  },
];

export function statementSuite(backend: Backend): void {
  test('a card payment runs each store operation in the statements it needs, no more', async () => {
    const db = await backend.create();
    const statements: string[] = [];
    try {
      const clock = testClock();
      const store = await db.open({ now: () => clock.now, onQuery: (sql) => statements.push(sql) });
      const { checkout, clientSecret } = await newCheckout(store, clock.now);
      const ids: Ids = { checkoutId: checkout.id, clientSecret, attemptId: '', umfPaymentId: '' };
      for (const step of CARD_PAYMENT) {
        statements.length = 0;
        await step.run(store, ids);
        const trace = `${step.name}:\n${statements.join('\n')}`;
        assert.equal(statementCount(statements), step.statements[backend.name], trace);
        // PostgreSQL: a transaction's BEGIN goes with its first statement, never alone.
        if (backend.name === 'postgres') assert.equal(lonelyBegins(statements), 0, trace);
      }
    } finally {
      await db.dispose();
    }
  });

  test('a row query compiled once per shape runs each call with its own values', async () => {
    const database = await backend.create();
    const { db, dialect } = openDatabase(database.location);
    try {
      await migrateToLatest(db, dialect);
      const ctx: StoreContext = {
        db,
        dialect,
        now: () => new Date(),
        random: defaultRandom,
        maxAttempts: 3,
        holdWebhooks: false,
      };
      const created = async (merchantOrderId: string, customerId: string | null) =>
        ok(
          await createCheckout(ctx, {
            merchantOrderId,
            customerId,
            amount: '1.00',
            currency: 'USD',
            order: ORDER,
            methods: ['DEBIT_CARD'],
            expiresAt: new Date(Date.now() + 600_000),
          }),
        ).checkout.id;
      const a = await created('A', null);
      const b = await created('B', 'customer-b');
      const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
      assert.equal((await findRow(db, 'checkouts', { id: a }))?.merchant_order_id, 'A');
      assert.equal((await findRow(db, 'checkouts', { id: b }))?.merchant_order_id, 'B');
      assert.equal((await findRow(db, 'checkouts', { id: b, customer_id: undefined }))?.id, b);
      // `is null` and `= value` on one column are two shapes.
      const byCustomer = (customer_id: string | null) =>
        listRows(db, 'checkouts', { customer_id }, ['merchant_order_id']);
      assert.deepEqual(ids(await byCustomer(null)), [a]);
      assert.deepEqual(ids(await byCustomer('customer-b')), [b]);
      const open = (limit?: number) =>
        listRows(db, 'checkouts', { status: 'OPEN' }, [['merchant_order_id', 'desc']], limit);
      assert.deepEqual(ids(await open(1)), [b]);
      assert.deepEqual(ids(await open(2)), [b, a]);
      assert.deepEqual(ids(await open()), [b, a]);
      const claim = () =>
        updateRow(db, 'checkouts', { id: a, customer_id: null }, { customer_id: 'c' });
      assert.equal((await claim())?.customer_id, 'c');
      assert.equal(await claim(), undefined, 'the null guard no longer holds');
      const locked = await db
        .transaction()
        .execute((trx) => lockRow(trx, ctx, 'checkouts', { id: b }));
      assert.equal(locked?.id, b);
    } finally {
      await db.destroy();
      await database.dispose();
    }
  });
}
