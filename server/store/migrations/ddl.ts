import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';

// What the migrations build tables, columns and indexes from, each kind of column written once.
// The same DDL on SQLite and PostgreSQL; the store's schema test holds what it must build.

type Db = Kysely<unknown>;

/** A column: its name, its SQL type and what follows the type. */
export type Column = readonly [
  name: string,
  type: 'text' | 'integer',
  build?: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder,
];

function kind(type: Column[1], build?: Column[2]) {
  return (...names: string[]): Column[] => names.map((name) => [name, type, build]);
}

/** Text columns that must be set. */
export const text = kind('text', (c) => c.notNull());
/** Text columns that may be null. */
export const maybeText = kind('text');
/** Text columns that must be set, each value once. */
export const uniqueText = kind('text', (c) => c.notNull().unique());
/** Text columns that may be null, each value once. */
export const maybeUniqueText = kind('text', (c) => c.unique());
/** Integer columns that must be set. */
export const integer = kind('integer', (c) => c.notNull());
/** Integer columns that must be set, 0 unless written (rows there before the column get 0). */
export const integerFrom0 = kind('integer', (c) => c.notNull().defaultTo(0));

/** The text id most tables are keyed by. */
export const ID: Column[] = [['id', 'text', (c) => c.primaryKey()]];
/** The checkout a row belongs to. */
export const OF_CHECKOUT: Column[] = [
  ['checkout_id', 'text', (c) => c.notNull().references('checkouts.id')],
];
/** The checkout and the attempt (payment) a row belongs to. */
export const OF_ATTEMPT: Column[] = [
  ...OF_CHECKOUT,
  ['attempt_id', 'text', (c) => c.notNull().references('attempts.id')],
];
/** When a row was created and last changed. */
export const TIMESTAMPS = text('created_at', 'updated_at');

/** CREATE TABLE with the columns in the order given; the caller adds constraints and runs it. */
export function createTable(db: Db, table: string, columns: Column[][]) {
  let builder: CreateTableBuilder<string, string> = db.schema.createTable(table);
  for (const [name, type, build] of columns.flat()) builder = builder.addColumn(name, type, build);
  return builder;
}

/** ALTER TABLE … ADD COLUMN, one statement a column (as SQLite requires), in the order given. */
export async function addColumns(db: Db, table: string, columns: Column[][]): Promise<void> {
  for (const [name, type, build] of columns.flat()) {
    await db.schema.alterTable(table).addColumn(name, type, build).execute();
  }
}

/** CREATE INDEX on the columns in the order given; the caller adds unique or where, and runs it. */
export function createIndex(db: Db, name: string, table: string, columns: string[]) {
  return db.schema.createIndex(name).on(table).columns(columns);
}
