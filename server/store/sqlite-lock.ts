import type BetterSqlite3 from 'better-sqlite3';

/** Thrown when another process (or another store in this one) holds the SQLite file. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
}

// The embedded store is single-process by design: SQLite's own EXCLUSIVE locking mode keeps
// the file lock from the first write until the connection closes, and the operating system
// drops it when the process dies, so there is no stale lock to clean up.
export function lockExclusively(db: BetterSqlite3.Database, path: string): void {
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.exec('BEGIN IMMEDIATE; COMMIT');
  } catch (error) {
    if (isBusy(error)) {
      db.close();
      throw new StoreLockedError(
        `The SQLite store ${path} is in use by another process. The embedded store serves ` +
          'one process only: to run several BFF processes, use PostgreSQL by setting ' +
          'DATABASE_URL=postgres://…',
      );
    }
    throw error;
  }
}

function isBusy(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('SQLITE_BUSY')
  );
}
