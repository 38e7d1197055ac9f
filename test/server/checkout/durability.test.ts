// When the store's commits are on disk (server/store/durability.ts): on SQLite, `durable()`
// flushes the WAL file once a commit is made, counts a transaction's writes at its commit, and
// keeps flushing the same file after a checkpoint empties it; on PostgreSQL a commit is on disk
// when it answers. The flushes are the real fdatasync, recorded.
import assert from 'node:assert/strict';
import { fstatSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { cachingStatements, STATEMENT_CACHE_SIZE } from '../../../server/store/db.ts';
import { fdatasyncFile, type SyncFile, walDurability } from '../../../server/store/durability.ts';
import { openStore } from '../../../server/store/store.ts';
import { planBackends } from './backends.ts';
import { newCheckout } from './helpers.ts';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The real fdatasync, noting the inode of each file it flushed. */
function recordingFlush() {
  const inodes: number[] = [];
  const syncFile: SyncFile = (fd) => {
    inodes.push(fstatSync(fd).ino);
    return fdatasyncFile(fd);
  };
  return { syncFile, inodes };
}

for (const backend of planBackends().backends) {
  if (backend.name === 'postgres')
    test('postgres: sessions that commit without waiting for the disk are refused at start', async () => {
      const database = await backend.create();
      try {
        const url = new URL(String(database.location.databaseUrl));
        url.searchParams.set(
          'options',
          `${url.searchParams.get('options')} -c synchronous_commit=off`,
        );
        await assert.rejects(openStore({ databaseUrl: url.toString() }), {
          name: 'StoreDurabilityError',
          message: /synchronous_commit is off .*Set it to on/,
        });
      } finally {
        await database.dispose();
      }
    });

  test(`${backend.name}: a commit is on disk once durable() says so`, async () => {
    const database = await backend.create();
    try {
      const flushes = recordingFlush();
      const store = await database.open({ syncFile: flushes.syncFile });
      await store.durable(); // the migrations' commits
      assert.equal(store.durable(), undefined, 'nothing left to flush');
      const created = await newCheckout(store, new Date());
      const flushing = store.durable();
      if (backend.name === 'postgres') {
        assert.equal(flushing, undefined, 'PostgreSQL answered the COMMIT once on disk');
        assert.deepEqual(flushes.inodes, []);
        return;
      }
      assert.ok(flushing instanceof Promise, 'the new checkout waits for a flush');
      await flushing;
      const wal = `${join(String(database.location.dataDir), 'umf-checkout.sqlite')}-wal`;
      assert.equal(flushes.inodes.at(-1), statSync(wal).ino, 'the WAL file was flushed');
      assert.equal(store.durable(), undefined);
      await store.getCheckout(created.checkout.id);
      assert.equal(store.durable(), undefined, 'a read commits nothing');
    } finally {
      await database.dispose();
    }
  });
}

test('a transaction counts at its commit, and the WAL file stays the one flushed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'umf-durable-'));
  dirs.push(dir);
  const path = join(dir, 'x.sqlite');
  const database = new BetterSqlite3(path);
  database.pragma('locking_mode = EXCLUSIVE');
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  const flushes = recordingFlush();
  const durability = walDurability(`${path}-wal`, flushes.syncFile);
  const db = new Kysely<{ t: { id: number } }>({
    dialect: new SqliteDialect({
      database: cachingStatements(database, STATEMENT_CACHE_SIZE, durability),
    }),
  });
  try {
    await sql`create table t (id integer primary key)`.execute(db);
    await durability.durable();
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ id: 1 }).execute();
      // Another request's answer, written while this transaction is open: not this commit's.
      assert.equal(durability.durable(), undefined, 'not committed yet: nothing to wait for');
    });
    const committed = durability.durable();
    assert.ok(committed instanceof Promise, 'committed: waits for its flush');
    await committed;
    const wal = `${path}-wal`;
    const inode = statSync(wal).ino;
    assert.equal(flushes.inodes.at(-1), inode);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    assert.equal(statSync(wal).size, 0, 'the checkpoint emptied the WAL file');
    await db.insertInto('t').values({ id: 2 }).execute();
    await durability.durable();
    assert.equal(flushes.inodes.at(-1), inode, 'the same file, flushed again');
    assert.equal(statSync(wal).ino, inode);
    const concurrent = [durability.durable(), durability.durable()];
    assert.deepEqual(concurrent, [undefined, undefined]);
    await db.insertInto('t').values({ id: 3 }).execute();
    await db.insertInto('t').values({ id: 4 }).execute();
    const before = flushes.inodes.length;
    await Promise.all([durability.durable(), durability.durable()]);
    assert.equal(flushes.inodes.length, before + 1, 'two commits, two waiters: one flush');
  } finally {
    await db.destroy();
  }
});
