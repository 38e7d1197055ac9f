import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { type CheckoutStore, openStore, type StoreOptions } from '../../../server/store/store.ts';

// The databases the store suite runs on: SQLite always; PostgreSQL when TEST_DATABASE_URL
// is set. On CI it must be set (a missing database fails the run instead of skipping it).

export type Clock = { now: Date; advance(ms: number): void };

export function testClock(start = '2026-01-01T00:00:00.000Z'): Clock {
  const clock = {
    now: new Date(start),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  return clock;
}

/** One isolated database for one test, with raw SQL access for checks the API can't make. */
export type TestDatabase = {
  open(options?: Omit<StoreOptions, 'databaseUrl' | 'dataDir'>): Promise<CheckoutStore>;
  /** Where the database is, as openStore (or openDatabase) takes it. */
  location: Pick<StoreOptions, 'databaseUrl' | 'dataDir'>;
  /** Raw SQL with `?` placeholders. On SQLite, call it only once the store is closed. */
  raw(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
};

export type Backend = { name: 'sqlite' | 'postgres'; create(): Promise<TestDatabase> };

/**
 * A TestDatabase at `location`: the stores it opens there are closed on dispose, before `drop`
 * removes the database.
 */
function testDatabase(
  location: Pick<StoreOptions, 'databaseUrl' | 'dataDir'>,
  raw: TestDatabase['raw'],
  drop: () => Promise<void>,
): TestDatabase {
  const stores: CheckoutStore[] = [];
  return {
    async open(options) {
      const store = await openStore({ ...options, ...location });
      stores.push(store);
      return store;
    },
    location,
    raw,
    async dispose() {
      await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
      await drop();
    },
  };
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'umf-store-'));
    return testDatabase(
      { dataDir: dir },
      async (text, params = []) => {
        const db = new BetterSqlite3(join(dir, 'umf-checkout.sqlite'));
        try {
          const statement = db.prepare(text);
          if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
          statement.run(...params);
          return [];
        } finally {
          db.close();
        }
      },
      async () => rmSync(dir, { recursive: true, force: true }),
    );
  },
};

export function postgresBackend(baseUrl: string): Backend {
  return {
    name: 'postgres',
    async create() {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.query(`set search_path to ${schema}`);
      return testDatabase(
        { databaseUrl: withSearchPath(baseUrl, schema) },
        async (text, params = []) => {
          let n = 0;
          const result = await admin.query(
            text.replace(/\?/g, () => `$${++n}`),
            params,
          );
          return result.rows;
        },
        async () => {
          await admin.query(`drop schema ${schema} cascade`);
          await admin.end();
        },
      );
    },
  };
}

function withSearchPath(baseUrl: string, schema: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export type BackendPlan = { backends: Backend[]; missing?: string; notice?: string };

/** Which backends to run, from TEST_DATABASE_URL and CI. */
export function planBackends(env: NodeJS.ProcessEnv = process.env): BackendPlan {
  const url = env.TEST_DATABASE_URL;
  if (url) return { backends: [sqliteBackend, postgresBackend(url)] };
  if (env.CI) {
    return {
      backends: [sqliteBackend],
      missing:
        'TEST_DATABASE_URL is required on CI: the store suite must run against PostgreSQL ' +
        '(e.g. TEST_DATABASE_URL=postgres://umf:umf@localhost:5432/umf_test)',
    };
  }
  return {
    backends: [sqliteBackend],
    notice: 'store suite: PostgreSQL was not tested (set TEST_DATABASE_URL to test it)',
  };
}
