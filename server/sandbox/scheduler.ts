// Every timer the sandbox starts (delayed finals, notification retries, latency) goes through
// here, so close() and reset can cancel them and nothing keeps the process alive.

export type Scheduler = {
  after(ms: number, task: () => void): void;
  sleep(ms: number): Promise<void>;
  /**
   * Increases on every cancelAll(): work begun in an earlier epoch (a notification whose
   * delivery was in flight during a reset) checks it and stops instead of scheduling more.
   */
  epoch(): number;
  /** Cancels every pending timer; pending sleeps never resolve. */
  cancelAll(): void;
  /** cancelAll() for good: later after() calls are ignored (the sandbox closed). */
  stop(): void;
};

/** `afterTask` runs after every task (the journal writes what the task changed). */
export function createScheduler(afterTask: () => void = () => {}): Scheduler {
  const timers = new Set<NodeJS.Timeout>();
  let epoch = 0;
  let stopped = false;
  const after = (ms: number, task: () => void) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      try {
        task();
      } finally {
        afterTask();
      }
    }, ms);
    timers.add(timer);
  };
  const cancelAll = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    epoch += 1;
  };
  return {
    after,
    sleep: (ms) => new Promise((resolve) => after(ms, resolve)),
    epoch: () => epoch,
    cancelAll,
    stop() {
      stopped = true;
      cancelAll();
    },
  };
}
