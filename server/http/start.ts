// Wires the whole BFF from a Config: store, UMF client, service, schema, notify handler,
// webhook delivery and the app, behind one node:http server. The production entry
// (server/main.ts) calls it with a configured UMF; server/local-stack.ts calls it with the
// endpoint of a sandbox it started, and may add pages (the demo shop) where the BFF has none.

import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { type CheckoutService, createCheckoutService } from '../checkout/service.ts';
import type { Config } from '../config/config.ts';
import { startCheckoutEvents } from '../events/pg-events.ts';
import { createEventRenderer } from '../graphql/events.ts';
import { buildSchema } from '../graphql/schema.ts';
import { createUmfNotifyHandler } from '../notify/umf-notify.ts';
import { startWebhookDelivery, type WebhookDelivery } from '../notify/webhooks.ts';
import { startReconciler } from '../reconcile/reconciler.ts';
import type { SyncFile } from '../store/durability.ts';
import { type CheckoutStore, openStore } from '../store/store.ts';
import { createUmfClient, type UmfClient, type UmfClientOptions } from '../umf/client.ts';
import type { UmfKeys } from '../umf/crypto.ts';
import { type App, createApp, type PageHandler } from './app.ts';
import { AppResponse } from './app-response.ts';
import { readLimitedBody } from './body-limit.ts';
import type { AppLogger } from './logger.ts';
import { type DevKey, loadOrCreateDevKey } from './merchant-key.ts';
import { createRateLimiter } from './rate-limit.ts';
import { loadTrustedDocuments } from './trusted-documents.ts';

/**
 * Where UMF is and how to sign for it (the UMF client's connection options; `baseUrl` ends in
 * /cberest/v1, without a trailing slash): from the configuration, or from a local sandbox.
 */
export type UmfEndpoint = Pick<UmfClientOptions, 'baseUrl' | 'clientId' | 'clientSecret' | 'keys'>;

export type StartOptions = {
  /** Interface to bind (default: all; the entry points pass HOST, `npm start` 127.0.0.1). */
  host?: string;
  /**
   * The UMF to use when the configuration names none (UMF_BASE_URL unset, `config.umf.mode`
   * 'sandbox'): server/local-stack.ts passes its sandbox's. Not allowed with UMF_BASE_URL.
   * A function is called once the store is open, so that a second instance on the same data
   * is refused by the store (pointing at PostgreSQL) before anything else starts.
   */
  umfEndpoint?: UmfEndpoint | (() => Promise<UmfEndpoint>);
  /**
   * Pages served where the BFF has no route (not /graphql, /umf/notify, /health, /ready or the
   * widget bundles), before its 404: the demo shop. Called once the server listens, with the
   * BFF's origin and the merchant key a merchant backend on this machine would use.
   */
  pages?: (bff: { url: string; merchantKey: string }) => PageHandler;
  /** UMF client overrides (tests: faster retries). */
  umf?: Partial<UmfClientOptions>;
  /** Epoch-ms clock of the service and the rate limits. */
  now?: () => number;
  /** Called with each statement the store runs (tests count them). */
  onQuery?: (sql: string) => void;
  /** How the SQLite store flushes its WAL file (tests hold or fail it; default fdatasync). */
  syncFile?: SyncFile;
};

export type RunningServer = {
  /** Where this server listens, e.g. http://127.0.0.1:4000. */
  url: string;
  port: number;
  app: App;
  store: CheckoutStore;
  service: CheckoutService;
  umf: UmfClient;
  /** The generated development key (no MERCHANT_API_KEYS). */
  devKey: DevKey | undefined;
  close(): Promise<void>;
};

export async function startServer(
  config: Config,
  logger: AppLogger,
  options: StartOptions = {},
): Promise<RunningServer> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse().splice(0))
      await step().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
  };
  try {
    return { ...(await start(config, logger, options, cleanup)), close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function start(
  config: Config,
  logger: AppLogger,
  options: StartOptions,
  cleanup: (() => Promise<unknown>)[],
) {
  const devKey = config.merchantApiKeys ? undefined : await loadOrCreateDevKey(config.dataDir);
  const merchantKeys = config.merchantApiKeys ?? [devKey?.key ?? ''];
  const schema = buildSchema();
  // A manifest document the schema rejects stops the start, naming its file and operation.
  const trustedDocuments = await loadTrustedDocuments(config.trustedDocumentsFiles, { schema });
  let listener: App['listener'] | undefined;
  const inFlight = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    // Live streams never end on their own: a stop does not wait for them.
    if (!String(req.headers.accept).includes('text/event-stream')) {
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
    }
    if (listener) return listener(req, res);
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"starting"}');
  });
  const { port, url } = await listen(server, config.port, options.host);
  cleanup.push(() => closeServer(server));
  // PORT=0 without PUBLIC_URL: UMF must notify the port actually bound.
  const publicUrl =
    config.publicUrl === `http://localhost:${config.port}`
      ? `http://localhost:${port}`
      : config.publicUrl;

  const now = options.now ?? Date.now;
  // Without a webhook URL the events queued are held (README "Webhooks").
  const holdWebhooks = config.merchantWebhook === null;
  const storeOptions = {
    now: () => new Date(now()),
    holdWebhooks,
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
    ...(options.syncFile ? { syncFile: options.syncFile } : {}),
  };
  const store = await openStore(
    config.database.kind === 'postgres'
      ? { databaseUrl: config.database.url, ...storeOptions }
      : { dataDir: dirname(config.database.file), ...storeOptions },
  );
  cleanup.push(() => store.close());
  const endpoint = await umfEndpointFor(config, options.umfEndpoint);
  const { umf, keys } = umfClientFor(config, endpoint, store, options, logger);

  // checkoutUpdated events: in-process on SQLite, across instances (LISTEN/NOTIFY) on PostgreSQL.
  const events = await startCheckoutEvents({
    store,
    databaseUrl: config.database.kind === 'postgres' ? config.database.url : undefined,
    logger,
  });
  cleanup.push(() => events.close());
  const pubsub = events.pubsub;
  const service = createCheckoutService({
    store,
    umf,
    keys,
    pubsub,
    publicUrl,
    allowedOrigins: config.allowedOrigins === '*' ? ['*'] : config.allowedOrigins,
    subMerchantId: config.umfSubMerchantId,
    logger,
    now: () => new Date(now()),
    idempotencyTtlMs: config.idempotencyKeyTtlHours * 3_600_000,
    smsLimits: {
      perCheckout: createRateLimiter({ windowMs: 60_000, max: 3, now }),
      perIp: createRateLimiter({ windowMs: 600_000, max: 30, now }),
    },
    refundDuplicates: config.refundDuplicatePayments,
    reconcileGraceMs: config.reconcile.graceMs,
  });
  cleanup.push(() => service.close());
  const reconciler = startReconciler({
    store,
    checkAttempt: service.reconcileAttempt,
    checkRefund: service.reconcileRefund,
    logger,
    now: () => new Date(now()),
    intervalMs: config.reconcile.intervalMs,
    maxDelayMs: config.reconcile.maxDelayMs,
  });
  cleanup.push(() => reconciler.stop());
  if (config.merchantWebhook && config.webhookDeliverBacklog) {
    const released = await store.releaseHeldWebhooks();
    logger.info({ released }, 'WEBHOOK_DELIVER_BACKLOG: held events released for delivery');
  }
  const webhooks: WebhookDelivery = startWebhookDelivery({
    store,
    url: config.merchantWebhook?.url,
    secret: config.merchantWebhook?.secret,
    render: createEventRenderer(schema, { service, pubsub }),
    logger,
  });
  cleanup.push(() => webhooks.stop());
  const notifyHandler = createUmfNotifyHandler({
    umf,
    logger,
    readBody: readLimitedBody,
    Response: AppResponse,
    apply: async (notification) => {
      if (notification.kind === 'payment') return service.applyUmfPayment(notification.payment);
      if (notification.kind === 'refund') return service.applyUmfRefund(notification.refund);
      return service.applyUmfCustoms(notification.customsDeclarations);
    },
  });
  const app = createApp({
    pages: options.pages?.({ url, merchantKey: merchantKeys[0] ?? '' }),
    config,
    schema,
    service,
    pubsub,
    logger,
    notifyHandler,
    trustedDocuments,
    merchantKeys,
    now,
    durable: store.durable,
  });
  cleanup.push(() => app.close());
  // Runs first on close: the answers being written go out before anything they need closes.
  cleanup.push(() => drain(server, inFlight));
  listener = app.listener;
  return { url, port, app, store, service, umf, devKey };
}

/** The configured UMF, or the one passed in when the configuration names none. */
async function umfEndpointFor(
  config: Config,
  given: StartOptions['umfEndpoint'],
): Promise<UmfEndpoint> {
  if (config.umf.mode === 'remote') {
    if (given)
      throw new Error('startServer: UMF_BASE_URL is set, so no other UMF endpoint may be given');
    return {
      baseUrl: config.umf.baseUrl,
      clientId: config.umf.clientId,
      clientSecret: config.umf.clientSecret,
      keys: {
        merchantPrivateKey: config.umf.merchantPrivateKey,
        umfPublicKey: config.umf.umfPublicKey,
        hash: 'RSA-SHA256',
      },
    };
  }
  if (given) return typeof given === 'function' ? given() : given;
  throw new Error(
    'startServer: UMF_BASE_URL is not set and no UMF endpoint was given ' +
      '(`npm start` runs the BFF against a local UMF sandbox: server/local-stack.ts)',
  );
}

function umfClientFor(
  config: Config,
  settings: UmfEndpoint,
  store: CheckoutStore,
  options: StartOptions,
  logger: AppLogger,
): { umf: UmfClient; keys: UmfKeys } {
  const umf = createUmfClient({
    ...settings,
    tokenStore: store.tokenStore,
    beforeSend: store.durable,
    verifyResponses: config.umf.verifySignatures,
    protocol: config.umf.protocol,
    logger,
    ...(options.now ? { now: options.now } : {}),
    ...options.umf,
  });
  return { umf, keys: settings.keys };
}

function listen(
  server: Server,
  port: number,
  host?: string,
): Promise<{ port: number; url: string }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      resolve({ port: bound, url: `http://localhost:${bound}` });
    });
  });
}

/** Stops accepting, lets the requests in flight finish (at most `graceMs`), then cuts the rest. */
async function drain(server: Server, inFlight: Set<ServerResponse>, graceMs = 5000) {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = Date.now() + graceMs;
  while (inFlight.size > 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  server.closeAllConnections();
  await closed;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
