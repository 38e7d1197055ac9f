// startSandbox(): the UMF simulator on a plain node:http server — the factory tests, the demo
// and `npm run sandbox` use. Fresh keys and state in memory unless a data folder is given; with
// one, keys, credentials and (unless `persist: false`) the state survive restarts.
import { createHash } from 'node:crypto';
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
import { type Journal, openJournal } from './persistence.ts';
import { createRandom } from './random.ts';
import { createRateTable } from './rates.ts';
import { resumePending } from './resume.ts';
import { handleApi } from './router.ts';
import { createScheduler } from './scheduler.ts';
import { createState } from './state.ts';
import { validateStrict } from './strict.ts';
import type { Sandbox, SandboxOptions } from './types.ts';

async function dispatch(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0];
  // The API writes its changes before it answers (router.ts); the pages and the control API after.
  if (path.startsWith(`${API_BASE}/`)) return handleApi(ctx, req, res);
  try {
    if (path.startsWith('/__sandbox/')) return await handleControl(ctx, req, res);
    if (path.startsWith('/cashier/')) return await handleCashier(ctx, req, res);
  } finally {
    ctx.persist.flush();
  }
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
  const persist = { flush: () => {}, reset: () => {} };
  const scheduler = createScheduler(() => persist.flush());
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
    record: (delivery) => {
      state.notifications.push(delivery);
      persist.flush();
    },
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
    persist,
    fingerprintKey: createHash('sha256')
      .update('umf-sandbox-card-fingerprint')
      .update(keys.umfPrivateKey.export({ format: 'der', type: 'pkcs8' }))
      .digest(),
    origin,
  };
}

/** With a data folder (and persistence not switched off): the state from disk, kept there. */
function attachJournal(ctx: SandboxContext, options: SandboxOptions): Journal | undefined {
  if (!options.dataDir || options.persist === false) return undefined;
  const journal = openJournal(options.dataDir, ctx.state, ctx.clock);
  ctx.persist.flush = () => journal.flush();
  ctx.persist.reset = () => journal.reset();
  return journal;
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
  const journal = attachJournal(ctx, options);
  const server = createServer((req, res) => {
    dispatch(ctx, req, res).catch((error: unknown) => {
      ctx.settings.log(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'sandbox error' });
      else res.destroy();
    });
  });
  let port: number;
  try {
    port = await listen(server, options.port ?? 0, host);
  } catch (error) {
    journal?.close();
    throw error;
  }
  origin = options.publicUrl?.replace(/\/$/, '') ?? originOf(host, port);
  const baseUrl = `${origin}${API_BASE}`;
  if (options.dataDir) await writeCredentialsFile(options.dataDir, baseUrl, client);
  resumePending(ctx);
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
      journal?.close();
    },
  };
}
