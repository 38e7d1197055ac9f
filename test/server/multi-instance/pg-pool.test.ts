// The PostgreSQL store's pool (server/store/pg-pool.ts) against a real server: statements are
// prepared once per connection and keep answering after another instance's migration adds a
// column; a stale `select *` is prepared again and read once more outside a transaction, and
// fails inside one without running anything twice; BEGIN travels with the first statement and
// a transaction without statements sends nothing; a row read sent behind its checkout's lock
// sees what the lock's holder committed; a prepared statement's columns are asked for once per
// connection, its later answers read with what it answered then.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { defaultRandom } from '../../../server/domain/ids.ts';
import type { Db, StoreContext } from '../../../server/store/context.ts';
import { openDatabase } from '../../../server/store/db.ts';
import { migrateToLatest } from '../../../server/store/migrate.ts';
import { openStore } from '../../../server/store/store.ts';
import {
  findRow,
  lockOwningCheckoutThenFind,
  updateRow,
} from '../../../server/store/table-rows.ts';
import { lonelyBegins } from '../../support/statements.ts';
import { newCheckout, ok } from '../checkout/helpers.ts';
import { freshSchema, postgresUrlFor, type TestSchema } from './postgres.ts';
import { wireTap } from './wire-tap.ts';

const postgresUrl = postgresUrlFor('PostgreSQL store pool');

/** A promise and what resolves it. */
function signal(): [Promise<void>, () => void] {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return [promise, resolve];
}

if (postgresUrl) {
  describe('the PostgreSQL store pool', () => {
    let schema: TestSchema;
    const trace: string[] = [];
    let handle: ReturnType<typeof openDatabase>;

    before(async () => {
      schema = await freshSchema(postgresUrl);
      handle = openDatabase({ databaseUrl: schema.url, onQuery: (text) => trace.push(text) });
      await migrateToLatest(handle.db, handle.dialect);
    });
    after(async () => {
      await handle?.db.destroy();
      await schema?.dispose();
    });

    test('a row read is prepared once and answers after a migration adds a column', async () => {
      const store = await openStore({ databaseUrl: schema.url });
      try {
        const { checkout } = await newCheckout(store, new Date());
        await handle.db.connection().execute(async (db) => {
          const read = () => findRow(db, 'checkouts', { id: checkout.id });
          const statements = async () =>
            (
              await sql<{ name: string }>`select name from pg_prepared_statements
                where statement like ${'select %from "checkouts" where "id" = $1'}`.execute(db)
            ).rows.map((row) => row.name);
          assert.equal((await read())?.id, checkout.id);
          const named = await statements();
          assert.equal(named.length, 1, 'prepared under one name');
          assert.equal((await read())?.id, checkout.id);
          await schema.query(`alter table ${schema.schema}.checkouts add column newer text`);
          const row = await read();
          assert.equal(row?.id, checkout.id);
          assert.ok(row && !('newer' in row), 'the listed columns, not the new one');
          assert.deepEqual(await statements(), named, 'still the one prepared statement');
        });
      } finally {
        await store.close();
      }
    });

    test('a stale select * is read again once outside a transaction, and fails inside one', async () => {
      await sql`create table pool_probe (id integer primary key)`.execute(handle.db);
      await sql`insert into pool_probe values (1)`.execute(handle.db);
      const star = (db: typeof handle.db) =>
        sql<Record<string, unknown>>`select * from pool_probe where id = ${1}`.execute(db);
      // Every pooled connection the next reads may land on: one client holds the read.
      await handle.db.connection().execute(async (db) => {
        assert.deepEqual((await star(db)).rows, [{ id: 1 }]);
        await schema.query(`alter table ${schema.schema}.pool_probe add column extra text`);
        trace.length = 0;
        assert.deepEqual((await star(db)).rows, [{ id: 1, extra: null }]);
        assert.equal(trace.length, 2, `read, then read again: ${trace.join('\n')}`);
        await schema.query(`alter table ${schema.schema}.pool_probe add column more text`);
        trace.length = 0;
        await assert.rejects(
          db.transaction().execute((trx) => star(trx)),
          /cached plan must not change result type/,
        );
        assert.deepEqual(trace, [`begin; ${trace[0]?.slice('begin; '.length)}`, 'rollback']);
        const again = await db.transaction().execute((trx) => star(trx));
        assert.deepEqual(again.rows, [{ id: 1, extra: null, more: null }], 'prepared anew');
      });
    });

    test('BEGIN goes with the first statement; an empty transaction sends nothing', async () => {
      trace.length = 0;
      await handle.db.transaction().execute(async () => undefined);
      assert.equal(trace.length, 0, trace.join('\n'));
      const [first, second] = await handle.db.transaction().execute(async (trx) => {
        const xact = (n: number) =>
          sql<{ id: string }>`select txid_current()::text as id, ${n}::int as n`.execute(trx);
        return [(await xact(1)).rows[0]?.id, (await xact(2)).rows[0]?.id];
      });
      assert.ok(first);
      assert.equal(second, first, 'both statements in the one transaction');
      assert.equal(lonelyBegins(trace), 0, trace.join('\n'));
      assert.ok(trace[0]?.startsWith('begin; select'), trace.join('\n'));
      assert.equal(trace.at(-1), 'commit');
    });

    test('a row read behind the lock sees what the holder of the lock committed', async () => {
      const store = await openStore({ databaseUrl: schema.url });
      try {
        const { checkout } = await newCheckout(store, new Date());
        const started = ok(await store.startAttempt(checkout.id, { method: 'DEBIT_CARD' }));
        const id = started.attempt.id;
        const ctx: StoreContext = {
          db: handle.db,
          dialect: 'postgres',
          now: () => new Date(),
          random: defaultRandom,
          maxAttempts: 3,
          holdWebhooks: false,
        };
        const lockAndRead = (trx: Db) => lockOwningCheckoutThenFind(trx, ctx, 'attempts', { id });
        const [holding, release] = signal();
        const [locked, changed] = signal();
        const holder = handle.db.transaction().execute(async (trx) => {
          const [heldCheckout, row] = await lockAndRead(trx);
          assert.equal(heldCheckout?.id, checkout.id);
          assert.equal(row?.sms_count, 0);
          await updateRow(trx, 'attempts', { id }, { sms_count: 7 });
          changed();
          await holding;
        });
        await locked;
        trace.length = 0;
        const waiter = handle.db.transaction().execute(lockAndRead);
        await new Promise((resolve) => setTimeout(resolve, 150)); // sent, waiting for the lock
        assert.equal(trace.length, 1, 'lock and read sent together');
        release();
        await holder;
        const [waitedCheckout, row] = await waiter;
        assert.equal(waitedCheckout?.id, checkout.id);
        assert.equal(row?.sms_count, 7, 'read once the lock was held: after the commit');
      } finally {
        await store.close();
      }
    });

    test('a statement is described once per connection and answers alike after', async () => {
      await sql`create table pool_shapes (id integer primary key, name text, n integer)`.execute(
        handle.db,
      );
      const tap = await wireTap(schema.url);
      const tapped = openDatabase({ databaseUrl: tap.url });
      try {
        const round = (db: Db) =>
          db.transaction().execute(async (trx) => {
            const id = Math.floor(Math.random() * 1e9);
            const rows = async (query: ReturnType<typeof sql>) => (await query.execute(trx)).rows;
            return [
              await rows(sql`insert into pool_shapes values (${id}, ${'a'}, ${1})`),
              await rows(
                sql`update pool_shapes set n = n + ${1} where id = ${id} returning name, n`,
              ),
              await rows(sql`select id = ${id} as same, name, n from pool_shapes where id = ${id}`),
              await rows(sql`select n, name from pool_shapes where id = ${-id}`),
            ];
          });
        await tapped.db.connection().execute(async (db) => {
          const first = await round(db);
          assert.deepEqual(first, [
            [],
            [{ name: 'a', n: 2 }],
            [{ same: true, name: 'a', n: 2 }],
            [],
          ]);
          assert.equal(tap.sent().D, 4, 'each statement described the first time');
          tap.reset();
          assert.deepEqual(await round(db), first, 'the same answers');
          const sent = tap.sent();
          assert.equal(sent.D, undefined, 'without a description the second time');
          assert.equal(sent.E, 4 + 1, 'four statements and BEGIN');
        });
      } finally {
        await tapped.db.destroy();
        await tap.close();
      }
    });

    test('a failing statement rolls its whole transaction back', async () => {
      await sql`create table pool_writes (id integer primary key)`.execute(handle.db);
      await assert.rejects(
        handle.db.transaction().execute(async (trx) => {
          await sql`insert into pool_writes values (${1})`.execute(trx);
          await sql`insert into pool_writes values (${1})`.execute(trx);
        }),
        /duplicate key/,
      );
      const rows = await sql`select id from pool_writes where id > ${0}`.execute(handle.db);
      assert.deepEqual(rows.rows, [], 'nothing of the failed transaction stays');
    });
  });
}
