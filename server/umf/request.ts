// One authorised UMF call: token from token.ts, one refresh-and-retry on a token rejection
// (HTTP 401 or ret_code 00280703), the envelope read and the result member parsed.
import type { UmfKeys } from './crypto.ts';
import { guard, isTokenRejection, readEnvelope, responseJson } from './envelope.ts';
import { type UmfError, umfErrorFrom } from './errors.ts';
import type { CallSpec, RawResponse, Transport } from './http.ts';
import { isRecord } from './parse.ts';
import type { UmfProtocol } from './protocol.ts';
import type { TokenManager } from './token.ts';
import type { UmfResponseInfo } from './types.ts';
import { toWire } from './wire.ts';

export type Requester = {
  /** A JSON call: the envelope checked and `parse` applied to the body without `meta`. */
  json<T>(
    spec: CallSpec,
    parse: (body: Record<string, unknown>) => T,
  ): Promise<{ info: UmfResponseInfo; result: T }>;
  /** A file download: the raw text (CSV), not signed JSON. */
  text(spec: CallSpec): Promise<{ text: string; requestId: string; httpStatus: number }>;
  /** A request body in the configured member spelling, or an INVALID_REQUEST UmfError. */
  body(endpoint: string, value: unknown): unknown;
  /** The INVALID_REQUEST UmfError for a request refused before sending. */
  invalid(endpoint: string, reason: string, request?: unknown): UmfError;
};

export type RequesterOptions = {
  transport: Transport;
  tokens: TokenManager;
  keys: UmfKeys;
  verifyResponses: boolean;
  requireCiphertext: boolean;
  protocol: Pick<UmfProtocol, 'missingResponseSignature' | 'memberSpelling' | 'riskAddress'>;
  newRequestId: () => string;
};

export function createRequester(options: RequesterOptions): Requester {
  async function authorised(spec: CallSpec): Promise<RawResponse> {
    const auth = await options.tokens.authorization();
    const response = await options.transport.send(spec, auth);
    if (!isTokenRejection(response)) return response;
    const renewed = await options.tokens.refresh(auth);
    return options.transport.send(spec, renewed);
  }
  const envelopeOptions = {
    keys: options.keys,
    verify: options.verifyResponses,
    missingSignature: options.protocol.missingResponseSignature,
  };

  return {
    async json(spec, parse) {
      const response = await authorised(spec);
      const envelope = readEnvelope(spec, response, envelopeOptions);
      return { info: envelope.info, result: guard(spec, response, () => parse(envelope.body)) };
    },
    async text(spec) {
      const response = await authorised(spec);
      const ok = response.status >= 200 && response.status < 300;
      const json = responseJson(response);
      // An error (or an enveloped answer) comes as UMF JSON: let the envelope reader judge it.
      if (!ok || (isRecord(json) && isRecord(json.meta)))
        readEnvelope(spec, response, envelopeOptions);
      return { text: response.text, requestId: response.requestId, httpStatus: response.status };
    },
    body(endpoint, value) {
      const { body, problem } = toWire(value, {
        keys: options.keys,
        requireCiphertext: options.requireCiphertext,
        spelling: options.protocol.memberSpelling,
        riskAddress: options.protocol.riskAddress,
      });
      if (problem === undefined) return body;
      throw this.invalid(endpoint, problem, value);
    },
    invalid(endpoint, reason, request) {
      return umfErrorFrom({
        code: 'INVALID_REQUEST',
        endpoint,
        requestId: options.newRequestId(),
        reason,
        request,
      });
    },
  };
}

/** A GET of `path`: it changes nothing at UMF, so it is retried. `endpoint` is its path template. */
export function getCall(endpoint: string, path: string): CallSpec {
  return { method: 'GET', endpoint: `GET ${endpoint}`, path, retry: true };
}

/**
 * A read of one result member: the returned function GETs a path of `endpoint` and answers the
 * member `parse` finds under `key`, beside the response info.
 */
export function lookup<K extends string, T>(
  requester: Requester,
  endpoint: string,
  parse: (body: Record<string, unknown>) => T,
  key: K,
): (path: string) => Promise<UmfResponseInfo & { [P in K]: T }> {
  return async (path) => {
    const { info, result } = await requester.json(getCall(endpoint, path), parse);
    return { ...info, [key]: result } as UmfResponseInfo & { [P in K]: T };
  };
}

/** Path segment and query helpers shared by the resources. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

export function withQuery(
  path: string,
  query: Record<string, string | number | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
