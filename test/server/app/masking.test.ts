// Masked errors and development mode, through createApp with a small schema whose resolver
// fails the way an unexpected fault does (the real service under it, unused).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import type { Config } from '../../../server/config/config.ts';
import { createCheckoutPubSub } from '../../../server/events/pubsub.ts';
import { type App, createApp } from '../../../server/http/app.ts';
import { createLogger } from '../../../server/http/logger.ts';
import { documentHash } from '../../../server/http/trusted-documents.ts';
import { MERCHANT_KEY, startTestServer, type TestServer, WIDGET_HEADERS } from './helpers.ts';

const SECRET_DETAIL = 'db password hunter2 at /srv/secret/path';
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      boom: {
        type: GraphQLString,
        resolve: () => {
          throw new Error(SECRET_DETAIL);
        },
      },
    },
  }),
});

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.stop());

function appFor(nodeEnv: Config['nodeEnv'], logs: string[] = []): App {
  return createApp({
    config: { ...server.config, nodeEnv },
    schema,
    service: server.service,
    pubsub: createCheckoutPubSub(),
    logger: createLogger({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    trustedDocuments: new Map(),
    merchantKeys: [MERCHANT_KEY],
  });
}

const boom = (headers: Record<string, string> = {}) =>
  new Request('http://app.test/graphql', {
    method: 'POST',
    headers: { ...WIDGET_HEADERS, authorization: `Bearer ${MERCHANT_KEY}`, ...headers },
    body: JSON.stringify({ query: '{ boom }' }),
  });

describe('masked errors', () => {
  for (const nodeEnv of ['production', 'test'] as const) {
    test(`hide the message and stack and carry the request id (${nodeEnv})`, async () => {
      const logs: string[] = [];
      const response = await appFor(nodeEnv, logs).fetch(boom({ 'x-request-id': 'req-mask-0001' }));
      const text = await response.text();
      assert.doesNotMatch(text, /hunter2|secret|stack|originalError|at .*\.ts/);
      const result = JSON.parse(text) as {
        errors: { message: string; extensions: Record<string, unknown> }[];
      };
      assert.equal(result.errors[0].message, 'Unexpected error.');
      assert.equal(result.errors[0].extensions.requestId, 'req-mask-0001');
      assert.equal(response.headers.get('x-request-id'), 'req-mask-0001');
      // The operator still learns what happened, under the same request id.
      assert.ok(logs.some((line) => line.includes('hunter2')));
    });
  }

  test('show the original error only in development', async () => {
    const response = await appFor('development').fetch(boom());
    assert.match(await response.text(), /hunter2/);
  });
});

describe('development mode', () => {
  test('serves GraphiQL with a CSP that lets it load', async () => {
    const response = await appFor('development').fetch(
      new Request('http://app.test/graphql', { headers: { accept: 'text/html' } }),
    );
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self';/);
    assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(response.headers.get('strict-transport-security'), null);
  });

  test('allows introspection in a trusted document without the key', async () => {
    const document = 'query SchemaName { __schema { queryType { name } } }';
    const app = createApp({
      config: { ...server.config, nodeEnv: 'development' },
      schema,
      service: server.service,
      pubsub: createCheckoutPubSub(),
      logger: createLogger({ level: 'silent' }),
      trustedDocuments: new Map([[documentHash(document), document]]),
      merchantKeys: [MERCHANT_KEY],
    });
    const response = await app.fetch(
      new Request('http://app.test/graphql', {
        method: 'POST',
        headers: WIDGET_HEADERS,
        body: JSON.stringify({
          extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(document) } },
        }),
      }),
    );
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      data: { __schema: { queryType: { name: 'Query' } } },
    });
  });
});
