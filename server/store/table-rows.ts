import { type Compilable, type CompiledQuery, createQueryId, type Kysely } from 'kysely';
import { type Db, nowIso, type StoreContext } from './context.ts';
import { sendBehind } from './pg-pool.ts';
import { COLUMNS, type Database } from './tables.ts';

// The queries every table's operations share, written once: a row (or rows) found by column
// values, locked for the transaction, listed in an order, or updated guarded by what the caller
// read (its id with a version or status: a compare-and-set).

export type Table = keyof Database;
export type Row<T extends Table> = Database[T];

/** Each column named equals its value; a null value means the column is null. */
export type Match<T extends Table> = { readonly [C in keyof Row<T>]?: Row<T>[C] };

type Column<T extends Table> = keyof Row<T> & string;

/** Columns to order by, each ascending unless given as `[column, 'desc']`. */
export type Order<T extends Table> = readonly (Column<T> | readonly [Column<T>, 'desc'])[];

// Kysely cannot check a query on a table chosen by a type parameter, so the query is built on
// the same database seen as untyped tables, and its rows get their table's type back: the
// table, columns and values were checked against `Database` by the types above.
type Untyped = Kysely<Record<string, Record<string, unknown>>>;

function untyped(db: Db): Untyped {
  return db as unknown as Untyped;
}

// Each of these queries is built and compiled once per shape (its table, the columns it
// matches, sets and orders by, which matched columns are null) and then run with the values of
// each call: building and compiling a query with Kysely costs about as much as running it on
// SQLite. A shape is compiled with a Slot where each value goes; the parameters of the
// compiled query are then the slots in the order the SQL wants them.

/** Where the value numbered `index` goes in a query compiled for its shape. */
class Slot {
  constructor(readonly index: number) {}
}

type Compiled = Pick<CompiledQuery, 'sql' | 'query'> & { slots: readonly unknown[] };

/** The compiled shapes, per Kysely instance (its adapter: transactions share their database's). */
const compiledShapes = new WeakMap<object, Map<string, Compiled>>();

/** A query shape's key part and template for `record`, its values pushed onto `values`. */
function shaped(
  record: object,
  values: unknown[],
  nullIsLiteral: boolean,
): { key: string; template: Record<string, unknown> } {
  const template: Record<string, unknown> = {};
  let key = '';
  for (const [column, value] of Object.entries(record)) {
    if (value === undefined) continue;
    // `column is null` has no parameter: the null is part of the shape.
    const literal = value === null && nullIsLiteral;
    template[column] = literal ? null : new Slot(values.push(value) - 1);
    key += literal ? `${column} null,` : `${column},`;
  }
  return { key, template };
}

/** The query `build` makes for the shape `key` (compiled on its first use), with `values`. */
function compiled(
  db: Db,
  key: string,
  values: readonly unknown[],
  build: () => Compilable<unknown>,
): CompiledQuery {
  const adapter = db.getExecutor().adapter;
  let shapes = compiledShapes.get(adapter);
  if (!shapes) {
    shapes = new Map();
    compiledShapes.set(adapter, shapes);
  }
  let shape = shapes.get(key);
  if (!shape) {
    const { sql, query, parameters } = build().compile();
    shape = { sql, query, slots: parameters };
    shapes.set(key, shape);
  }
  const parameters = shape.slots.map((slot) => (slot instanceof Slot ? values[slot.index] : slot));
  return { sql: shape.sql, query: shape.query, parameters, queryId: createQueryId() };
}

/** Runs the query `build` makes for the shape `key` with `values`. */
async function run<R>(
  db: Db,
  key: string,
  values: readonly unknown[],
  build: () => Compilable<unknown>,
): Promise<R[]> {
  return (await db.executeQuery<R>(compiled(db, key, values, build))).rows;
}

type Filterable = { where(column: string, op: 'is' | '=', value: unknown): Filterable };

/** `match` as where clauses, one per column, in its order (the SQL the chain would write). */
function matching<Q>(query: Q, match: Record<string, unknown>): Q {
  let filtered = query as unknown as Filterable;
  for (const [column, value] of Object.entries(match)) {
    filtered = filtered.where(column, value === null ? 'is' : '=', value);
  }
  return filtered as unknown as Q;
}

/** `select <every column> from table where match`, with the values it runs with and its shape's key. */
function select(db: Db, table: Table, match: object) {
  const values: unknown[] = [];
  const where = shaped(match, values, true);
  const query = () =>
    matching(
      untyped(db)
        .selectFrom(table as string)
        .select(COLUMNS[table]),
      where.template,
    );
  return { values, key: `${table} where ${where.key}`, query };
}

/** The row `match` finds (by a unique column), or undefined. */
export async function findRow<T extends Table>(
  db: Db,
  table: T,
  match: Match<T>,
): Promise<Row<T> | undefined> {
  const { values, key, query } = select(db, table, match);
  return (await run<Row<T>>(db, `find ${key}`, values, query))[0];
}

/**
 * findRow holding the row for the rest of the transaction: SELECT … FOR UPDATE on PostgreSQL;
 * SQLite runs one transaction at a time, so there the read is the lock.
 */
export async function lockRow<T extends Table>(
  trx: Db,
  ctx: StoreContext,
  table: T,
  match: Match<T>,
): Promise<Row<T> | undefined> {
  const { values, key, query } = select(trx, table, match);
  const locked = () => query().$if(ctx.dialect === 'postgres', (q) => q.forUpdate());
  return (await run<Row<T>>(trx, `lock ${key}`, values, locked))[0];
}

/**
 * lockRow on the checkout of the row `match` finds in `table`, in one statement: the checkout
 * is found through the row (`where id = (select checkout_id …)`), so a lock taken through it
 * is still the checkout's, taken before any lock on its rows. The row itself is not read: on
 * PostgreSQL this statement's view of it predates the lock, so it is read again afterwards.
 */
export async function lockOwningCheckout<T extends 'attempts' | 'refunds'>(
  trx: Db,
  ctx: StoreContext,
  table: T,
  match: Match<T>,
): Promise<Row<'checkouts'> | undefined> {
  const lock = lockOwning(trx, ctx, table, match);
  return (await trx.executeQuery<Row<'checkouts'>>(lock)).rows[0];
}

/**
 * lockOwningCheckout, then findRow on the row under the lock: on PostgreSQL in one round trip
 * (the read sent behind the lock, run once the lock is held, so it sees the row as it is then),
 * on SQLite in one statement (the row joined to its checkout).
 */
export async function lockOwningCheckoutThenFind<T extends 'attempts' | 'refunds'>(
  trx: Db,
  ctx: StoreContext,
  table: T,
  match: Match<T>,
): Promise<[Row<'checkouts'> | undefined, Row<T> | undefined]> {
  if (ctx.dialect !== 'postgres') return lockedWithRowSqlite(trx, table, match);
  const lock = lockOwning(trx, ctx, table, match);
  const { values, key, query } = select(trx, table, match);
  const find = compiled(trx, `find ${key}`, values, query);
  const behind = sendBehind(lock.parameters, find.sql, find.parameters);
  const checkout = (await trx.executeQuery<Row<'checkouts'>>(lock)).rows[0];
  const found = behind() ?? (checkout ? (await trx.executeQuery(find)).rows : []);
  return [checkout, (await found)[0] as Row<T> | undefined];
}

/** What a row's column is named in the SQLite statement below (beside the checkout's). */
const HELD = 'held_';

/**
 * lockOwningCheckoutThenFind on SQLite, one statement: the row joined to its checkout. SQLite
 * runs one transaction at a time, so the read is the lock, and it reads both as they are.
 */
async function lockedWithRowSqlite<T extends 'attempts' | 'refunds'>(
  trx: Db,
  table: T,
  match: Match<T>,
): Promise<[Row<'checkouts'> | undefined, Row<T> | undefined]> {
  const values: unknown[] = [];
  const where = shaped(match, values, true);
  const qualified = Object.fromEntries(
    Object.entries(where.template).map(([column, value]) => [`held.${column}`, value]),
  );
  const query = () =>
    matching(
      untyped(trx)
        .selectFrom(`${table} as held` as string)
        .innerJoin('checkouts as checkout', 'checkout.id', 'held.checkout_id')
        .select([
          ...COLUMNS.checkouts.map((column) => `checkout.${column}`),
          ...COLUMNS[table].map((column) => `held.${column} as ${HELD}${column}`),
        ]),
      qualified,
    );
  const key = `lock checkout with ${table} where ${where.key}`;
  const [joined] = await run<Record<string, unknown>>(trx, key, values, query);
  if (!joined) return [undefined, undefined];
  const checkout: Record<string, unknown> = {};
  for (const column of COLUMNS.checkouts) checkout[column] = joined[column];
  const held: Record<string, unknown> = {};
  for (const column of COLUMNS[table]) held[column] = joined[`${HELD}${column}`];
  return [checkout as Row<'checkouts'>, held as Row<T>];
}

/** lockOwningCheckout's statement. */
function lockOwning<T extends 'attempts' | 'refunds'>(
  trx: Db,
  ctx: StoreContext,
  table: T,
  match: Match<T>,
): CompiledQuery {
  const values: unknown[] = [];
  const where = shaped(match, values, true);
  const query = () => {
    const owner = matching(
      untyped(trx)
        .selectFrom(table as string)
        .select('checkout_id'),
      where.template,
    );
    return untyped(trx)
      .selectFrom('checkouts')
      .select(COLUMNS.checkouts)
      .where('id', '=', owner)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate());
  };
  return compiled(trx, `lock checkout of ${table} where ${where.key}`, values, query);
}

/** The rows `match` finds, in `order`; at most `limit` of them when given. */
export function listRows<T extends Table>(
  db: Db,
  table: T,
  match: Match<T>,
  order: Order<T>,
  limit?: number,
): Promise<Row<T>[]> {
  const { values, key, query } = select(db, table, match);
  const slot = limit === undefined ? undefined : new Slot(values.push(limit) - 1);
  const listed = () => {
    let ordered = query();
    for (const by of order)
      ordered = typeof by === 'string' ? ordered.orderBy(by) : ordered.orderBy(...by);
    return slot === undefined ? ordered : ordered.limit(slot as unknown as number);
  };
  return run<Row<T>>(
    db,
    `list ${key} by ${order.join()} limit ${slot !== undefined}`,
    values,
    listed,
  );
}

/**
 * Sets `changes` on the row `match` finds and returns it as it is now; undefined when no row
 * matched (with more than an id in `match`: someone else changed it first).
 */
export async function updateRow<T extends Table>(
  db: Db,
  table: T,
  match: Match<T>,
  changes: Partial<Row<T>>,
): Promise<Row<T> | undefined> {
  const values: unknown[] = [];
  const set = shaped(changes, values, false);
  const where = shaped(match, values, true);
  const query = () =>
    matching(
      untyped(db)
        .updateTable(table as string)
        .set(set.template),
      where.template,
    ).returning(COLUMNS[table]);
  const key = `update ${table} set ${set.key} where ${where.key}`;
  return (await run<Row<T>>(db, key, values, query))[0];
}

/** updateRow on a row the transaction holds as `match` finds it (locked, or read after the lock). */
export async function updateLockedRow<T extends Table>(
  trx: Db,
  table: T,
  match: Match<T>,
  changes: Partial<Row<T>>,
): Promise<Row<T>> {
  const updated = await updateRow(trx, table, match, changes);
  if (!updated) throw new Error(`a locked row of ${table} changed underneath`);
  return updated;
}

/** A found row as the domain sees it; undefined stays undefined. */
export function mapRow<R, T>(row: R | undefined, map: (row: R) => T): T | undefined {
  return row === undefined ? undefined : map(row);
}

/** The tables whose rows carry updated_at. */
type Stamped = 'checkouts' | 'attempts' | 'refunds' | 'customs_declarations';

/**
 * A store operation that sets `changes(...args)` on the row with the given id (and `guard`),
 * stamps its updated_at and answers it as `map` makes it; undefined when no row matched.
 */
export function stampedUpdate<T extends Stamped, A extends unknown[], R>(
  table: T,
  map: (row: Row<T>) => R,
  changes: (...args: A) => Partial<Row<T>>,
  guard: Match<T> = {},
): (ctx: StoreContext, id: string, ...args: A) => Promise<R | undefined> {
  return async (ctx, id, ...args) => {
    const stamped = { ...changes(...args), updated_at: nowIso(ctx) } as Partial<Row<T>>;
    return mapRow(await updateRow(ctx.db, table, { id, ...guard } as Match<T>, stamped), map);
  };
}
