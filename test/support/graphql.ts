// GraphQL over real HTTP, the two ways the BFF is called: as the widget does (a trusted
// operation sent by hash, with the client secret in its variables, no key) and as a merchant
// backend does (any document, with the API key). Shared by every node suite.
import { documentHash, OPERATIONS, type OperationName } from '../../widget/api/client.ts';

/** The merchant API key every test BFF trusts (MERCHANT_API_KEYS). */
export const MERCHANT_KEY = 'mk_test_0123456789abcdef0123456789abcdef';
/** What the widget sends on every request (CSRF prevention). */
export const WIDGET_HEADERS = { 'content-type': 'application/json', 'x-umf-client': 'widget' };
export const MERCHANT_HEADERS = { ...WIDGET_HEADERS, authorization: `Bearer ${MERCHANT_KEY}` };

export type Json = Record<string, unknown>;
export type GraphQLBody = {
  data?: Json | null;
  errors?: { message: string; extensions?: Json }[];
};

/** Each document's hash, computed once (the bench sends thousands of bodies). */
const hashes = new Map<OperationName, Promise<string>>();
function hashOf(name: OperationName): Promise<string> {
  let hash = hashes.get(name);
  if (!hash) {
    hash = documentHash(OPERATIONS[name]);
    hashes.set(name, hash);
  }
  return hash;
}

/** The body of a widget operation as the browser sends it: by hash only. */
export async function widgetBody(name: OperationName, variables: Json) {
  return {
    operationName: name,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: await hashOf(name) } },
  };
}

/** A widget operation (client-secret call); throws with the errors if there are any. */
export async function widget(
  endpoint: string,
  name: OperationName,
  variables: Json,
  locale = 'zh-CN',
): Promise<Json> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { ...WIDGET_HEADERS, 'accept-language': locale },
    body: JSON.stringify(await widgetBody(name, variables)),
  });
  const json = (await response.json()) as GraphQLBody;
  if (json.errors) throw new Error(`${name}: ${JSON.stringify(json.errors)}`);
  return json.data as Json;
}

/** A merchant operation: any document, with the API key; the whole answer. */
export async function merchant(
  endpoint: string,
  query: string,
  variables: Json = {},
  key = MERCHANT_KEY,
): Promise<GraphQLBody> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { ...WIDGET_HEADERS, 'x-umf-client': 'merchant-test', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLBody;
}
