// Checkout events across BFF instances (README "Architecture"): on PostgreSQL every change of
// a checkout's status version is announced by the transaction that makes it (a trigger's
// NOTIFY on 'umf_checkout_events', delivered at commit: server/store/migrations/0007), and
// every instance LISTENs on a dedicated connection and hands what the others changed to its
// own subscribers.
//
// The payload is `{"o": <instance>, "id": <checkout id>, "v": <version>}`, never the checkout:
// NOTIFY payloads stop at 8000 bytes and a checkout carries the merchant's order (items,
// sub-orders) of any size; the id and version always fit, the store stays the one source of
// the checkout's content (no second serialisation to keep in step with `Checkout`), and an
// instance reads the checkout (one primary-key read) only when someone there watches it and
// the version is newer than what it already handed out.
//
// - Own events: the publishing instance delivers at once in-process and ignores the NOTIFY its
//   own store's transactions sent (`o` is the store's instance id), so it never delivers an
//   event twice and needs no round trip through PostgreSQL. Nothing is sent apart from the
//   writes: the NOTIFY rides in the transaction, and leaves exactly when the change commits.
// - Others' events: skipped when nobody here watches the checkout or its version is not newer
//   than the last one delivered here (dedupe by id and version); otherwise the checkout is
//   read, one read at a time per checkout (notifications arriving meanwhile cause one more
//   read), and delivered unless a newer version got there first: never backwards.
// - The LISTEN connection is a pg.Client of its own (a pooled one could be handed to another
//   query or recycled). When it drops it is reopened with backoff (doubling, with jitter) and
//   LISTENs again; since notifications sent meanwhile are lost, every watched checkout is then
//   read once.
// - SQLite (one process): the in-process pub/sub alone.
import type pg from 'pg';
import type { Logger } from '../../common/logger.ts';
import { CHECKOUT_EVENTS_CHANNEL } from '../store/migrations/0007-checkout-events.ts';
import type { CheckoutStore } from '../store/store.ts';
import { type CheckoutEventHub, type CheckoutPubSub, createCheckoutPubSub } from './pubsub.ts';

export { CHECKOUT_EVENTS_CHANNEL };

export type CheckoutEventsOptions = {
  store: Pick<CheckoutStore, 'dialect' | 'getCheckout' | 'instanceId'>;
  /** The store's PostgreSQL URL; unset (SQLite): in-process only. */
  databaseUrl?: string;
  logger: Logger;
  /** Reconnect backoff: first delay and cap, in ms (default 250 ms → 10 s). */
  reconnect?: { baseMs?: number; maxMs?: number };
};

export type CheckoutEvents = {
  pubsub: CheckoutPubSub;
  /** 'in-process' (SQLite) or 'postgres' (LISTEN/NOTIFY). */
  mode: 'in-process' | 'postgres';
  /** PostgreSQL: the backend pid of the LISTEN connection while it is up (tests, diagnostics). */
  listenerPid(): number | undefined;
  /** Resolves once the listener is connected and listening (at once in-process). */
  listening(): Promise<void>;
  close(): Promise<void>;
};

type Payload = { o: string; id: string; v: number };

/** The pub/sub for the store's dialect; on PostgreSQL resolves once the first LISTEN is done. */
export async function startCheckoutEvents(options: CheckoutEventsOptions): Promise<CheckoutEvents> {
  if (options.store.dialect !== 'postgres' || !options.databaseUrl) {
    return {
      pubsub: createCheckoutPubSub(),
      mode: 'in-process',
      listenerPid: () => undefined,
      listening: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
  }
  // Loaded here, not at start: a BFF on SQLite never loads the PostgreSQL driver.
  const { default: driver } = await import('pg');
  const bridge = new PgCheckoutEvents(driver, { ...options, databaseUrl: options.databaseUrl });
  try {
    await bridge.connect();
  } catch (error) {
    await bridge.close();
    throw error;
  }
  return {
    pubsub: bridge.hub,
    mode: 'postgres',
    listenerPid: () => bridge.listenerPid(),
    listening: () => bridge.listening(),
    close: () => bridge.close(),
  };
}

class PgCheckoutEvents {
  readonly hub: CheckoutEventHub;
  private readonly channel = CHECKOUT_EVENTS_CHANNEL;
  private readonly reads = new Map<string, { again: boolean }>();
  private client: pg.Client | undefined;
  private connected = false;
  private closed = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly driver: typeof pg,
    private readonly options: CheckoutEventsOptions & { databaseUrl: string },
  ) {
    this.hub = createCheckoutPubSub();
  }

  listenerPid(): number | undefined {
    return this.connected
      ? (this.client as { processID?: number } | undefined)?.processID
      : undefined;
  }

  listening(): Promise<void> {
    if (this.connected || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Opens the LISTEN connection; throws when it cannot (startup). */
  async connect(): Promise<void> {
    const client = new this.driver.Client({
      connectionString: this.options.databaseUrl,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      application_name: 'umf-checkout-events',
    });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.receive(message.payload);
    });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client));
    await client.connect();
    await client.query(`LISTEN ${this.driver.escapeIdentifier(this.channel)}`);
    if (this.closed || this.client !== client) {
      await client.end().catch(() => undefined);
      return;
    }
    this.connected = true;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const resolve of this.waiters.splice(0)) resolve();
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    await client?.end().catch(() => undefined);
  }

  private receive(raw: string | undefined): void {
    const payload = parsePayload(raw);
    if (!payload) {
      this.options.logger.warn({ channel: this.channel }, 'ignored a malformed checkout event');
      return;
    }
    if (payload.o === this.options.store.instanceId) return;
    const delivered = this.hub.watchedVersion(payload.id);
    if (delivered === undefined || payload.v <= delivered) return;
    this.refresh(payload.id);
  }

  /** Reads a watched checkout and delivers it; one read at a time per checkout. */
  private refresh(checkoutId: string): void {
    const running = this.reads.get(checkoutId);
    if (running) {
      running.again = true;
      return;
    }
    const state = { again: true };
    this.reads.set(checkoutId, state);
    void (async () => {
      try {
        while (state.again && !this.closed) {
          state.again = false;
          const checkout = await this.options.store.getCheckout(checkoutId);
          const delivered = this.hub.watchedVersion(checkoutId);
          if (checkout && delivered !== undefined && checkout.version > delivered) {
            this.hub.deliver(checkout);
          }
        }
      } catch (error) {
        this.options.logger.error({ err: error, checkoutId }, 'could not read a changed checkout');
      } finally {
        this.reads.delete(checkoutId);
      }
    })();
  }

  private dropped(client: pg.Client, error?: Error): void {
    // Before the LISTEN is done, connect() throws instead and its caller retries.
    if (this.closed || this.client !== client || !this.connected) return;
    this.client = undefined;
    this.connected = false;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    this.options.logger.warn(
      { err: error, channel: this.channel },
      'checkout events: the LISTEN connection dropped; reconnecting',
    );
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const base = this.options.reconnect?.baseMs ?? 250;
    const max = this.options.reconnect?.maxMs ?? 10_000;
    const delay = Math.min(max, base * 2 ** this.failures);
    const jittered = Math.round(delay / 2 + Math.random() * (delay / 2));
    this.failures += 1;
    this.timer = setTimeout(() => void this.reconnect(), jittered);
    this.timer.unref();
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.connect();
    } catch (error) {
      const client = this.client;
      this.client = undefined;
      client?.end().catch(() => undefined);
      if (this.closed) return;
      this.options.logger.warn(
        { err: error, attempt: this.failures },
        'checkout events: reconnecting the LISTEN connection failed; retrying',
      );
      this.scheduleReconnect();
      return;
    }
    if (!this.connected) return;
    this.options.logger.info(
      { channel: this.channel, attempts: this.failures },
      'checkout events: listening again',
    );
    this.failures = 0;
    // Notifications sent while we were away are gone: catch every watched checkout up.
    for (const checkoutId of this.hub.watched()) this.refresh(checkoutId);
  }
}

function parsePayload(raw: string | undefined): Payload | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<Payload>;
    if (typeof value.o !== 'string' || typeof value.id !== 'string') return undefined;
    if (typeof value.v !== 'number' || !Number.isInteger(value.v)) return undefined;
    return { o: value.o, id: value.id, v: value.v };
  } catch {
    return undefined;
  }
}
