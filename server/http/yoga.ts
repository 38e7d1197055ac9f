// The GraphQL endpoint: Yoga, unsafe defaults replaced (CORS, errors, SSE, CSRF). Created once
// by app.ts; the per-request state (request id, client address, merchant flag) arrives as the
// server context and becomes the typed GraphQLContext.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import {
  createGraphQLError,
  createYoga,
  isAsyncIterable,
  mapAsyncIterator,
  type Plugin,
  type YogaInitialContext,
  type YogaLogger,
} from 'graphql-yoga';
import type { CheckoutService } from '../checkout/service.ts';
import type { Config } from '../config/config.ts';
import type { CheckoutPubSub } from '../events/pubsub.ts';
import type { GraphQLContext } from '../graphql/context.ts';
import { parseLocale } from './accept-language.ts';
import { AppResponse } from './app-response.ts';
import { renderLocalGraphiQL } from './graphiql.ts';
import type { AppLogger } from './logger.ts';
import type { MerchantKeyCheck } from './merchant-key.ts';
import { documentHash, type TrustedDocuments } from './trusted-documents.ts';

/** Per-request facts established before GraphQL runs; the log line reads them afterwards. */
export type RequestState = {
  requestId: string;
  clientIp: string;
  merchant: boolean;
  operationName?: string;
};

export type ServerContext = { state: RequestState };

export type YogaDeps = {
  config: Config;
  schema: GraphQLSchema;
  service: CheckoutService;
  pubsub: CheckoutPubSub;
  logger: AppLogger;
  trustedDocuments: TrustedDocuments;
  isMerchant: MerchantKeyCheck;
};

export const ARMOR_LIMITS = {
  maxDepth: 10,
  maxAliases: 5,
  maxTokens: 2000,
  maxDirectives: 20,
  maxCost: 5000,
} as const;

/** The typed context factory: one GraphQLContext per request. */
export function createContextFactory(deps: { service: CheckoutService; pubsub: CheckoutPubSub }) {
  return ({ request, state }: YogaInitialContext & ServerContext): GraphQLContext => ({
    requestId: state.requestId,
    locale: parseLocale(request.headers.get('accept-language')),
    merchant: state.merchant,
    clientIp: state.clientIp,
    idempotencyKey: request.headers.get('idempotency-key'),
    service: deps.service,
    pubsub: deps.pubsub,
  });
}

export function createGraphQLServer(deps: YogaDeps) {
  const { config, isMerchant } = deps;
  const development = config.nodeEnv === 'development';
  const yoga = createYoga<ServerContext, GraphQLContext>({
    schema: deps.schema,
    graphqlEndpoint: '/graphql',
    context: createContextFactory(deps),
    cors: false, // app.ts answers CORS from the allowlist
    // Node's own streams: cancelling a response body then reaches Yoga's SSE stream at once
    // (the ponyfill's reader defers a cancel behind its pending read), so a closed connection
    // ends its subscription and keep-alive timer immediately. Yoga reads fetchAPI at each
    // request: every answer is made with the app's Response (app-response.ts).
    fetchAPI: { ReadableStream, TextEncoder, Response: AppResponse },
    landingPage: false,
    batching: false,
    multipart: false,
    // app.ts limits every body before Yoga sees it (one limit, one read, 413 as JSON).
    maxRequestBodySize: false,
    graphiql: (request) => development || isMerchant(request.headers),
    // Its assets come from the installed package, served by app.ts under /graphiql/ (no CDN).
    renderGraphiQL: renderLocalGraphiQL,
    maskedErrors: { isDev: development },
    logging: yogaLogger(deps.logger),
    plugins: [
      useClientHeader(),
      useTextWithHash(isMerchant),
      usePersistedOperations({
        getPersistedOperation: (hash) => deps.trustedDocuments.get(hash.toLowerCase()) ?? null,
        allowArbitraryOperations: (request) => isMerchant(request.headers),
        customErrors: PERSISTED_ERRORS,
      }),
      useDisableIntrospection({
        isDisabled: (request) => !(development || isMerchant(request.headers)),
      }),
      EnvelopArmorPlugin({
        maxDepth: { n: ARMOR_LIMITS.maxDepth, onReject },
        maxAliases: { n: ARMOR_LIMITS.maxAliases, onReject },
        maxTokens: { n: ARMOR_LIMITS.maxTokens, onReject },
        maxDirectives: { n: ARMOR_LIMITS.maxDirectives, onReject },
        costLimit: { maxCost: ARMOR_LIMITS.maxCost, onReject },
        blockFieldSuggestion: { enabled: !development },
      }),
      useRequestFacts(),
    ],
  });
  return yoga;
}

/**
 * An abusive document is a 400 whatever the Accept header: without this, the GraphQL-over-HTTP
 * rule for `application/json` (validation failures are 200) would apply to armor's refusals.
 * Yoga rewrites their `http` extension on the way, so they are remembered here and marked last.
 */
const armorRejections = new WeakSet<GraphQLError>();
const onReject = [(_context: unknown, error: GraphQLError) => void armorRejections.add(error)];

/** The header every GraphQL request must carry (any value, e.g. the client's name). */
export const CLIENT_HEADER = 'x-umf-client';

const HASH_RULE = 'the SHA-256 hex of the exact document text (UTF-8)';

const PERSISTED_ERRORS = {
  notFound: {
    message:
      'Unknown trusted document: no manifest holds this extensions.persistedQuery.sha256Hash ' +
      `(${HASH_RULE}). Write your operations into a manifest with \`npm run trusted-documents -- ` +
      'my-ops.graphql`, list it in TRUSTED_DOCUMENTS_FILES and restart the BFF; or send the ' +
      'merchant API key (servers only)',
    extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
  },
  persistedQueryOnly: {
    message:
      'Only trusted documents may run without the merchant API key: send ' +
      `extensions.persistedQuery { version: 1, sha256Hash: ${HASH_RULE} } of a document in ` +
      'a trusted manifest, with or without the query text',
    extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
  },
  keyNotFound: {
    message: 'Send a query or a trusted document hash (extensions.persistedQuery.sha256Hash)',
    extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
  },
};

const NON_PREFLIGHTED_TYPES = [
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
];

/**
 * CSRF prevention: a simple (non-preflighted) cross-site form post or GET carries no
 * X-UMF-Client header, so a request that could be one must have it (as Yoga's CSRF plugin
 * does, with a refusal that names the header).
 */
function useClientHeader(): Plugin<GraphQLContext, ServerContext> {
  return {
    onRequestParse({ request }) {
      const type = request.headers.get('content-type')?.toLowerCase();
      const preflighted =
        type !== undefined && !NON_PREFLIGHTED_TYPES.some((t) => type.startsWith(t));
      if (preflighted || request.headers.has(CLIENT_HEADER)) return;
      throw createGraphQLError(
        `Required CSRF header not present: send the header ${CLIENT_HEADER} (any value, e.g. ` +
          "your app's name) with every GraphQL request, GET and POST",
        { extensions: { code: 'CSRF_HEADER_REQUIRED', http: { status: 403 } } },
      );
    },
  };
}

/**
 * A request without the merchant key that sends the query text AND a hash (graphql-sse and
 * graphql-request need the text): the text must hash to the hash sent, and then it runs as if
 * only the hash had come — a trusted document, else "Unknown trusted document".
 */
function useTextWithHash(
  isMerchant: (headers: Headers) => boolean,
): Plugin<GraphQLContext, ServerContext> {
  return {
    onParams({ params, setParams, request }) {
      const hash = persistedHash(params.extensions);
      if (typeof params.query !== 'string' || hash === undefined) return;
      if (isMerchant(request.headers)) return;
      const actual = documentHash(params.query);
      if (actual !== hash.toLowerCase())
        throw createGraphQLError(
          'The query text and extensions.persistedQuery.sha256Hash disagree: the hash must be ' +
            `the SHA-256 hex of the exact text sent (UTF-8), here ${actual}. Send the document ` +
            'exactly as it is in the manifest, or the hash alone',
          { extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH', http: { status: 400 } } },
        );
      // The persisted-operations plugin (next) looks the hash up.
      setParams({ ...params, query: undefined });
    },
  };
}

function persistedHash(extensions: unknown): string | undefined {
  if (extensions === null || typeof extensions !== 'object') return undefined;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (persisted === null || typeof persisted !== 'object') return undefined;
  const hash = (persisted as { sha256Hash?: unknown }).sha256Hash;
  return typeof hash === 'string' ? hash : undefined;
}

/** Records the operation name for the log line; puts the request id on every error (and 400 on armor's). */
function useRequestFacts(): Plugin<GraphQLContext, ServerContext> {
  return {
    onParams({ params, context }) {
      const { state } = context as unknown as ServerContext;
      if (typeof params.operationName === 'string')
        state.operationName = params.operationName.slice(0, 100);
    },
    onResultProcess({ result, setResult, serverContext }) {
      const { requestId } = serverContext.state;
      if (isAsyncIterable(result))
        setResult(mapAsyncIterator(result, (item) => withRequestId(item, requestId)));
      else if (Array.isArray(result)) setResult(result.map((r) => withRequestId(r, requestId)));
      else setResult(withRequestId(result, requestId));
    },
  };
}

function withRequestId<T extends ExecutionResult>(result: T, requestId: string): T {
  if (!result.errors?.length) return result;
  // New error objects: cached validation errors are shared between requests.
  const errors = result.errors.map((error) =>
    error instanceof GraphQLError
      ? createGraphQLError(error.message, {
          nodes: error.nodes,
          source: error.source,
          positions: error.positions,
          path: error.path,
          originalError: error.originalError,
          extensions: {
            ...error.extensions,
            ...(armorRejections.has(error) ? { http: { status: 400 } } : {}),
            requestId,
          },
        })
      : error,
  );
  return { ...result, errors };
}

function yogaLogger(logger: AppLogger): YogaLogger {
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) logger[level]({ err: first }, 'graphql: unexpected error');
      else
        logger[level]({ detail: rest.length > 0 ? rest : undefined }, `graphql: ${String(first)}`);
    };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
