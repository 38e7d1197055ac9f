import { sql } from 'kysely';
import type { UmfToken } from '../domain/types.ts';
import { nowIso, type StoreContext } from './context.ts';
import { COLUMNS } from './tables.ts';

// The UMF token is shared by every BFF process of a merchant: issuing a new one revokes the
// old one at once (docs/umf-protocol.md §3). Only umf/token.ts should call these.

export async function getUmfToken(ctx: StoreContext): Promise<UmfToken | undefined> {
  const row = await ctx.db
    .selectFrom('umf_token')
    .select(COLUMNS.umf_token)
    .where('id', '=', 1)
    .executeTakeFirst();
  return row && { token: row.token, expiresAt: new Date(row.expires_at) };
}

export async function setUmfToken(ctx: StoreContext, token: UmfToken): Promise<void> {
  const values = {
    token: token.token,
    expires_at: token.expiresAt.toISOString(),
    updated_at: nowIso(ctx),
  };
  await ctx.db
    .insertInto('umf_token')
    .values({ id: 1, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export type TokenLock = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * Runs `fn` while holding the token-refresh lock: a PostgreSQL advisory lock across
 * processes, an in-process queue on SQLite (which serves one process only).
 */
export function tokenLock(ctx: StoreContext): TokenLock {
  if (ctx.dialect === 'sqlite') return queueLock();
  return (fn) =>
    ctx.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(hashtext('umf-checkout.umf_token:' || current_schema()))`.execute(
        conn,
      );
      try {
        return await fn();
      } finally {
        await sql`select pg_advisory_unlock(hashtext('umf-checkout.umf_token:' || current_schema()))`.execute(
          conn,
        );
      }
    });
}

function queueLock(): TokenLock {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** The shape umf/token.ts's TokenStore expects (matched structurally, epoch-ms expiry). */
export type SharedTokenStore = {
  get(): Promise<{ accessToken: string; expiresAt: number } | null>;
  set(token: { accessToken: string; expiresAt: number }): Promise<void>;
  exclusive<T>(refresh: () => Promise<T>): Promise<T>;
};

/** The UMF token shared through this store, ready to hand to the token manager. */
export function sharedTokenStore(ctx: StoreContext): SharedTokenStore {
  return {
    async get() {
      const token = await getUmfToken(ctx);
      return token ? { accessToken: token.token, expiresAt: token.expiresAt.getTime() } : null;
    },
    set: (token) =>
      setUmfToken(ctx, { token: token.accessToken, expiresAt: new Date(token.expiresAt) }),
    exclusive: tokenLock(ctx),
  };
}
