import { type Kysely, PostgresAdapter, sql } from 'kysely';

// PostgreSQL: every change of a checkout's status version is announced to the other BFF
// instances (server/events/pg-events.ts) by the transaction that makes it, as a NOTIFY that
// PostgreSQL delivers at commit (and drops on rollback). The payload names the instance whose
// connection made the change (the `umf.origin` setting each store connection starts with, so
// an instance skips its own), the checkout and its new version; never the checkout itself. A
// change made by anything else (a script, an older instance) carries an empty origin.
// SQLite runs in one process: nothing to announce.

export const CHECKOUT_EVENTS_CHANNEL = 'umf_checkout_events';

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    create function checkout_changed_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify(${sql.lit(CHECKOUT_EVENTS_CHANNEL)}, json_build_object(
        'o', coalesce(current_setting('umf.origin', true), ''),
        'id', new.id,
        'v', new.status_version)::text);
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger checkout_changed after update of status_version on checkouts
    for each row when (new.status_version is distinct from old.status_version)
    execute function checkout_changed_notify()`.execute(db);
}
