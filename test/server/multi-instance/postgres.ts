// The PostgreSQL the multi-instance tests run on, with the store suite's convention
// (test/server/checkout/backends.ts): TEST_DATABASE_URL set → the PostgreSQL tests run on a
// fresh schema each; unset on CI → the run fails; unset locally → only the tests that need no
// PostgreSQL run, and a notice says what was not tested.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';

export type PostgresPlan = { url?: string; missing?: string; notice?: string };

export function planPostgres(env: NodeJS.ProcessEnv = process.env): PostgresPlan {
  const url = env.TEST_DATABASE_URL;
  if (url) return { url };
  if (env.CI) {
    return {
      missing:
        'TEST_DATABASE_URL is required on CI: checkout events across BFF instances need ' +
        'PostgreSQL (e.g. TEST_DATABASE_URL=postgres://umf:umf@localhost:5432/umf_test)',
    };
  }
  return {
    notice:
      'multi-instance suite: events across instances (PostgreSQL LISTEN/NOTIFY) were not ' +
      'tested (set TEST_DATABASE_URL to test them)',
  };
}

/**
 * The PostgreSQL URL a file's PostgreSQL tests run on, or undefined when they are not to be
 * registered: locally without TEST_DATABASE_URL (a notice says what was not tested), and on CI
 * without it, where a failing test named `what` is registered instead.
 */
export function postgresUrlFor(what: string): string | undefined {
  const plan = planPostgres();
  if (plan.notice) console.log(plan.notice);
  if (plan.missing) {
    const message = plan.missing;
    test(what, () => assert.fail(message));
  }
  return plan.url;
}

/** A fresh schema: `url` resolves unqualified names to it; dispose() drops it. */
export type TestSchema = {
  schema: string;
  url: string;
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  dispose(): Promise<void>;
};

export async function freshSchema(baseUrl: string): Promise<TestSchema> {
  const schema = `test_events_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    async query(text, params = []) {
      return (await admin.query(text, params)).rows;
    },
    async dispose() {
      try {
        await admin.query(`drop schema ${schema} cascade`);
      } finally {
        await admin.end();
      }
    },
  };
}
