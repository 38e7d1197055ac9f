// The chaos suite's HTTP side: GraphQL over node:http from a chosen local address (each
// customer has its own IP, as real customers do, so per-address limits apply per customer),
// to whichever BFF instance the seeded "load balancer" picks. Every answer is counted: 5xx
// statuses and masked errors are what the run reports; refused or cut connections (an
// instance restarting) are retried as a browser or a merchant backend would.
import { request } from 'node:http';
import type { Random } from '../../server/sandbox/random.ts';
import { documentHash, OPERATIONS, type OperationName } from '../../widget/api/client.ts';

export type Json = Record<string, unknown>;

export type Tally = {
  requests: number;
  /** HTTP 5xx answers of the BFF, by operation. */
  serverErrors: Map<string, number>;
  /** GraphQL errors masked as "Unexpected error." (or other untyped errors), by operation. */
  unexpected: Map<string, number>;
  /** Connections refused or cut (instance down), retried. */
  transport: number;
  /** A sample of what went wrong, for the report. */
  samples: string[];
};

export function createTally(): Tally {
  return { requests: 0, serverErrors: new Map(), unexpected: new Map(), transport: 0, samples: [] };
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

export type Endpoints = {
  /** Base URLs of the instances that should be up now (the balancer's pool). */
  urls(): string[];
};

export type CallOptions = {
  operation: string;
  headers: Record<string, string>;
  body: Json;
  /** Local address to send from (customer IP). */
  from?: string;
  /** Re-send after a refused/cut connection or a 5xx; false: the caller decides. */
  retry?: boolean;
};

/** What the caller learns: the GraphQL answer, or that no answer came. */
export type CallResult =
  | { ok: true; status: number; data: Json | undefined; errors: { message: string }[] | undefined }
  | { ok: false; reason: string };

export type StreamOptions = {
  body: Json;
  from?: string;
  /** Each `data:` payload's `data` member, as it arrives. */
  onData: (data: Json) => void;
  signal: AbortSignal;
};

export type GraphqlClient = {
  call(options: CallOptions): Promise<CallResult>;
  /** One subscription over SSE (as the widget reads it); resolves when the stream ends. */
  stream(options: StreamOptions): Promise<void>;
};

function post(url: string, body: string, headers: Record<string, string>, from?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      `${url}/graphql`,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        ...(from ? { localAddress: from } : {}),
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sse(url: string, options: StreamOptions): Promise<void> {
  const body = JSON.stringify(options.body);
  return new Promise<void>((resolve) => {
    const req = request(
      `${url}/graphql`,
      {
        method: 'POST',
        headers: {
          ...WIDGET_HEADERS,
          accept: 'text/event-stream',
          'content-length': Buffer.byteLength(body),
        },
        ...(options.from ? { localAddress: options.from } : {}),
        signal: options.signal,
      },
      (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const end = buffer.lastIndexOf('\n');
          for (const match of buffer.slice(0, end + 1).matchAll(/^data: (.+)$/gm)) {
            const data = (JSON.parse(match[1]) as { data?: Json }).data;
            if (data) options.onData(data);
          }
          buffer = buffer.slice(end + 1);
        });
        res.on('end', () => resolve());
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve());
    req.end(body);
  });
}

export function createClient(endpoints: Endpoints, random: Random, tally: Tally): GraphqlClient {
  const sample = (line: string) => {
    if (tally.samples.length < 40) tally.samples.push(line);
  };
  async function once(options: CallOptions): Promise<CallResult> {
    const urls = endpoints.urls();
    if (urls.length === 0) return { ok: false, reason: 'no instance up' };
    const url = urls[Math.floor(random.next() * urls.length)];
    tally.requests += 1;
    let answer: { status: number; text: string };
    try {
      answer = await post(url, JSON.stringify(options.body), options.headers, options.from);
    } catch (error) {
      tally.transport += 1;
      return { ok: false, reason: (error as NodeJS.ErrnoException).code ?? String(error) };
    }
    if (answer.status >= 500) {
      bump(tally.serverErrors, options.operation);
      sample(`${options.operation}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      return { ok: false, reason: `HTTP ${answer.status}` };
    }
    let parsed: { data?: Json; errors?: { message: string }[] };
    try {
      parsed = JSON.parse(answer.text) as typeof parsed;
    } catch {
      return { ok: false, reason: `HTTP ${answer.status}: not JSON` };
    }
    if (parsed.errors?.length) {
      bump(tally.unexpected, options.operation);
      sample(`${options.operation}: ${JSON.stringify(parsed.errors).slice(0, 300)}`);
    }
    return { ok: true, status: answer.status, data: parsed.data, errors: parsed.errors };
  }
  return {
    async stream(options) {
      const urls = endpoints.urls();
      if (urls.length === 0) return sleep(300).then(() => undefined);
      tally.requests += 1;
      await sse(urls[Math.floor(random.next() * urls.length)], options);
    },
    async call(options) {
      const tries = options.retry === false ? 1 : 60;
      let last: CallResult = { ok: false, reason: 'not sent' };
      for (let n = 0; n < tries; n += 1) {
        last = await once(options);
        if (last.ok) return last;
        await sleep(150 + Math.floor(random.next() * 150));
      }
      return last;
    },
  };
}

const hashes = new Map<OperationName, string>();

/** The widget's request: a trusted document by hash, no merchant key. */
export async function widgetBody(name: OperationName, variables: Json): Promise<Json> {
  let hash = hashes.get(name);
  if (!hash) {
    hash = await documentHash(OPERATIONS[name]);
    hashes.set(name, hash);
  }
  return {
    operationName: name,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  };
}

export const WIDGET_HEADERS = {
  'content-type': 'application/json',
  'x-umf-client': 'widget',
  'accept-language': 'zh-CN',
};

export function merchantHeaders(key: string, idempotencyKey?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-umf-client': 'merchant-chaos',
    authorization: `Bearer ${key}`,
    ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
  };
}
