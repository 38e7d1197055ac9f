// One HTTP exchange with UMF: these bytes out, the status, headers and text back, within a
// deadline. By default over node:http(s) with a keep-alive agent of the client's own (an
// exchange costs a fraction of what fetch's Request, Headers, Response and web streams cost);
// a `fetch` handed to the client (tests record or fault requests through one) is used instead.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What the transport reads of an answer's headers (a fetch `Headers` is one). */
export type HeaderReader = { get(name: string): string | null };

export type ExchangeRequest = {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
};

export type ExchangeAnswer = { status: number; headers: HeaderReader; text: string };

export type Exchange = (url: string, request: ExchangeRequest) => Promise<ExchangeAnswer>;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Through `fetch`: the deadline covers the answer's body too. */
export function fetchExchange(fetch: FetchLike): Exchange {
  return async (url, { method, headers, body, timeoutMs }) => {
    const response = await fetch(url, {
      method,
      headers,
      body: body ? new Uint8Array(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  };
}

/** The error of an exchange that outran its deadline (named as fetch names its own). */
function timeoutError(timeoutMs: number): Error {
  const error = new Error(`no answer within ${timeoutMs} ms`);
  error.name = 'TimeoutError';
  return error;
}

/** Node's lower-case header names, read case-insensitively like a fetch `Headers`. */
function headerReader(message: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = message.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/** UTF-8 text without a leading byte-order mark, as fetch's `text()` reads it. */
function utf8(bytes: Buffer): string {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return (bom ? bytes.subarray(3) : bytes).toString('utf8');
}

type Target = { secure: boolean; hostname: string; port: string; path: string };

/**
 * Where a URL goes, its origin parsed once (a client calls one base URL; node:http would parse
 * each URL string whole): the path and query are sent as they are written.
 */
export function targets(): (url: string) => Target {
  const origins = new Map<string, Omit<Target, 'path'>>();
  return (url) => {
    const slash = url.indexOf('/', url.indexOf('//') + 2);
    const origin = slash < 0 ? url : url.slice(0, slash);
    let known = origins.get(origin);
    if (!known) {
      const parsed = new URL(origin);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new TypeError(`not an http(s) URL: ${parsed.protocol}`);
      known = {
        secure: parsed.protocol === 'https:',
        // [::1] → ::1, as node:http takes an IPv6 host.
        hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: parsed.port || (parsed.protocol === 'https:' ? '443' : '80'),
      };
      if (origins.size < 64) origins.set(origin, known);
    }
    return { ...known, path: slash < 0 ? '/' : url.slice(slash) };
  };
}

/**
 * Over node:http(s). Idle connections are kept for the next call and closed after 4 s, or a
 * second before the server's own `Keep-Alive: timeout` if that is sooner, so that a request is
 * not written on a connection the server is closing. Nothing is ever re-sent here: a reset, a
 * cut answer or the deadline reject, and the caller decides (a money call is never repeated).
 */
export function nodeExchange(): Exchange {
  const options = { keepAlive: true, timeout: 4000, scheduling: 'lifo' as const };
  const agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  const target = targets();
  return (url, { method, headers, body, timeoutMs }) =>
    new Promise<ExchangeAnswer>((resolve, reject) => {
      const { secure, hostname, port, path } = target(url);
      const send = secure ? httpsRequest : httpRequest;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(error);
      };
      const req = send(
        {
          hostname,
          port,
          path,
          method,
          agent: secure ? agents.https : agents.http,
          headers: body ? { ...headers, 'Content-Length': String(body.length) } : headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('close', () => {
            if (!res.complete) fail(new Error('the answer was cut before its end'));
          });
          res.on('end', () => {
            if (settled || !res.complete) return;
            settled = true;
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              headers: headerReader(res),
              text: utf8(Buffer.concat(chunks)),
            });
          });
        },
      );
      timer = setTimeout(() => fail(timeoutError(timeoutMs)), timeoutMs);
      req.on('error', fail);
      req.end(body);
    });
}
