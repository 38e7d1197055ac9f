// A closed-loop HTTP load generator over keep-alive sockets: `connections` workers, each sending
// the next request when the last answer ended, for a fixed time. Latencies per request, the
// socket's first request flagged (connection set-up shows there), errors counted, not thrown.
import { Agent, type IncomingMessage, type RequestOptions, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One POST the bench sends: where to, its body and its headers. */
export type PostRequest = { url: string; body: string; headers: Record<string, string> };
type Headers = Record<string, string | number>;

export type LoadOptions = PostRequest & {
  connections: number;
  durationMs: number;
  /** Requests sent before the clock starts (each connection opens and warms up). */
  warmupMs?: number;
  /** Stop once this many answers came (all of them measured, no warm-up). */
  limit?: number;
};

/** `connectMs`: on a new connection, the time until TCP connected (SYN → SYN-ACK → ACK). */
export type Sample = {
  start: number;
  ms: number;
  fresh: boolean;
  socket: number;
  connectMs?: number;
};

export type LoadResult = {
  requests: number;
  /** Answers during warm-up and measurement. */
  total: number;
  errors: number;
  seconds: number;
  rps: number;
  samples: Sample[];
  /** A response body seen (to compare the bytes of two servers). */
  lastBody: string;
  lastStatus: number;
};

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

/**
 * A URL as node:http request options, its origin parsed once per origin: node:http would parse
 * the whole URL string on every request, which is the load generator's CPU, not the servers'.
 */
const origins = new Map<string, { hostname: string; port: string }>();
export function target(url: string): RequestOptions {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  const origin = slash < 0 ? url : url.slice(0, slash);
  let known = origins.get(origin);
  if (!known) {
    const parsed = new URL(origin);
    if (parsed.protocol !== 'http:') throw new TypeError(`the bench speaks http only: ${url}`);
    known = { hostname: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port: parsed.port || '80' };
    origins.set(origin, known);
  }
  return { ...known, path: slash < 0 ? '/' : url.slice(slash) };
}

/** A response read to its end: the status, the body as text, the headers. */
export function answerOf(res: IncomingMessage) {
  return new Promise<{ status: number; text: string; headers: IncomingMessage['headers'] }>(
    (resolve, reject) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
      res.on('error', reject);
    },
  );
}

let socketIds = 0;

function once(agent: Agent, options: LoadOptions, destination: RequestOptions, headers: Headers) {
  return new Promise<{
    status: number;
    body: string;
    fresh: boolean;
    socket: number;
    connectMs?: number;
  }>((resolve, reject) => {
    const began = performance.now();
    let connectMs: number | undefined;
    let fresh = false;
    let socket = 0;
    const req = request(
      {
        ...destination,
        method: 'POST',
        agent,
        headers,
      },
      (res) =>
        answerOf(res).then(
          (answer) =>
            resolve({ status: answer.status, body: answer.text, fresh, socket, connectMs }),
          reject,
        ),
    );
    req.on('socket', (s) => {
      const tagged = s as typeof s & { benchId?: number };
      if (tagged.benchId === undefined) {
        tagged.benchId = ++socketIds;
        fresh = true;
        s.once('connect', () => {
          connectMs = performance.now() - began;
        });
      }
      socket = tagged.benchId;
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = keepAliveAgent(options.connections);
  // One request, sent again and again: where it goes and its headers are made once.
  const destination = target(options.url);
  const headers = { ...options.headers, 'content-length': Buffer.byteLength(options.body) };
  let measuring = false;
  let stop = false;
  let errors = 0;
  let lastBody = '';
  let lastStatus = 0;
  let total = 0;
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const samples: Sample[] = [];
  const worker = async () => {
    while (!stop) {
      const start = performance.now();
      try {
        const answer = await once(agent, options, destination, headers);
        const ms = performance.now() - start;
        total += 1;
        if (options.limit !== undefined && total >= options.limit) finish();
        if (answer.status !== 200) errors += 1;
        lastBody = answer.body;
        lastStatus = answer.status;
        if (measuring)
          samples.push({
            start,
            ms,
            fresh: answer.fresh,
            socket: answer.socket,
            connectMs: answer.connectMs,
          });
      } catch {
        if (measuring) errors += 1;
      }
    }
  };
  const workers = Array.from({ length: options.connections }, worker);
  if (options.limit === undefined)
    await new Promise((resolve) => setTimeout(resolve, options.warmupMs ?? 0));
  measuring = true;
  const began = performance.now();
  if (options.limit === undefined)
    await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  else await finished;
  measuring = false;
  const seconds = (performance.now() - began) / 1000;
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  return {
    requests: samples.length,
    total,
    errors,
    seconds,
    rps: samples.length / seconds,
    samples,
    lastBody,
    lastStatus,
  };
}
