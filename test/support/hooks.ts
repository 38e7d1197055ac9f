// What a test file starts once for all its tests: started in before(), closed in after(), and
// read through a view whose properties always read the running thing.
import { after, before } from 'node:test';

/**
 * Starts `start()` in before() and `close`s it in after(). The returned function gives the
 * running value; called before it started (at file level instead of in a test), it throws.
 */
export function useStarted<T>(
  what: string,
  start: () => Promise<T>,
  close: (running: T) => unknown,
): () => T {
  let running: T | undefined;
  before(async () => {
    running = await start();
  });
  after(async () => {
    if (running !== undefined) await close(running);
  });
  return () => {
    if (running === undefined) throw new Error(`${what}: it starts in before()`);
    return running;
  };
}

/** An object whose `keys` read `current()`'s each time, so a file can hold it from the start. */
export function liveView<T extends object, K extends keyof T>(
  current: () => T,
  keys: readonly K[],
): Pick<T, K> {
  const view = {} as Pick<T, K>;
  for (const key of keys) {
    Object.defineProperty(view, key, { enumerable: true, get: () => current()[key] });
  }
  return view;
}
