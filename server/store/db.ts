import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type KyselyConfig, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type pg from 'pg';
import {
  type Durability,
  StoreDurabilityError,
  type SyncFile,
  walDurability,
} from './durability.ts';
import { storePool } from './pg-pool.ts';
import { lockExclusively } from './sqlite-lock.ts';
import type { Database } from './tables.ts';

export type DialectName = 'sqlite' | 'postgres';

export type DatabaseHandle = {
  db: Kysely<Database>;
  dialect: DialectName;
  /**
   * Undefined when every commit so far is on disk; else a promise resolved once it is
   * (durability.ts). PostgreSQL's COMMIT answers once it is durable: always undefined there.
   */
  durable: () => Promise<void> | undefined;
};

export type DatabaseOptions = {
  /** `postgres://…` / `postgresql://…` → PostgreSQL; else a SQLite path (`file:` allowed). */
  databaseUrl?: string;
  /** SQLite only, when no databaseUrl: the folder of `umf-checkout.sqlite` (default data/). */
  dataDir?: string;
  /**
   * Called with the SQL of each statement as it runs (BEGIN and COMMIT too): for tracing. On
   * PostgreSQL once per round trip, a BEGIN sent with the statement after it as `begin; …`.
   */
  onQuery?: (sql: string) => void;
  /**
   * PostgreSQL: the id of the instance this store serves, set on each of its connections as
   * `umf.origin`: the checkout events its transactions announce carry it (migration 0007).
   */
  origin?: string;
  /** SQLite: how the WAL file is flushed (default fdatasync; tests hold or fail it). */
  syncFile?: SyncFile;
};

export const DEFAULT_SQLITE_FILE = 'umf-checkout.sqlite';

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (isPostgresUrl(options.databaseUrl)) {
    return openPostgres(withOrigin(options.databaseUrl, options.origin), options.onQuery);
  }
  return openSqlite(sqlitePath(options), logging(options.onQuery), options.syncFile);
}

function logging(onQuery: DatabaseOptions['onQuery']): KyselyConfig['log'] {
  return onQuery && ((event) => onQuery(event.query.sql));
}

function sqlitePath({ databaseUrl, dataDir }: DatabaseOptions): string {
  if (databaseUrl) return resolve(databaseUrl.replace(/^(sqlite|file):(\/\/)?/i, ''));
  return resolve(join(dataDir ?? 'data', DEFAULT_SQLITE_FILE));
}

function openSqlite(
  path: string,
  log: KyselyConfig['log'],
  syncFile: SyncFile | undefined,
): DatabaseHandle {
  mkdirSync(dirname(path), { recursive: true });
  // timeout 0: the lock is ours alone, so waiting for it could only delay the refusal.
  const database = new BetterSqlite3(path, { timeout: 0 });
  lockExclusively(database, path);
  database.pragma('foreign_keys = ON');
  // Commits are flushed by `durable()` before anything leaves the BFF, in groups and off the
  // event loop (durability.ts), not by SQLite at each commit.
  database.pragma('synchronous = NORMAL');
  const durability = walDurability(`${path}-wal`, syncFile);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({
      database: cachingStatements(database, STATEMENT_CACHE_SIZE, durability),
    }),
    log,
  });
  return { db, dialect: 'sqlite', durable: durability.durable };
}

/** How many prepared SQLite statements are kept (the store runs a few dozen distinct texts). */
export const STATEMENT_CACHE_SIZE = 256;

/** What Kysely's SQLite connection asks of a prepared statement. */
export type CachedStatement = Pick<BetterSqlite3.Statement, 'reader' | 'run' | 'iterate'> & {
  /** Every row, as objects named by the statement's result columns. */
  all(parameters: readonly unknown[]): Record<string, unknown>[];
};

/**
 * better-sqlite3 for Kysely with its prepared statements kept by SQL text (the least recently
 * used dropped past `max`): Kysely prepares every query anew, and preparing cost about as much
 * as running one. A statement is only ever run to completion (all/run; the store streams
 * nothing), so one statement per text is never busy when it is asked for again.
 *
 * A reading statement answers its rows in raw mode (arrays), made into objects here by a
 * function written once per statement from its result columns' names: better-sqlite3 would
 * look every column's name up in V8's string table and set it on a fresh object, row by row,
 * which cost more than the rest of a read.
 */
export function cachingStatements(
  database: BetterSqlite3.Database,
  max = STATEMENT_CACHE_SIZE,
  durability?: Durability,
): { close(): void; prepare(text: string): CachedStatement; readonly size: number } {
  const statements = new Map<string, CachedStatement>();
  return {
    close: () => {
      database.close();
      durability?.close();
    },
    prepare(text) {
      const known = statements.get(text);
      if (known) {
        statements.delete(text);
        statements.set(text, known);
        return known;
      }
      const prepared = database.prepare(text);
      const rows = withRowObjects(prepared);
      const statement = durability ? counted(rows, prepared, database, durability) : rows;
      statements.set(text, statement);
      if (statements.size > max) statements.delete(statements.keys().next().value as string);
      return statement;
    },
    get size() {
      return statements.size;
    },
  };
}

/** The statement, telling `durability` after each run whether it wrote (durability.ts). */
function counted(
  statement: CachedStatement,
  prepared: BetterSqlite3.Statement,
  database: BetterSqlite3.Database,
  durability: Durability,
): CachedStatement {
  const wrote = !prepared.readonly;
  const after = () => durability.afterStatement(wrote, database.inTransaction);
  return {
    reader: statement.reader,
    run(...parameters: unknown[]) {
      try {
        return statement.run(...parameters);
      } finally {
        after();
      }
    },
    all(parameters) {
      try {
        return statement.all(parameters);
      } finally {
        after();
      }
    },
    iterate: function* (...parameters: unknown[]) {
      try {
        yield* statement.iterate(...parameters);
      } finally {
        after();
      }
    } as CachedStatement['iterate'],
  };
}

function withRowObjects(statement: BetterSqlite3.Statement): CachedStatement {
  if (!statement.reader) return statement as unknown as CachedStatement;
  const names = statement.columns().map((column) => column.name);
  // One object literal with the names in the statement's order, as better-sqlite3 makes them
  // (a name given twice: the last column's value, as there).
  const row = new Function(
    'r',
    `return {${names.map((name, i) => `${JSON.stringify(name)}: r[${i}]`).join(', ')}};`,
  ) as (values: unknown[]) => Record<string, unknown>;
  const raw = statement.raw(true);
  return {
    reader: true,
    run: (...parameters: unknown[]) => raw.run(...parameters),
    iterate: function* (...parameters: unknown[]) {
      for (const values of raw.iterate(...parameters)) yield row(values as unknown[]);
    } as CachedStatement['iterate'],
    all(parameters) {
      const rows = raw.all(parameters) as unknown[][];
      const objects = new Array<Record<string, unknown>>(rows.length);
      for (let i = 0; i < rows.length; i += 1) objects[i] = row(rows[i] as unknown[]);
      return objects;
    },
  };
}

/** The URL with `-c umf.origin=<origin>` added to the options each connection starts with. */
export function withOrigin(url: string, origin: string | undefined): string {
  if (!origin) return url;
  if (!/^[\w-]+$/.test(origin)) throw new Error('an origin is letters, digits, _ and - only');
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  parsed.searchParams.set('options', `${options ? `${options} ` : ''}-c umf.origin=${origin}`);
  return parsed.toString();
}

function openPostgres(url: string, onQuery: DatabaseOptions['onQuery']): DatabaseHandle {
  // The driver is loaded with the first query: a BFF on SQLite never loads it.
  const pool = async (): Promise<pg.Pool> => {
    const { default: driver } = await import('pg');
    const created = storePool(driver, new driver.Pool({ connectionString: url, max: 10 }), onQuery);
    // An idle client losing its connection (a PostgreSQL restart) must not crash the BFF: the
    // pool drops that client and the next query opens a new connection.
    created.on('error', () => undefined);
    return created;
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', durable: onDisk };
}

/** PostgreSQL answers a COMMIT once it is on disk (synchronous_commit on, its default). */
const onDisk = (): undefined => undefined;

/**
 * Refuses a PostgreSQL whose sessions commit without waiting for the disk (synchronous_commit
 * off): the BFF acts on a COMMIT's answer (calls UMF, answers the customer) as if it were on
 * disk, so such a database could lose in a crash what UMF and the customer were already told.
 */
export async function requireDurableCommits(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{
    value: string;
  }>`select current_setting('synchronous_commit') as value`.execute(db);
  const value = rows[0]?.value;
  if (value !== 'off') return;
  throw new StoreDurabilityError(
    "PostgreSQL's synchronous_commit is off for the BFF's connections: a commit the BFF acts " +
      'on (an execute claimed, a payment recorded) could be lost in a crash after UMF or the ' +
      'customer was told. Set it to on (its default), e.g. ALTER ROLE <the BFF role> SET ' +
      'synchronous_commit = on, or remove it from DATABASE_URL options.',
  );
}

/** The schema unqualified names resolve to (PostgreSQL), so the migrator uses it too. */
export async function currentSchema(db: Kysely<Database>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  return rows[0]?.schema ?? undefined;
}
