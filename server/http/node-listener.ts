// node:http ⇄ fetch: turns an IncomingMessage into a Request (aborted when the client goes
// away, which ends SSE subscriptions), and streams the Response back with backpressure.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export type ClientInfo = { ip: string };
export type FetchHandler = (request: Request, client: ClientInfo) => Promise<Response>;
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

export function toNodeListener(handle: FetchHandler, onError: (e: unknown) => void): NodeListener {
  return (req, res) => {
    serve(handle, req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(res.headersSent ? undefined : '{"error":"internal error"}');
    });
  };
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  // The Host header is client-controlled; the URL only needs the path and query.
  const url = new URL(req.url ?? '/', 'http://localhost');
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

async function serve(handle: FetchHandler, req: IncomingMessage, res: ServerResponse) {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  const request = toRequest(req, controller.signal);
  const response = await handle(request, { ip: req.socket.remoteAddress ?? 'unknown' });
  const headers: Record<string, string | string[]> = {};
  // By name, lower-cased: Yoga's Headers may list one header under two spellings.
  response.headers.forEach((_value, name) => {
    const lower = name.toLowerCase();
    if (lower !== 'set-cookie') headers[lower] = response.headers.get(name) ?? '';
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (response.body === null || req.method === 'HEAD') {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  controller.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      if (!res.write(value)) await drained(res);
    }
  } finally {
    res.end();
  }
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
