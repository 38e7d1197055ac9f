// Notifications (docs/umf-protocol.md §6): the object POSTed to its notify_url, signed as UMF
// does — SHA256withRSA over the raw body bytes, base64, in the `Signature` HTTP header
// (optionally also in meta.sign) —
// and retried with exponential backoff (base, 2×base, 4×base … 8 tries) until the merchant
// acknowledges: HTTP 2xx with the text answer of UMF's demo (ret_code=0000&ret_msg=…) or JSON
// meta.ret_code "0000". Every attempt lands in the ledger.
import type { KeyObject } from 'node:crypto';
import { signBytes, signEnvelope } from '../umf/crypto.ts';
import { type ExchangeAnswer, fetchExchange, nodeExchange } from '../umf/exchange.ts';
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
  /** Also put meta.sign in the body (the header is always sent). */
  metaSign: boolean;
  /** Strict: only this form of acknowledgement counts; undefined accepts both. */
  answer?: 'text' | 'json';
  scheduler: Scheduler;
  retryBaseMs: number;
  now: () => number;
  faults: () => NotificationFaults;
  record: (delivery: NotificationDelivery) => void;
  fetch?: typeof fetch;
};

export type Notifier = { notify(notice: Notice): void };

/** ret_code of a JSON answer ({"meta":{"ret_code":…}}), or undefined. */
function jsonRetCode(text: string): unknown {
  try {
    const body = JSON.parse(text) as { meta?: { ret_code?: unknown } } | null;
    return typeof body === 'object' && body !== null ? body.meta?.ret_code : undefined;
  } catch {
    return undefined;
  }
}

/** ret_code of a text answer "ret_code=0000&ret_msg=…" (UMF's demo), or undefined. */
function textRetCode(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('ret_code=')) return undefined;
  return new URLSearchParams(trimmed).get('ret_code')?.trim();
}

export function acknowledged(response: ExchangeAnswer, answer: NotifierDeps['answer']): boolean {
  if (response.status < 200 || response.status > 299) return false;
  const { text } = response;
  if (answer !== 'text' && jsonRetCode(text) === '0000') return true;
  return answer !== 'json' && textRetCode(text) === '0000';
}

export function createNotifier(deps: NotifierDeps): Notifier {
  // node:http with a keep-alive agent unless a fetch is handed in: a fetch costs the sandbox
  // more CPU than the merchant's answer it waits for.
  const exchange = deps.fetch ? fetchExchange(deps.fetch) : nodeExchange();

  async function post(
    notice: Notice,
    object: Record<string, unknown>,
    attempt: number,
    epoch: number,
  ) {
    const content = { [notice.kind]: object };
    const body = Buffer.from(
      JSON.stringify(deps.metaSign ? signEnvelope(content, deps.privateKey) : content),
      'utf8',
    );
    let status: number | null = null;
    let ok = false;
    try {
      const response = await exchange(notice.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          signature: signBytes(body, deps.privateKey),
        },
        body,
        timeoutMs: 5000,
      });
      status = response.status;
      ok = acknowledged(response, deps.answer);
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
