// The GraphQL endpoint: Yoga, unsafe defaults replaced (CORS, errors, SSE, CSRF). Created once
// by app.ts; the per-request state (request id, client address, merchant flag) arrives as the
// server context and becomes the typed GraphQLContext.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
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
import type { AppLogger } from './logger.ts';
import type { MerchantKeyCheck } from './merchant-key.ts';
import type { TrustedDocuments } from './trusted-documents.ts';

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
  return createYoga<ServerContext, GraphQLContext>({
    schema: deps.schema,
    graphqlEndpoint: '/graphql',
    context: createContextFactory(deps),
    cors: false, // app.ts answers CORS from the allowlist
    // Node's own streams: cancelling a response body then reaches Yoga's SSE stream at once
    // (the ponyfill's reader defers a cancel behind its pending read), so a closed connection
    // ends its subscription and keep-alive timer immediately.
    fetchAPI: { Response, ReadableStream, TextEncoder },
    landingPage: false,
    batching: false,
    multipart: false,
    // app.ts limits every body before Yoga sees it (one limit, one read, 413 as JSON).
    maxRequestBodySize: false,
    graphiql: (request) => development || isMerchant(request.headers),
    maskedErrors: { isDev: development },
    logging: yogaLogger(deps.logger),
    plugins: [
      // A simple (non-preflighted) cross-site form post or GET carries no X-UMF-Client header.
      useCSRFPrevention({ requestHeaders: ['x-umf-client'] }),
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
}

/**
 * An abusive document is a 400 whatever the Accept header: without this, the GraphQL-over-HTTP
 * rule for `application/json` (validation failures are 200) would apply to armor's refusals.
 * Yoga rewrites their `http` extension on the way, so they are remembered here and marked last.
 */
const armorRejections = new WeakSet<GraphQLError>();
const onReject = [(_context: unknown, error: GraphQLError) => void armorRejections.add(error)];

const PERSISTED_ERRORS = {
  notFound: {
    message: 'Unknown trusted document',
    extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
  },
  persistedQueryOnly: {
    message: 'Only trusted documents may run without the merchant API key',
    extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 403 } },
  },
  keyNotFound: {
    message: 'Send a query or a trusted document hash (extensions.persistedQuery.sha256Hash)',
    extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
  },
};

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
