// The HTTP app from explicit dependencies: /graphql (Yoga), POST /umf/notify, /health,
// /ready, the widget bundles (/umf-checkout.js, /umf-checkout.iife.js + maps, from dist/);
// everything else to the optional `pages` (the demo shop), else 404. Every response gets CORS
// (allowlist), security headers, X-Request-Id and one log line. start.ts listens; tests call
// `fetch` or the listener.
import { fileURLToPath } from 'node:url';
import type { GraphQLSchema } from 'graphql';
import type { CheckoutService } from '../checkout/service.ts';
import type { Config } from '../config/config.ts';
import type { CheckoutPubSub } from '../events/pubsub.ts';
import { AppResponse } from './app-response.ts';
import { DEFAULT_BODY_LIMIT, withLimitedBody } from './body-limit.ts';
import { createClientAddress } from './client-address.ts';
import { createCors } from './cors.ts';
import { graphiqlAsset } from './graphiql.ts';
import type { AppLogger } from './logger.ts';
import { createMerchantKeyCheck } from './merchant-key.ts';
import { type ClientInfo, type NodeListener, toNodeListener } from './node-listener.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';
import { requestIdFor } from './request-id.ts';
import { applySecurityHeaders } from './security-headers.ts';
import type { TrustedDocuments } from './trusted-documents.ts';
import { createWidgetAssets } from './widget-assets.ts';
import { createGraphQLServer, type RequestState } from './yoga.ts';

export type AppDeps = {
  config: Config;
  schema: GraphQLSchema;
  service: CheckoutService;
  /** The same pub/sub the service publishes to (checkoutUpdated). */
  pubsub: CheckoutPubSub;
  logger: AppLogger;
  /** More pages where the BFF has no route (the demo shop); undefined: the BFF's 404. */
  pages?: PageHandler;
  /** POST /umf/notify; absent: 404. */
  notifyHandler?: (request: Request) => Promise<Response>;
  /** sha256 hex → document: what a request without the merchant key may run. */
  trustedDocuments: TrustedDocuments;
  /** Accepted merchant API keys; default config.merchantApiKeys (startServer adds the dev key). */
  merchantKeys?: readonly string[];
  /** Largest request body in bytes (default 64 KiB). */
  bodyLimit?: number;
  /** How long /ready waits for the store and UMF (default 5000 ms). */
  readyTimeoutMs?: number;
  /** Folder of the built widget bundles (default: the repository's dist/). */
  widgetDir?: string;
  /** Wrong merchant keys per client address (default: 10 per 15 minutes, then 429). */
  keyFailures?: RateLimiter;
  /** Epoch-ms clock of keyFailures (for Retry-After). */
  now?: () => number;
  /** Awaited before each answer (and stream event) is written: the store's `durable()`. */
  durable?: () => Promise<void> | undefined;
};

/** Answers a request, or undefined to leave it to the next handler. */
export type PageHandler = (request: Request) => Promise<Response | undefined>;

export const KEY_FAILURE_LIMIT = { max: 10, windowMs: 15 * 60_000 } as const;

const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));

export type App = {
  fetch(request: Request, client?: ClientInfo): Promise<Response>;
  /** For node:http createServer. */
  listener: NodeListener;
  yoga: ReturnType<typeof createGraphQLServer>;
  close(): Promise<void>;
};

export function createApp(deps: AppDeps): App {
  const { config, logger } = deps;
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const isMerchant = createMerchantKeyCheck(deps.merchantKeys ?? config.merchantApiKeys ?? []);
  const cors = createCors(config);
  const yoga = createGraphQLServer({ ...deps, isMerchant });
  const widgetAssets = createWidgetAssets(deps.widgetDir ?? DEFAULT_WIDGET_DIR);
  const clientAddress = createClientAddress(config.trustProxy);
  const now = deps.now ?? Date.now;
  const keyFailures = deps.keyFailures ?? createRateLimiter({ ...KEY_FAILURE_LIMIT, now });
  const corsWarnings = oncePerMinute(now);
  const headerOptions = {
    production: config.nodeEnv === 'production',
    development: config.nodeEnv === 'development',
  };

  async function route(request: Request, state: RequestState, pathname: string): Promise<Response> {
    if (request.method === 'OPTIONS') return cors.preflight(request);
    if (pathname === '/health' && isRead(request)) return json(200, { status: 'ok' });
    if (pathname === '/ready' && isRead(request)) return ready();
    if (widgetAssets.matches(request)) return widgetAssets.serve(request);
    if (headerOptions.development) {
      const asset = await graphiqlAsset(request);
      if (asset) return asset;
    }
    const graphql = pathname === '/graphql';
    if (graphql && !isRead(request) && request.method !== 'POST')
      return graphqlMethodRefused(request);
    const notify = pathname === '/umf/notify' && deps.notifyHandler !== undefined;
    // The one body limit (Yoga's own is off): every handler below gets the body read.
    const limited = await withLimitedBody(request, bodyLimit);
    if (limited === undefined) return json(413, { error: 'request body too large' });
    if (!graphql && pathname !== '/umf/notify') {
      const page = await deps.pages?.(limited);
      if (page) return page;
    }
    if (!graphql && !notify) return json(404, { error: 'not found' });
    if (notify && request.method !== 'POST') return json(405, { error: 'method not allowed' });
    // handleRequest, not fetch: fetch races the answer against the request's AbortSignal,
    // which costs an AbortController, a listener and a promise chain per request. A live
    // stream ends when its body is cancelled (node-listener.ts), not through the signal.
    if (graphql) return yoga.handleRequest(limited, { state });
    return (deps.notifyHandler as (request: Request) => Promise<Response>)(limited);
  }

  async function ready(): Promise<Response> {
    const timeout = new Promise<{ store: boolean; umf: boolean }>((resolve) =>
      setTimeout(() => resolve({ store: false, umf: false }), deps.readyTimeoutMs ?? 5000).unref(),
    );
    const checks = await Promise.race([
      deps.service.ready().catch(() => ({ store: false, umf: false })),
      timeout,
    ]);
    const ok = checks.store && checks.umf;
    return json(ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable', ...checks });
  }

  /**
   * Checks the merchant key. An address that sent too many wrong keys is refused for any key
   * until the window passes: checking a key for it then would tell a guesser which one is right.
   * Correct keys are never counted, and requests without a key (the widget) are not limited.
   */
  function authorize(
    request: Request,
    state: RequestState,
    pathname: string,
  ): Response | undefined {
    // Only /graphql reads the key: an Authorization header elsewhere (a UMF notification,
    // a proxy's health check) is none of its business and must never get that sender refused.
    if (!request.headers.has('authorization')) return undefined;
    if (pathname !== '/graphql') return undefined;
    const blocked = keyFailures.check(state.clientIp);
    if (!blocked.ok) return tooManyKeyFailures(blocked.retryAt, now());
    state.merchant = isMerchant(request.headers);
    if (state.merchant) return undefined;
    keyFailures.take(state.clientIp);
    if (!keyFailures.check(state.clientIp).ok)
      logger.warn({ clientIp: state.clientIp }, 'wrong merchant API keys: address limited');
    return undefined;
  }

  async function handle(request: Request, client: ClientInfo = { ip: 'unknown' }) {
    const started = performance.now();
    // The path, read once: routing, the key check and the log line all need it.
    const { pathname } = new URL(request.url);
    const state: RequestState = {
      requestId: requestIdFor(request.headers),
      clientIp: clientAddress(client.ip, request.headers),
      merchant: false,
    };
    let response: Response;
    try {
      response = authorize(request, state, pathname) ?? (await route(request, state, pathname));
    } catch (error) {
      logger.error({ err: error, requestId: state.requestId }, 'request failed');
      response = json(500, { error: 'internal error', requestId: state.requestId });
    }
    // A response open to every origin (the widget bundles) keeps its own grant.
    if (response.headers.get('Access-Control-Allow-Origin') !== '*')
      for (const [name, value] of Object.entries(cors.headersFor(request)))
        response.headers.set(name, value);
    const refused = cors.refusedOrigin(request, response);
    if (refused !== undefined && corsWarnings.first(refused))
      logger.warn(
        { requestId: state.requestId, origin: refused, path: pathname },
        `CORS: refused origin ${refused}: not in ALLOWED_ORIGINS, so the browser blocks the ` +
          'answer and the widget sees a network error; add it to ALLOWED_ORIGINS (comma ' +
          'separated, scheme://host[:port]) if it is your shop (further refusals of it this minute: not logged)',
      );
    applySecurityHeaders(response.headers, headerOptions);
    response.headers.set('X-Request-Id', state.requestId);
    logger.info(
      {
        requestId: state.requestId,
        method: request.method,
        path: pathname,
        status: response.status,
        durationMs: Math.round(performance.now() - started),
        operationName: state.operationName,
        merchant: state.merchant,
      },
      'request',
    );
    return response;
  }

  return {
    fetch: handle,
    listener: toNodeListener(
      handle,
      (error) => logger.error({ err: error }, 'answer not written'),
      { bodyLimit, Request: yoga.fetchAPI.Request, beforeWrite: deps.durable },
    ),
    yoga,
    async close() {
      await yoga.dispose();
    },
  };
}

function isRead(request: Request): boolean {
  return request.method === 'GET' || request.method === 'HEAD';
}

/**
 * PUT, DELETE … on /graphql: graphql-sse's single connection mode starts with a PUT that
 * reserves a stream, which this BFF does not offer (README "Trusted documents").
 */
function graphqlMethodRefused(request: Request): Response {
  const response = json(405, {
    errors: [
      {
        message:
          `${request.method} is not allowed on /graphql: GraphQL runs over GET and POST (and live ` +
          'updates over POST with Accept: text/event-stream). graphql-sse: use its distinct ' +
          'connections mode (singleConnection: false, the default); single connection mode is ' +
          'not offered',
        extensions: { code: 'METHOD_NOT_ALLOWED' },
      },
    ],
  });
  response.headers.set('Allow', 'GET, POST, OPTIONS');
  return response;
}

/** true the first time a key is seen in a minute (bounded: forgets everything past 1000 keys). */
function oncePerMinute(now: () => number) {
  const seen = new Map<string, number>();
  return {
    first(key: string): boolean {
      const at = now();
      const last = seen.get(key);
      if (last !== undefined && at - last < 60_000) return false;
      if (seen.size >= 1000) seen.clear();
      seen.set(key, at);
      return true;
    },
  };
}

function tooManyKeyFailures(retryAt: Date, now: number): Response {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now) / 1000));
  const response = json(429, {
    error: 'too many wrong merchant API keys from this address',
    retryAfterSeconds: seconds,
  });
  response.headers.set('Retry-After', String(seconds));
  return response;
}

function json(status: number, body: unknown): Response {
  return new AppResponse(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
