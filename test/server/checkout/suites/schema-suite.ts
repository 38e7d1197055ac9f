// The schema the migrations build, as the database itself reports it, against the snapshot in
// fixtures/: SQLite keeps each table's and index's DDL text as written (ALTER TABLE … ADD
// COLUMN appends to it), PostgreSQL's catalog gives every column, constraint, index, trigger
// and function. A
// shipped migration must never change what it builds: a change to the schema is a new
// migration and a new snapshot (what schemaOf answers), reviewed as such.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Backend, TestDatabase } from '../backends.ts';

const OURS = "not like 'kysely\\_%' escape '\\'";

const QUERIES = {
  sqlite: [
    `select type, name, tbl_name, sql from sqlite_master
      where sql is not null and name ${OURS} order by type, name`,
  ],
  postgres: [
    `select table_name, ordinal_position, column_name, data_type, is_nullable, column_default
      from information_schema.columns where table_schema = current_schema() and table_name ${OURS}
      order by table_name, ordinal_position`,
    `select conrelid::regclass::text as table_name, conname, contype, pg_get_constraintdef(oid) as def
      from pg_constraint where connamespace = current_schema()::regnamespace
      and conrelid::regclass::text ${OURS} order by table_name, conname`,
    `select tablename, indexname, replace(indexdef, current_schema() || '.', '') as def from pg_indexes
      where schemaname = current_schema() and tablename ${OURS} order by tablename, indexname`,
    `select event_object_table, trigger_name, action_timing, event_manipulation, action_condition,
      action_statement from information_schema.triggers where trigger_schema = current_schema()
      order by event_object_table, trigger_name, event_manipulation`,
    `select proname, btrim(regexp_replace(prosrc, '\\s+', ' ', 'g')) as source from pg_proc
      where pronamespace = current_schema()::regnamespace order by proname`,
  ],
} as const;

/** The schema of a migrated database, one line per table, column, constraint or index. */
export async function schemaOf(backend: Backend['name'], db: TestDatabase): Promise<string> {
  const lines: string[] = [];
  for (const query of QUERIES[backend]) {
    for (const row of await db.raw(query)) lines.push(Object.values(row).map(String).join(' | '));
  }
  return `${lines.join('\n')}\n`;
}

function schemaSnapshot(backend: Backend['name']): string {
  return readFileSync(new URL(`../fixtures/schema.${backend}.txt`, import.meta.url), 'utf8');
}

export function schemaSuite(backend: Backend): void {
  test('the migrations build the schema of the snapshot, column for column', async () => {
    const db = await backend.create();
    try {
      await (await db.open()).close();
      assert.equal(await schemaOf(backend.name, db), schemaSnapshot(backend.name));
    } finally {
      await db.dispose();
    }
  });
}
