import type { Kysely } from 'kysely';
import { type Db, nowIso, type StoreContext } from './context.ts';
import type { Database } from './tables.ts';

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

type Filterable = { where(column: string, op: 'is' | '=', value: unknown): Filterable };

/** `match` as where clauses, one per column, in its order (the SQL the chain would write). */
function matching<Q>(query: Q, match: object): Q {
  let filtered = query as unknown as Filterable;
  for (const [column, value] of Object.entries(match)) {
    if (value !== undefined) filtered = filtered.where(column, value === null ? 'is' : '=', value);
  }
  return filtered as unknown as Q;
}

function select<T extends Table>(db: Db, table: T, match: Match<T>) {
  return matching(
    untyped(db)
      .selectFrom(table as string)
      .selectAll(),
    match,
  );
}

/** The row `match` finds (by a unique column), or undefined. */
export async function findRow<T extends Table>(
  db: Db,
  table: T,
  match: Match<T>,
): Promise<Row<T> | undefined> {
  return (await select(db, table, match).executeTakeFirst()) as Row<T> | undefined;
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
  const query = select(trx, table, match).$if(ctx.dialect === 'postgres', (q) => q.forUpdate());
  return (await query.executeTakeFirst()) as Row<T> | undefined;
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
  const owner = matching(
    untyped(trx)
      .selectFrom(table as string)
      .select('checkout_id'),
    match,
  );
  const query = untyped(trx)
    .selectFrom('checkouts')
    .selectAll()
    .where('id', '=', owner)
    .$if(ctx.dialect === 'postgres', (q) => q.forUpdate());
  return (await query.executeTakeFirst()) as Row<'checkouts'> | undefined;
}

/** The rows `match` finds, in `order`; at most `limit` of them when given. */
export async function listRows<T extends Table>(
  db: Db,
  table: T,
  match: Match<T>,
  order: Order<T>,
  limit?: number,
): Promise<Row<T>[]> {
  let query = select(db, table, match);
  for (const by of order) query = typeof by === 'string' ? query.orderBy(by) : query.orderBy(...by);
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()) as Row<T>[];
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
  const query = untyped(db)
    .updateTable(table as string)
    .set(changes);
  return (await matching(query, match).returningAll().executeTakeFirst()) as Row<T> | undefined;
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
