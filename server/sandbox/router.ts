// The UMF API front door: faults, token, request signature, handler, signed envelope, log.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { signBytes, verifyBytes } from '../umf/crypto.ts';
import { formatChinaTime } from './clock.ts';
import { API_BASE, type SandboxContext } from './context.ts';
import { badRequest, notFound, UmfRefusal } from './errors.ts';
import { sweepExpired } from './expiry.ts';
import type { ApiResult } from './handler.ts';
import { parseJsonObject, readBody, sendJsonText, sendText } from './http.ts';
import { endpointOf, matchRoute } from './routes.ts';
import { requireToken } from './tokens.ts';
import type { RequestLogEntry } from './types.ts';

const LOGGED_QUERY = new Set([
  'type',
  'currency',
  'mer_date',
  'settle_date',
  'page_number',
  'page_size',
]);

/** Path and query for the log: values of parameters not on the list are hidden. */
function loggedPath(url: URL): string {
  if (url.search === '') return url.pathname; // every POST: no query to walk
  const query = [...url.searchParams]
    .map(([key, value]) => `${key}=${LOGGED_QUERY.has(key) ? encodeURIComponent(value) : '…'}`)
    .join('&');
  return query ? `${url.pathname}?${query}` : url.pathname;
}

type Envelope = {
  status: number;
  retCode: string;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** meta right after this member instead of first (the token answer). */
  metaAfter?: string;
};

function envelope(result: ApiResult | UmfRefusal): Envelope | { text: string; type: string } {
  if (result instanceof UmfRefusal) {
    const meta = { ret_code: result.retCode, ret_msg: result.message };
    const headers =
      result.retryAfterSeconds === undefined
        ? undefined
        : { 'retry-after': String(result.retryAfterSeconds) };
    return {
      status: result.status,
      retCode: result.retCode,
      body: { meta, ...result.body },
      headers,
    };
  }
  if (result.kind === 'text') return { text: result.text, type: result.contentType };
  const meta = { ret_code: '0000', ret_msg: 'Success' };
  return {
    status: result.status ?? 200,
    retCode: '0000',
    body: { meta, ...result.body },
    metaAfter: result.metaAfter,
  };
}

function run(ctx: SandboxContext, req: IncomingMessage, url: URL, raw: Buffer): ApiResult {
  const path = url.pathname.slice(API_BASE.length);
  const match = matchRoute(req.method ?? 'GET', path);
  if (!match) throw notFound('00060700', `no UMF endpoint ${req.method} ${path}`);
  sweepExpired(ctx);
  const isToken = match.route.endpoint === 'token';
  if (!isToken) requireToken(ctx, req.headers);
  if (req.method === 'POST' && !isToken && ctx.settings.verifySignatures) {
    const signature = req.headers.signature;
    if (typeof signature !== 'string' || !verifyBytes(raw, signature, ctx.keys.merchantPublicKey))
      throw badRequest('00060710', 'merchant signature invalid');
  }
  const form = String(req.headers['content-type']).includes('application/x-www-form-urlencoded');
  const body = form
    ? Object.fromEntries(new URLSearchParams(raw.toString('utf8')))
    : parseJsonObject(raw);
  if (body === undefined) throw badRequest('00060700', 'the body is not a JSON object');
  return match.route.handler(ctx, {
    method: req.method ?? 'GET',
    url,
    params: match.params,
    body,
    form,
    raw,
  });
}

function attempt(ctx: SandboxContext, req: IncomingMessage, url: URL, raw: Buffer) {
  try {
    return envelope(run(ctx, req, url, raw));
  } catch (error) {
    if (error instanceof UmfRefusal) return envelope(error);
    ctx.settings.log(`sandbox error: ${error instanceof Error ? error.message : String(error)}`);
    return envelope(new UmfRefusal(500, '00060999', 'system error'));
  }
}

function logEntry(ctx: SandboxContext, req: IncomingMessage, url: URL): RequestLogEntry {
  const entry: RequestLogEntry = {
    at: formatChinaTime(ctx.clock.now()),
    method: req.method ?? 'GET',
    path: loggedPath(url),
    endpoint: endpointOf(url.pathname.slice(API_BASE.length)),
    status: 0,
    retCode: null,
  };
  ctx.state.requests.push(entry);
  return entry;
}

function logLine(entry: RequestLogEntry): string {
  const fault = entry.fault ? ` fault=${entry.fault}` : '';
  return `${entry.method} ${entry.path} ${entry.status} ${entry.retCode ?? ''}${fault}`;
}

type Reply = ReturnType<typeof envelope>;

/**
 * The answer's text: `meta` (with `sign`, the signature over the body without `meta`, compact,
 * keys as sent) first, or right after member `after`. The signed text is the answer's own
 * bytes after `meta`, so the body is serialised once.
 */
function answerText(
  body: Record<string, unknown>,
  sign: (payload: Buffer) => string | undefined,
  after: string | undefined,
): string {
  const { meta = {}, ...rest } = body;
  const payload = JSON.stringify(rest);
  const signature = sign(Buffer.from(payload, 'utf8'));
  const signedMeta = signature === undefined ? meta : { ...(meta as object), sign: signature };
  if (after !== undefined) return JSON.stringify(placeMeta(signedMeta, rest, after));
  const metaText = `{"meta":${JSON.stringify(signedMeta)}`;
  return payload === '{}' ? `${metaText}}` : `${metaText},${payload.slice(1)}`;
}

function send(
  ctx: SandboxContext,
  res: ServerResponse,
  reply: Reply,
  entry: RequestLogEntry,
  badSignature: boolean,
) {
  if ('text' in reply) {
    entry.status = 200;
    entry.retCode = '0000';
    sendText(res, 200, reply.type, reply.text);
    return;
  }
  const key = ctx.keys.umfPrivateKey;
  const sign = (payload: Buffer) => {
    if (badSignature) {
      entry.fault = 'bad-signature';
      return signBytes(Buffer.from('not the body'), key);
    }
    // Some real answers carry no meta.sign: this strict mode sends every answer unsigned, so a
    // client set to accept them is proven to, and one set to refuse them fails clearly.
    if (ctx.settings.strict.missingResponseSignature === 'accept') return undefined;
    return signBytes(payload, key);
  };
  entry.status = reply.status;
  entry.retCode = reply.retCode;
  sendJsonText(res, reply.status, answerText(reply.body, sign, reply.metaAfter), reply.headers);
}

/** The answer with `meta` right after member `after` (last when there is no such member). */
function placeMeta(meta: unknown, rest: Record<string, unknown>, after: string) {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    out[key] = value;
    if (key === after) out.meta = meta;
  }
  if (!('meta' in out)) out.meta = meta;
  return out;
}

export async function handleApi(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', ctx.origin());
  const entry = logEntry(ctx, req, url);
  const raw = await readBody(req);
  const draw = entry.endpoint === 'unknown' ? undefined : ctx.faults.draw(entry.endpoint);
  if (draw?.latencyMs) await ctx.scheduler.sleep(draw.latencyMs);
  // A reset fault destroys the socket without an answer, before or after the state change.
  const cut = (fault: string) => {
    entry.fault = fault;
    req.socket.destroy();
  };
  if (draw?.reset === 'before') cut('reset-before');
  else {
    const reply = draw?.error
      ? envelope(new UmfRefusal(500, '00060999', 'system busy'))
      : attempt(ctx, req, url, raw);
    // What the request changed is on disk (with a data folder) before the answer reports it.
    ctx.persist.flush();
    if (draw?.reset === 'after') cut('reset-after');
    else send(ctx, res, reply, entry, draw?.badSignature ?? false);
  }
  ctx.settings.log(logLine(entry));
}
