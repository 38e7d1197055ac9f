import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { currentSchema, type DialectName } from './db.ts';
import { migrationProvider } from './migrations/provider.ts';
import type { Database } from './tables.ts';

/** Brings the schema to the latest migration; throws the migrator's error on failure. */
export async function migrateToLatest(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  // On PostgreSQL the migrator's bookkeeping goes to the schema our tables resolve to, so a
  // search_path other than public (tests, several deployments in one database) works.
  const schema = dialect === 'postgres' ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
}
