// The SQLite store's prepared statements, kept by SQL text (server/store/db.ts): a query asked
// again reuses its statement, the cache stays bounded, and answers stay right after an eviction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { cachingStatements } from '../../../server/store/db.ts';

test('a SQL text is prepared once, the cache is bounded, and evicted texts still answer', async () => {
  const database = new BetterSqlite3(':memory:');
  const cache = cachingStatements(database, 2);
  const db = new Kysely<{ t: { id: number; v: string } }>({
    dialect: new SqliteDialect({ database: cache }),
  });
  try {
    await sql`create table t (id integer primary key, v text not null)`.execute(db);
    const first = cache.prepare('select 1 as one');
    assert.equal(cache.prepare('select 1 as one'), first, 'the same statement again');
    for (const [id, v] of [
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ] as const)
      await db.insertInto('t').values({ id, v }).execute();
    const read = (id: number) => db.selectFrom('t').select('v').where('id', '=', id).execute();
    assert.deepEqual(await read(2), [{ v: 'b' }]);
    assert.deepEqual(await read(3), [{ v: 'c' }], 'parameters bound afresh on a reused statement');
    assert.ok(cache.size <= 2, `at most 2 statements kept, ${cache.size} are`);
    assert.notEqual(cache.prepare('select 1 as one'), first, 'evicted, prepared again');
    assert.deepEqual(await db.selectFrom('t').select('v').orderBy('id').execute(), [
      { v: 'a' },
      { v: 'b' },
      { v: 'c' },
    ]);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ v: 'z' }).where('id', '=', 1).execute();
    });
    assert.deepEqual(await read(1), [{ v: 'z' }]);
  } finally {
    await db.destroy();
  }
});
