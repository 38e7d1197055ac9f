// Wires the whole BFF from a Config: store, UMF client (or the in-process sandbox), service,
// schema, notify handler, webhook delivery and the app, behind one node:http server.
// main.ts calls it and only prints; tests call it on port 0 with a temporary data folder.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createDemoShop } from '../../examples/demo-shop/shop.ts';
import { type CheckoutService, createCheckoutService } from '../checkout/service.ts';
import type { Config } from '../config/config.ts';
import { startCheckoutEvents } from '../events/pg-events.ts';
import { buildSchema } from '../graphql/schema.ts';
import { createUmfNotifyHandler } from '../notify/umf-notify.ts';
import { startWebhookDelivery, type WebhookDelivery } from '../notify/webhooks.ts';
import { startReconciler } from '../reconcile/reconciler.ts';
import { startSandbox } from '../sandbox/sandbox.ts';
import type { Sandbox, SandboxOptions } from '../sandbox/types.ts';
import { type CheckoutStore, openStore } from '../store/store.ts';
import { createUmfClient, type UmfClient, type UmfClientOptions } from '../umf/client.ts';
import { createKeys, type UmfKeys } from '../umf/crypto.ts';
import { type App, createApp } from './app.ts';
import type { AppLogger } from './logger.ts';
import { type DevKey, loadOrCreateDevKey } from './merchant-key.ts';
import { createRateLimiter } from './rate-limit.ts';
import { loadTrustedDocuments } from './trusted-documents.ts';

export type StartOptions = {
  /** Interface to bind (default: all). */
  host?: string;
  /** In-process sandbox settings (port: UMF_SANDBOX_PORT, else ephemeral). */
  sandbox?: SandboxOptions;
  /** UMF client overrides (tests: faster retries). */
  umf?: Partial<UmfClientOptions>;
  /** Epoch-ms clock of the service and the rate limits. */
  now?: () => number;
};

export type RunningServer = {
  /** Where this server listens, e.g. http://127.0.0.1:4000. */
  url: string;
  port: number;
  app: App;
  store: CheckoutStore;
  service: CheckoutService;
  umf: UmfClient;
  /** The in-process sandbox (UMF_BASE_URL unset). */
  sandbox: Sandbox | undefined;
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
  const trustedDocuments = await loadTrustedDocuments(config.trustedDocumentsFiles);
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
  const store = await openStore(
    config.database.kind === 'postgres'
      ? { databaseUrl: config.database.url, now: () => new Date(now()) }
      : { dataDir: dirname(config.database.file), now: () => new Date(now()) },
  );
  cleanup.push(() => store.close());
  const sandbox = config.umf.mode === 'sandbox' ? await sandboxFor(config, options) : undefined;
  if (sandbox) cleanup.push(() => sandbox.close());
  const { umf, keys } = umfClientFor(config, sandbox, store, options, logger);

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
  const webhooks: WebhookDelivery = startWebhookDelivery({
    store,
    url: config.merchantWebhook?.url,
    secret: config.merchantWebhook?.secret,
    logger,
  });
  cleanup.push(() => webhooks.stop());
  const notifyHandler = createUmfNotifyHandler({
    umf,
    logger,
    apply: async (notification) => {
      if (notification.kind === 'payment') return service.applyUmfPayment(notification.payment);
      if (notification.kind === 'refund') return service.applyUmfRefund(notification.refund);
      return undefined;
    },
  });
  // Sandbox mode only: the shop calls this BFF's public GraphQL API like any merchant backend.
  const demoShop = sandbox
    ? createDemoShop({
        graphqlUrl: `${url}/graphql`,
        merchantKey: merchantKeys[0],
        sandboxUrl: sandbox.url,
        onError: (error) => logger.warn({ err: error }, 'demo shop: upstream call failed'),
      })
    : undefined;
  const app = createApp({
    demoShop,
    config,
    schema: buildSchema(),
    service,
    pubsub,
    logger,
    notifyHandler,
    trustedDocuments,
    merchantKeys,
    now,
  });
  cleanup.push(() => app.close());
  // Runs first on close: the answers being written go out before anything they need closes.
  cleanup.push(() => drain(server, inFlight));
  listener = app.listener;
  return { url, port, app, store, service, umf, sandbox, devKey };
}

async function sandboxFor(config: Config, options: StartOptions): Promise<Sandbox> {
  const envPort = Number(process.env.UMF_SANDBOX_PORT ?? Number.NaN);
  return startSandbox({
    port: Number.isInteger(envPort) ? envPort : 0,
    dataDir: join(config.dataDir, 'sandbox'),
    verifySignatures: config.umf.verifySignatures,
    ...options.sandbox,
  });
}

function umfClientFor(
  config: Config,
  sandbox: Sandbox | undefined,
  store: CheckoutStore,
  options: StartOptions,
  logger: AppLogger,
): { umf: UmfClient; keys: UmfKeys } {
  const remote =
    config.umf.mode === 'remote'
      ? {
          baseUrl: config.umf.baseUrl,
          clientId: config.umf.clientId,
          clientSecret: config.umf.clientSecret,
          keys: {
            merchantPrivateKey: config.umf.merchantPrivateKey,
            umfPublicKey: config.umf.umfPublicKey,
            hash: 'RSA-SHA256' as const,
          },
        }
      : undefined;
  const local = sandbox?.credentials;
  const settings = remote ?? {
    baseUrl: local?.baseUrl ?? '',
    clientId: local?.clientId ?? '',
    clientSecret: local?.clientSecret ?? '',
    keys: createKeys({
      merchantPrivateKey: local?.merchantPrivateKeyPem ?? '',
      umfPublicKey: local?.umfPublicKeyPem ?? '',
    }),
  };
  const umf = createUmfClient({
    ...settings,
    tokenStore: store.tokenStore,
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
