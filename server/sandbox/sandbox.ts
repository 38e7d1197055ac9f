// startSandbox(): the UMF simulator on a plain node:http server — the factory tests, the demo
// and `npm run sandbox` use. Fresh keys in memory unless a data folder is given.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock } from './clock.ts';
import { API_BASE, type SandboxContext, type SandboxSettings } from './context.ts';
import { handleControl } from './control.ts';
import { createControlClient } from './control-client.ts';
import {
  type ClientCredentials,
  loadOrCreateClient,
  newClientCredentials,
  writeCredentialsFile,
} from './credentials-file.ts';
import { createFaults } from './faults.ts';
import { handleCashier } from './hosted-cashier.ts';
import { sendJson } from './http.ts';
import { generateKeys, loadOrCreateKeys, type SandboxKeys } from './keys.ts';
import { createNotifier } from './notifier.ts';
import { createRandom } from './random.ts';
import { createRateTable } from './rates.ts';
import { handleApi } from './router.ts';
import { createScheduler } from './scheduler.ts';
import { createState } from './state.ts';
import { validateStrict } from './strict.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

async function dispatch(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0];
  if (path.startsWith(`${API_BASE}/`)) return handleApi(ctx, req, res);
  if (path.startsWith('/__sandbox/')) return handleControl(ctx, req, res);
  if (path.startsWith('/cashier/')) return handleCashier(ctx, req, res);
  sendJson(res, 404, { error: `not found: ${path}; the UMF API is under ${API_BASE}` });
}

function originOf(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

function resolveSettings(options: SandboxOptions): SandboxSettings {
  return {
    executeDelayMs: options.executeDelayMs ?? 1000,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    notifyRetryBaseMs: options.notifyRetryBaseMs ?? 1000,
    verifySignatures: options.verifySignatures ?? true,
    strict: validateStrict(options.strict),
    notificationMetaSign: options.notificationMetaSign ?? false,
    log: options.log ?? (() => {}),
  };
}

function buildContext(
  options: SandboxOptions,
  keys: SandboxKeys,
  client: ClientCredentials,
  origin: () => string,
): SandboxContext {
  const settings = resolveSettings(options);
  const clock = createClock();
  const scheduler = createScheduler();
  const faults = createFaults(options.seed);
  const state = createState();
  const notifier = createNotifier({
    privateKey: keys.umfPrivateKey,
    metaSign: settings.notificationMetaSign,
    answer: settings.strict.notificationAnswer,
    scheduler,
    retryBaseMs: settings.notifyRetryBaseMs,
    now: clock.now,
    faults: faults.notifications,
    record: (delivery) => state.notifications.push(delivery),
  });
  const random = createRandom(options.seed);
  const rates = createRateTable(options.rates);
  const { clientId, clientSecret } = client;
  return {
    settings,
    keys,
    clientId,
    clientSecret,
    state,
    clock,
    random,
    rates,
    scheduler,
    faults,
    notifier,
    origin,
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const keys = options.dataDir ? await loadOrCreateKeys(options.dataDir) : await generateKeys();
  const client = options.dataDir
    ? await loadOrCreateClient(options.dataDir)
    : newClientCredentials();
  const host = options.host ?? '127.0.0.1';
  let origin = '';
  const ctx = buildContext(options, keys, client, () => origin);
  const server = createServer((req, res) => {
    dispatch(ctx, req, res).catch((error: unknown) => {
      ctx.settings.log(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'sandbox error' });
      else res.destroy();
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  origin = options.publicUrl?.replace(/\/$/, '') ?? originOf(host, port);
  const baseUrl = `${origin}${API_BASE}`;
  if (options.dataDir) await writeCredentialsFile(options.dataDir, baseUrl, client);
  return {
    url: origin,
    credentials: {
      baseUrl,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      merchantPrivateKeyPem: keys.merchantPrivateKeyPem,
      umfPublicKeyPem: keys.umfPublicKeyPem,
      umfCertificatePem: keys.umfCertificatePem,
    },
    control: createControlClient(origin),
    async close() {
      ctx.scheduler.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
