import type { Kysely, Transaction } from 'kysely';
import type { RandomBytes } from '../domain/ids.ts';
import type { DialectName } from './db.ts';
import type { Database } from './tables.ts';

/** What every repository function gets: the database and the injected clock and randomness. */
export type StoreContext = {
  db: Kysely<Database>;
  dialect: DialectName;
  now: () => Date;
  random: RandomBytes;
  /** Attempts one checkout may have; once used up, a failed attempt fails the checkout. */
  maxAttempts: number;
  /** No webhook URL is configured: events queued now are held, not delivered (checkout-tx.ts). */
  holdWebhooks: boolean;
};

export type Trx = Transaction<Database>;

/** The database or a transaction on it: for reads that work inside and outside one. */
export type Db = Kysely<Database>;

/** Runs `fn` in a transaction. Each repository operation is exactly one of these. */
export function inTransaction<T>(ctx: StoreContext, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(fn);
}

export function nowIso(ctx: StoreContext): string {
  return ctx.now().toISOString();
}
