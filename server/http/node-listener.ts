// node:http ⇄ fetch: turns an IncomingMessage into one Request, its body read from the socket
// up to the body limit first (body-limit.ts records it, so nothing reads it twice), and writes
// the Response back: a whole answer in one write, a live stream (SSE) chunk by chunk with
// backpressure. Only a live stream's Request gets an AbortSignal: aborted when the client goes
// away, which ends its subscription.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bufferedBody, DEFAULT_BODY_LIMIT } from './body-limit.ts';

export type ClientInfo = { ip: string };
export type FetchHandler = (request: Request, client: ClientInfo) => Promise<Response>;
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

export type ListenerOptions = {
  /** Largest request body read (default 64 KiB); a larger one is left unread, and marked. */
  bodyLimit?: number;
  /**
   * The Request class for everything but a live stream (default: Node's). app.ts passes
   * Yoga's, which reads the Node headers object as it is and a buffered body without a web
   * stream: Node's builds a Headers copy, a ReadableStream (made transferable) and an
   * AbortSignal for every request.
   */
  Request?: typeof Request;
  /**
   * Awaited before an answer's head and before each chunk of a live stream is written: the
   * store's `durable()`, so that nothing a client is told can be lost from the disk after.
   */
  beforeWrite?: () => Promise<void> | undefined;
};

export function toNodeListener(
  handle: FetchHandler,
  onError: (e: unknown) => void,
  options: ListenerOptions = {},
): NodeListener {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const RequestClass = options.Request ?? Request;
  const beforeWrite = options.beforeWrite ?? (() => undefined);
  return (req, res) => {
    serve(handle, req, res, limit, RequestClass, beforeWrite).catch((error: unknown) => {
      onError(error);
      // Nothing written yet: a 500 with a body (writeHead itself marks the head as sent).
      if (res.headersSent) res.end();
      else
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end('{"error":"internal error"}');
    });
  };
}

/** Answers that stay open and are written as they come (SSE, incremental delivery). */
function isStream(contentType: string | null | undefined): boolean {
  return (
    contentType != null &&
    (contentType.includes('text/event-stream') || contentType.includes('multipart/mixed'))
  );
}

async function toRequest(
  req: IncomingMessage,
  limit: number,
  signal: AbortSignal | undefined,
  RequestClass: typeof Request,
): Promise<Request> {
  // The Host header is client-controlled; the URL only needs the path and query.
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!signal) {
    // Node has checked the header names and values already.
    const init = { method: req.method, headers: req.headers as Record<string, string> };
    if (req.method === 'GET' || req.method === 'HEAD') return new RequestClass(url, init);
    const body = await readNodeBody(req, limit);
    const withBody = body !== undefined && body.byteLength > 0 ? { ...init, body } : init;
    return bufferedBody(new RequestClass(url, withBody), body);
  }
  const headers = new Headers();
  for (const name in req.headers) {
    const value = req.headers[name];
    if (name.startsWith(':') || value === undefined) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  const init: RequestInit = { method: req.method, headers, signal };
  if (req.method === 'GET' || req.method === 'HEAD') return new Request(url, init);
  const body = await readNodeBody(req, limit);
  if (body !== undefined && body.byteLength > 0) init.body = body;
  return bufferedBody(new Request(url, init), body);
}

/** The body's bytes, or undefined once it is larger than `limit` (declared or actually sent). */
function readNodeBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer<ArrayBuffer> | undefined> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > limit))
    return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer<ArrayBuffer>[] = [];
    let size = 0;
    const onData = (chunk: Buffer<ArrayBuffer>) => {
      size += chunk.byteLength;
      if (size > limit) {
        // Stop keeping it; node discards the rest once the answer is sent.
        cleanup();
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer<ArrayBuffer>) : Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

async function serve(
  handle: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  RequestClass: typeof Request,
  beforeWrite: () => Promise<void> | undefined,
) {
  // A live stream ends when the client goes away; any other answer is written whole, and
  // aborting it on close would only cost an exception object per request.
  const controller = isStream(req.headers.accept) ? new AbortController() : undefined;
  if (controller) res.once('close', () => controller.abort());
  const request = await toRequest(req, limit, controller?.signal, RequestClass);
  const response = await handle(request, { ip: req.socket.remoteAddress ?? 'unknown' });
  const headers: Record<string, string | string[]> = {};
  // By name, lower-cased: Yoga's Headers may list one header under two spellings.
  response.headers.forEach((_value, name) => {
    const lower = name.toLowerCase();
    if (lower !== 'set-cookie') headers[lower] = response.headers.get(name) ?? '';
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const flushing = beforeWrite();
  if (flushing) await flushing;
  if (req.method === 'HEAD' || hasNoBody(response)) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  if (!isStream(response.headers.get('content-type'))) {
    // Headers and body in one write.
    const bytes = await response.arrayBuffer();
    // Yoga's Response answers a Buffer already; Node's an ArrayBuffer (viewed, not copied).
    const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
    if (headers['content-length'] === undefined && headers['transfer-encoding'] === undefined)
      headers['content-length'] = String(body.byteLength);
    res.writeHead(response.status, headers);
    res.end(body);
    return;
  }
  const stream = response.body;
  res.writeHead(response.status, headers);
  res.flushHeaders();
  if (stream === null) {
    res.end();
    return;
  }
  const reader = stream.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  if (controller) controller.signal.addEventListener('abort', cancel);
  else res.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      const flushingChunk = beforeWrite();
      if (flushingChunk) {
        await flushingChunk;
        // Gone while the flush ran: a write now would wait for a drain that never comes.
        if (res.destroyed) break;
      }
      if (!res.write(value)) await drained(res);
    }
  } finally {
    res.end();
  }
}

/**
 * Whether the answer has no body, asked without making one: Yoga's own Response (yoga.ts
 * answers JSON with it) builds a stream of its text the first time `body` is read, and it
 * keeps what it was made with as `bodyInit`.
 */
function hasNoBody(response: Response): boolean {
  if ('bodyInit' in response) return (response as { bodyInit?: unknown }).bodyInit == null;
  return response.body === null;
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
