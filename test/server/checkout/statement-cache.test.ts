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

test('rows read in raw mode are the objects better-sqlite3 makes, column for column', async () => {
  const database = new BetterSqlite3(':memory:');
  const cache = cachingStatements(database);
  const db = new Kysely<{ t: { id: number; v: string | null; 'we\'ird "name"': number } }>({
    dialect: new SqliteDialect({ database: cache }),
  });
  try {
    await sql`create table t (id integer primary key, v text, "we'ird ""name""" integer)`.execute(
      db,
    );
    await sql`insert into t values (1, 'a', 7), (2, null, 8), (3, '是', 9)`.execute(db);
    const texts = [
      'select * from t order by id',
      'select v, id, v as v2 from t where id > ? order by id desc',
      // A name given twice: the last column's value, as better-sqlite3 answers it.
      'select id as x, v as x from t order by id',
      'select count(*) as n from t where v is null',
    ];
    for (const text of texts) {
      const parameters = text.includes('?') ? [1] : [];
      const expected = database.prepare(text).all(...parameters);
      assert.deepEqual(cache.prepare(text).all(parameters), expected, text);
      assert.deepEqual(cache.prepare(text).all(parameters), expected, `${text} (again)`);
      assert.deepEqual(
        [...cache.prepare(text).iterate(...parameters)],
        expected,
        `${text} (iterated)`,
      );
    }
    const streamed = [];
    for await (const row of db.selectFrom('t').select(['id', 'v']).orderBy('id').stream())
      streamed.push(row);
    assert.deepEqual(streamed, [
      { id: 1, v: 'a' },
      { id: 2, v: null },
      { id: 3, v: '是' },
    ]);
  } finally {
    await db.destroy();
  }
});
