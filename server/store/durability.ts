// When a SQLite commit is on disk. The store commits with `synchronous = NORMAL` (WAL mode): a
// commit is written to the WAL file but not flushed, so it survives the process dying but not
// the machine losing power or crashing. Before anything leaves the BFF (an HTTP answer or a
// stream's next event, a call to UMF, a merchant webhook), `durable()` makes every commit so
// far durable by flushing the WAL file (fdatasync) on libuv's thread pool, off the event loop:
// the commits waiting at that moment share one flush (group commit), and a request that wrote
// nothing waits only for the flush of what it may have read. SQLite's own `synchronous = FULL`
// would flush on the event loop at every commit.
//
// Why the WAL file alone: a commit is either still in the WAL, or copied into the database file
// by a checkpoint, which in NORMAL mode flushes the WAL before and the database file after it.
// In EXCLUSIVE locking mode the WAL file is kept (truncated at most, never replaced) while the
// connection is open, so one descriptor opened on it stays on the same file.
import { closeSync, fdatasync, openSync } from 'node:fs';

/** Flushes an open file's data to disk (default: fdatasync on the thread pool). */
export type SyncFile = (fd: number) => Promise<void>;

export const fdatasyncFile: SyncFile = (fd) =>
  new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));

/** A flush failed: what the store committed may not be on disk, so nothing more goes out. */
export class StoreDurabilityError extends Error {
  override name = 'StoreDurabilityError';
}

export type Durability = {
  /** After each statement: whether it wrote, and whether a transaction is still open. */
  afterStatement(wrote: boolean, inTransaction: boolean): void;
  /**
   * Undefined when every commit so far is on disk (nothing to wait for); otherwise a promise
   * that resolves once they are, or rejects with a StoreDurabilityError.
   */
  durable(): Promise<void> | undefined;
  close(): void;
};

export function walDurability(walFile: string, syncFile: SyncFile = fdatasyncFile): Durability {
  let committed = 0;
  let synced = 0;
  let wrote = false;
  let fd: number | undefined;
  let flight: Promise<void> | undefined;
  let failure: StoreDurabilityError | undefined;

  const flush = async () => {
    // Every commit counted so far has written its frames: one flush started now covers them.
    const upTo = committed;
    try {
      fd ??= openSync(walFile, 'r');
      await syncFile(fd);
      synced = Math.max(synced, upTo);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Sticky, as the disk's state after a failed flush is unknown (the kernel may have
      // dropped the pages it could not write): only a restart reads it again.
      failure ??= new StoreDurabilityError(
        `The SQLite store could not flush its commits to disk (${reason}): nothing more is ` +
          'answered or sent. Fix the disk, then restart the BFF.',
      );
    } finally {
      flight = undefined;
    }
  };

  const until = async (target: number) => {
    while (synced < target && !failure) {
      flight ??= flush();
      await flight;
    }
    if (failure) throw failure;
  };

  return {
    afterStatement(didWrite, inTransaction) {
      if (didWrite) wrote = true;
      // Counted at the end of its transaction (or at once, outside one): a flush while a
      // transaction is open must not count the commit that has not happened yet.
      if (wrote && !inTransaction) {
        committed += 1;
        wrote = false;
      }
    },
    durable() {
      if (failure) return Promise.reject(failure);
      return synced >= committed ? undefined : until(committed);
    },
    close() {
      const open = fd;
      fd = undefined;
      if (open === undefined) return;
      if (flight) void flight.finally(() => closeSync(open));
      else closeSync(open);
    },
  };
}
