// Reads UMF's response envelope (docs/umf-protocol.md §4): JSON, `meta.sign` checked, `meta.ret_code`
// turned into success or a UmfError, and the result member handed to a parse.ts guard.
import { type UmfKeys, verifyEnvelope } from './crypto.ts';
import { umfErrorFrom } from './errors.ts';
import type { CallSpec, RawResponse } from './http.ts';
import { isRecord, parseLinks, parseMeta, ShapeError } from './parse.ts';
import type { UmfProtocol } from './protocol.ts';
import type { UmfResponseInfo } from './types.ts';

export const SUCCESS = '0000';
export const TOKEN_INVALID = '00280703';

export type Envelope = { body: Record<string, unknown>; info: UmfResponseInfo };

export type EnvelopeOptions = {
  keys: UmfKeys;
  verify: boolean;
  /** An answer without meta.sign: taken (default) or refused. A wrong one is always refused. */
  missingSignature?: UmfProtocol['missingResponseSignature'];
};

/** JSON of a response body, or undefined when it is not JSON. */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An answer's body parsed once: the token check and the envelope read both look at it. */
const parsed = new WeakMap<RawResponse, { json: unknown }>();

/** JSON of an answer's text (parsed on first use), or undefined when it is not JSON. */
export function responseJson(response: RawResponse): unknown {
  let known = parsed.get(response);
  if (!known) {
    known = { json: jsonOf(response.text) };
    parsed.set(response, known);
  }
  return known.json;
}

/** True when UMF says the access token is bad: HTTP 401 or ret_code 00280703. */
export function isTokenRejection(response: RawResponse): boolean {
  if (response.status === 401) return true;
  const json = responseJson(response);
  return isRecord(json) && isRecord(json.meta) && json.meta.ret_code === TOKEN_INVALID;
}

export function readEnvelope(
  spec: CallSpec,
  response: RawResponse,
  options: EnvelopeOptions,
): Envelope {
  const ok = response.status >= 200 && response.status < 300;
  const base = {
    endpoint: spec.endpoint,
    requestId: response.requestId,
    httpStatus: response.status,
    request: spec.body,
  };
  const json = responseJson(response);
  if (!isRecord(json) || !isRecord(json.meta)) {
    throw umfErrorFrom({
      ...base,
      code: ok ? 'MALFORMED_RESPONSE' : 'HTTP_ERROR',
      reason: json === undefined ? 'the answer is not JSON' : 'the answer has no meta object',
    });
  }
  const meta = guard(spec, response, () => parseMeta(json.meta, 'meta'));
  const problem = options.verify ? signatureProblem(json, meta.sign, options) : null;
  if (problem !== null) {
    throw umfErrorFrom({
      ...base,
      code: 'SIGNATURE_INVALID',
      reason: `${problem}; unverified claim ret_code ${meta.ret_code}`,
    });
  }
  const retMsg = meta.ret_msg ?? '';
  const { meta: _meta, ...body } = json;
  if (meta.ret_code !== SUCCESS || !ok) {
    const code = meta.ret_code !== SUCCESS ? 'UMF_REFUSED' : 'HTTP_ERROR';
    throw umfErrorFrom({ ...base, code, retCode: meta.ret_code, retMsg, response: body });
  }
  const links = guard(spec, response, () => parseLinks(body.links, 'links'));
  return {
    body,
    info: {
      retCode: meta.ret_code,
      retMsg,
      links,
      requestId: response.requestId,
      httpStatus: response.status,
    },
  };
}

/** Why an answer is not trusted, or null: a wrong meta.sign always, a missing one by setting. */
function signatureProblem(
  json: Record<string, unknown>,
  sign: string | undefined,
  options: EnvelopeOptions,
): string | null {
  if (!sign) {
    if ((options.missingSignature ?? 'accept') === 'accept') return null;
    return 'meta.sign is missing (refused: missingResponseSignature is refuse)';
  }
  return verifyEnvelope(json, options.keys.umfPublicKey, options.keys.hash)
    ? null
    : 'meta.sign does not match';
}

/** Runs a parse.ts guard; a ShapeError becomes a MALFORMED_RESPONSE UmfError for this call. */
export function guard<T>(spec: CallSpec, response: RawResponse, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw umfErrorFrom({
      code: 'MALFORMED_RESPONSE',
      endpoint: spec.endpoint,
      requestId: response.requestId,
      httpStatus: response.status,
      reason: error.message,
      request: spec.body,
    });
  }
}
