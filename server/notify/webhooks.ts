// Merchant webhooks out: the store's transactional outbox, delivered over HTTP with an
// HMAC-SHA256 signature in Stripe's scheme, retried with exponential backoff and jitter.
//
// Delivery is at least once: an event whose answer was lost, or whose instance died
// mid-delivery, is sent again once its lease ends, so receivers deduplicate by
// `Umf-Checkout-Event-Id`. Events of one batch go out in parallel and retries reorder
// them: receivers order a checkout's events by `data.checkout.version`.
//
// The body is rendered when it is sent, by `render` (the GraphQL layer's: the same JSON as
// the `events` query's node). Without a webhook URL no loop runs; the store holds what it
// queues meanwhile (not delivered later unless WEBHOOK_DELIVER_BACKLOG releases it).
import type { Logger } from '../../common/logger.ts';
import {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signWebhookPayload,
} from '../../common/webhook-signature.ts';
import type { WebhookEvent } from '../domain/types.ts';
import { GAVE_UP_AT } from '../store/checkout-tx.ts';
import type { CheckoutStore } from '../store/store.ts';

export {
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signWebhookPayload,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
} from '../../common/webhook-signature.ts';
export { GAVE_UP_AT };

export type WebhookOutbox = Pick<
  CheckoutStore,
  'claimWebhooks' | 'markWebhookDelivered' | 'markWebhookFailed' | 'durable'
>;

export type WebhookFetch = (input: string, init: RequestInit) => Promise<Response>;

export type WebhookDeliveryOptions = {
  store: WebhookOutbox;
  /** The merchant's endpoint; unset: no delivery loop (events wait in the outbox). */
  url: string | null | undefined;
  /** Signs every delivery; required with a url. */
  secret?: string;
  /** The JSON body of an event (rendered when it is sent). */
  render: (event: WebhookEvent) => Promise<WebhookBody>;
  fetch?: WebhookFetch;
  /** Epoch ms. */
  now?: () => number;
  logger: Logger;
  /** Pause between polls of the outbox when it was drained; default 1000 ms. */
  intervalMs?: number;
  /** Deliveries tried per event before giving up; default 12. */
  maxAttempts?: number;
  /** Delay before the next try after `attempt` failed tries; default `exponentialBackoff()`. */
  backoff?: (attempt: number) => number;
  /** Per delivery; default 10 000 ms. */
  timeoutMs?: number;
  /** Events claimed (and sent in parallel) at once; default 10. */
  batchSize?: number;
};

export type WebhookDelivery = {
  /** Claims due events once and delivers them; resolves to how many were delivered. */
  deliverDue(): Promise<number>;
  /** Stops the loop and waits for the deliveries in flight. */
  stop(): Promise<void>;
};

/** 1 s, 2 s, 4 s … capped at `maxMs` (one hour), each scaled by a random 0.8–1.2. */
export function exponentialBackoff({
  baseMs = 1000,
  maxMs = 3_600_000,
  random = Math.random,
}: {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
} = {}): (attempt: number) => number {
  return (attempt) => {
    const exact = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(Math.min(maxMs, exact * (0.8 + 0.4 * random())));
  };
}

export function startWebhookDelivery(options: WebhookDeliveryOptions): WebhookDelivery {
  const { url, logger } = options;
  if (!url) {
    logger.info({}, 'merchant webhooks off (no URL): events are held in the outbox');
    return { deliverDue: async () => 0, stop: async () => undefined };
  }
  if (!options.secret) throw new Error('a merchant webhook URL needs a signing secret');
  const deliverBatch = batchDeliverer({ ...options, url, secret: options.secret });
  const intervalMs = options.intervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const tick = async () => {
    let full = true;
    try {
      full = (await deliverBatch()).full;
    } catch (error) {
      full = false;
      logger.error({ error: errorText(error) }, 'merchant webhooks: outbox unavailable');
    }
    // A full batch means more may be due: go again at once; otherwise wait.
    if (!stopped) schedule(full ? 0 : intervalMs);
  };
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = tick();
    }, ms);
    timer.unref();
  };
  schedule(intervalMs);

  return {
    async deliverDue() {
      return (await deliverBatch()).delivered;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

type Resolved = WebhookDeliveryOptions & { url: string; secret: string };

function batchDeliverer(options: Resolved) {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 10;
  // The lease outlasts a whole batch (sent in parallel), so no other claimer takes an event
  // while it is being sent.
  const leaseMs = timeoutMs + 30_000;
  const deliver = eventDeliverer(options, timeoutMs);
  return async (): Promise<{ delivered: number; full: boolean }> => {
    const events = await options.store.claimWebhooks({ limit: batchSize, leaseMs });
    const results = await Promise.all(events.map(deliver));
    return { delivered: results.filter(Boolean).length, full: events.length === batchSize };
  };
}

function eventDeliverer(options: Resolved, timeoutMs: number) {
  const { store, logger, url, secret } = options;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 12;
  const backoff = options.backoff ?? exponentialBackoff();

  return async (event: WebhookEvent): Promise<boolean> => {
    const log = { eventId: event.id, type: event.type, attempt: event.attempts };
    // Claimed again after the last try (its failure was never recorded): give up now.
    const error =
      event.attempts > maxAttempts
        ? 'no answer recorded for the last try'
        : await options.render(event).then(
            async (body) => {
              // Its claim and what it reports are on disk before the merchant hears of it (a
              // failed flush stops the delivery here, recorded as nothing).
              await store.durable();
              return post(doFetch, url, signedRequest(event.id, body, secret, now()), timeoutMs);
            },
            (caught: unknown) => `could not render the event: ${errorText(caught)}`,
          );
    if (error === undefined) {
      await store.markWebhookDelivered(event.id);
      logger.info(log, 'merchant webhook delivered');
      return true;
    }
    if (event.attempts >= maxAttempts) {
      const record = `gave up after ${event.attempts} attempts: ${error}`;
      await store.markWebhookFailed(event.id, { error: record, retryAt: GAVE_UP_AT });
      logger.error({ ...log, error }, 'merchant webhook given up');
      return false;
    }
    const retryAt = new Date(now() + backoff(event.attempts));
    await store.markWebhookFailed(event.id, { error, retryAt });
    logger.warn({ ...log, error, retryAt: retryAt.toISOString() }, 'merchant webhook failed');
    return false;
  };
}

/** The JSON merchants receive: a node of the `events` query (README "Webhooks"). */
export type WebhookBody = { id: string; type: string; created: string; data: unknown };

function signedRequest(id: string, body: WebhookBody, secret: string, nowMs: number) {
  const text = JSON.stringify(body);
  return {
    body: text,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      [SIGNATURE_HEADER]: signWebhookPayload(text, secret, Math.floor(nowMs / 1000)),
      [EVENT_ID_HEADER]: id,
    },
  };
}

/** Undefined when the merchant answered 2xx; otherwise why not. */
async function post(
  doFetch: WebhookFetch,
  url: string,
  request: { body: string; headers: Record<string, string> },
  timeoutMs: number,
): Promise<string | undefined> {
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
      // A redirect is a failure (as with Stripe): a signed body is not re-sent elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.status >= 200 && response.status <= 299 ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return errorText(error);
  }
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error thrown';
  const cause = (error as { cause?: unknown }).cause;
  const code = cause instanceof Error ? (cause as { code?: unknown }).code : undefined;
  return `${error.name}: ${error.message}${typeof code === 'string' ? ` (${code})` : ''}`;
}
