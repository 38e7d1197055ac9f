// Notifications (docs/umf-protocol.md §6): the object, signed like a response, POSTed to its notify_url
// and retried with exponential backoff (base, 2×base, 4×base … 8 tries) until the merchant
// answers HTTP 2xx with meta.ret_code "0000". Every attempt lands in the ledger.
import type { KeyObject } from 'node:crypto';
import { signEnvelope } from '../umf/crypto.ts';
import { formatChinaTime } from './clock.ts';
import type { Scheduler } from './scheduler.ts';
import type { NotificationDelivery, NotificationFaults } from './types.ts';

export const NOTIFY_MAX_TRIES = 8;

export type NotificationKind = 'payment' | 'refund' | 'customs_declaration';

export type Notice = {
  url: string;
  kind: NotificationKind;
  objectId: string;
  object: Record<string, unknown>;
  /** An earlier-state copy, delivered after the final one under the outOfOrder fault. */
  stale?: Record<string, unknown>;
};

export type NotifierDeps = {
  privateKey: KeyObject;
  scheduler: Scheduler;
  retryBaseMs: number;
  now: () => number;
  faults: () => NotificationFaults;
  record: (delivery: NotificationDelivery) => void;
  fetch?: typeof fetch;
};

export type Notifier = { notify(notice: Notice): void };

async function acknowledged(response: Response): Promise<boolean> {
  if (response.status < 200 || response.status > 299) return false;
  try {
    const body = (await response.json()) as { meta?: { ret_code?: unknown } };
    return body?.meta?.ret_code === '0000';
  } catch {
    return false;
  }
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const doFetch = deps.fetch ?? fetch;

  async function post(
    notice: Notice,
    object: Record<string, unknown>,
    attempt: number,
    epoch: number,
  ) {
    const body = JSON.stringify(signEnvelope({ [notice.kind]: object }, deps.privateKey));
    let status: number | null = null;
    let ok = false;
    try {
      const response = await doFetch(notice.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(5000),
      });
      status = response.status;
      ok = await acknowledged(response);
    } catch {
      ok = false;
    }
    // A reset or close happened meanwhile: record nothing, retry nothing.
    if (deps.scheduler.epoch() !== epoch) return false;
    const at = formatChinaTime(deps.now());
    deps.record({
      objectId: notice.objectId,
      url: notice.url,
      attempt,
      status,
      acknowledged: ok,
      at,
    });
    return ok;
  }

  function deliver(notice: Notice, attempt: number, faults: NotificationFaults, epoch: number) {
    const dropped = attempt <= (faults.drop ?? 0);
    const run = dropped
      ? Promise.resolve(recordDrop(notice, attempt))
      : post(notice, notice.object, attempt, epoch);
    void run.then((ok) => {
      if (deps.scheduler.epoch() !== epoch) return;
      if (ok) return afterAcknowledged(notice, attempt, faults, epoch);
      if (attempt >= NOTIFY_MAX_TRIES) return;
      deps.scheduler.after(deps.retryBaseMs * 2 ** (attempt - 1), () =>
        deliver(notice, attempt + 1, faults, epoch),
      );
    });
  }

  function recordDrop(notice: Notice, attempt: number): false {
    const at = formatChinaTime(deps.now());
    deps.record({
      objectId: notice.objectId,
      url: notice.url,
      attempt,
      status: null,
      acknowledged: false,
      at,
    });
    return false;
  }

  function afterAcknowledged(
    notice: Notice,
    attempt: number,
    faults: NotificationFaults,
    epoch: number,
  ) {
    let next = attempt;
    for (let i = 0; i < (faults.duplicate ?? 0); i++)
      void post(notice, notice.object, ++next, epoch);
    if (faults.outOfOrder && notice.stale) void post(notice, notice.stale, ++next, epoch);
  }

  return {
    notify(notice) {
      const faults = { ...deps.faults() };
      const epoch = deps.scheduler.epoch();
      deps.scheduler.after(faults.delayMs ?? 0, () => deliver(notice, 1, faults, epoch));
    },
  };
}
