// The bench's one HTTP exchange, over node:http (the load generator shares the cores with the
// servers it measures, and node:http costs it less than fetch): a request out, the whole answer
// back as bytes. Every caller of the bench goes through it: the load runs, the customers' and
// the merchant's calls, the SMS inbox, the bundle reads.
import { Agent, type ClientRequest, type IncomingHttpHeaders, request } from 'node:http';
import { targets } from '../../server/umf/exchange.ts';

/**
 * A keep-alive agent that lets an idle connection go before the server closes it. node:http
 * servers announce `Keep-Alive: timeout=5` and close an idle connection after 6 s (their
 * keepAliveTimeout plus a second); Node 20's agent follows that hint (closing at 4 s) only when
 * it has a `timeout` of its own. Without one it keeps idle connections for ever and now and
 * then sends a request on one just as the server closes it: ECONNRESET (README "Keep-alive").
 * The timeout is an idle time: a free connection is closed, a request in flight is not.
 */
export function keepAliveAgent(maxSockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets, timeout: 60_000 });
}

/** The bench's own agent for calls that bring none (the merchant's, the SMS inbox, assets). */
const sharedAgent = keepAliveAgent(64);

/** Where a URL goes, its origin parsed once (node:http would parse each URL string whole). */
const target = targets();

export type BenchRequest = {
  method?: 'GET' | 'POST';
  headers?: Record<string, string | number>;
  /** Sent with its content-length. */
  body?: string;
  agent?: Agent;
  /** The source address (a customer's own). */
  localAddress?: string;
  /** Sees the request before it goes out (its socket, its error). */
  watch?: (req: ClientRequest) => void;
};

export type BenchAnswer = { status: number; headers: IncomingHttpHeaders; bytes: Buffer };

/** One request to `url` (http only) and its answer read to the end. */
export function exchange(url: string, options: BenchRequest = {}): Promise<BenchAnswer> {
  const { secure, hostname, port, path } = target(url);
  if (secure) throw new TypeError(`the bench speaks http only: ${url}`);
  const { body, headers = {}, agent = sharedAgent, localAddress, watch } = options;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        agent,
        ...(localAddress ? { localAddress } : {}),
        headers:
          body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    watch?.(req);
    req.on('error', reject);
    req.end(body);
  });
}
