// A closed-loop HTTP load generator over keep-alive sockets: `connections` workers, each sending
// the next request when the last answer ended, for a fixed time. Latencies per request, the
// socket's first request flagged (connection set-up shows there), errors counted, not thrown.
import type { Agent } from 'node:http';
import { performance } from 'node:perf_hooks';
import { exchange, keepAliveAgent } from './exchange.ts';

/** One POST the bench sends: where to, its body and its headers. */
export type PostRequest = { url: string; body: string; headers: Record<string, string> };

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

let socketIds = 0;

function once(agent: Agent, options: LoadOptions) {
  const began = performance.now();
  let connectMs: number | undefined;
  let fresh = false;
  let socket = 0;
  return exchange(options.url, {
    method: 'POST',
    headers: options.headers,
    body: options.body,
    agent,
    watch: (req) =>
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
      }),
  }).then((answer) => ({
    status: answer.status,
    body: answer.bytes.toString('utf8'),
    fresh,
    socket,
    connectMs,
  }));
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = keepAliveAgent(options.connections);
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
        const answer = await once(agent, options);
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
