// Node side of the browser tests: the real BFF (in-process UMF sandbox, SQLite in a temp
// folder) started by web-test-runner, plus a recording proxy in front of it. The proxy is on
// its own port, so the test page still talks to it cross-origin (real CORS and CSRF checks),
// and it keeps every request body that reaches the BFF, per recording, for the "no card
// number on the wire" assertions.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { LocalStack } from '../../../../server/local-stack.ts';
import type { Sandbox } from '../../../../server/sandbox/types.ts';
import { startBff } from '../../../support/bff.ts';

export { MERCHANT_KEY } from '../../../support/graphql.ts';

/** One request that reached the BFF through the recording proxy. */
export type RecordedRequest = {
  recording: string;
  method: string;
  /** Path as the BFF saw it (the /r/<recording> prefix removed). */
  path: string;
  headers: Record<string, string>;
  body: string;
  at: string;
};

export type TestBff = {
  /** The BFF itself, e.g. http://127.0.0.1:40123 (no trailing slash). */
  bffUrl: string;
  /** The recording proxy's origin; `${proxyUrl}/r/<recording>/graphql` reaches /graphql. */
  proxyUrl: string;
  server: LocalStack;
  control: Sandbox['control'];
  /** UMF's private key as the sandbox holds it: decrypts what the widget encrypted. */
  umfPrivateKey: KeyObject;
  requests(recording?: string): RecordedRequest[];
  /** While offline, the proxy drops every connection of this recording (a lost network). */
  setOffline(recording: string, offline: boolean): void;
  /** Holds the answers to this recording's next POSTs back: the n-th waits `delays[n]` ms. */
  delayAnswers(recording: string, delays: number[]): void;
  close(): Promise<void>;
};

/**
 * Starts the BFF and the recording proxy. `origins`: the test pages' origins (CORS allowlist);
 * NODE_ENV stays "test", so the production rules (no "*" origin, trusted documents only) hold.
 */
export async function startTestBff(origins: readonly string[]): Promise<TestBff> {
  const bff = await startBff({ origins, sandbox: { executeDelayMs: 50, notifyRetryBaseMs: 20 } });
  const server = bff.server;
  // The sandbox writes its keys to <DATA_DIR>/sandbox on first start (server/sandbox/keys.ts).
  const umfPrivateKey = createPrivateKey(
    readFileSync(join(bff.dataDir, 'sandbox', 'umf-private-key.pem'), 'utf8'),
  );
  const recorded: RecordedRequest[] = [];
  const offline = new Set<string>();
  const delays = new Map<string, number[]>();
  const proxy = createServer((req, res) =>
    forward(req, res, server.port, recorded, offline, delays),
  );
  const proxyPort = await listen(proxy);
  return {
    bffUrl: bff.url,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    server,
    control: bff.control,
    umfPrivateKey,
    requests: (recording) =>
      recording === undefined ? [...recorded] : recorded.filter((r) => r.recording === recording),
    setOffline(recording, on) {
      if (on) offline.add(recording);
      else offline.delete(recording);
    },
    delayAnswers(recording, next) {
      delays.set(recording, [...(delays.get(recording) ?? []), ...next]);
    },
    async close() {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await bff.close();
    },
  };
}

const RECORDING_PATH = /^\/r\/([A-Za-z0-9_-]{1,64})(\/.*)$/;
const sources = new Map<string, string>();

/**
 * Every recording gets its own loopback source address: the BFF limits SMS codes per client IP
 * (30 per 10 minutes), which a whole suite of flow tests from one address would exceed.
 */
function sourceAddress(recording: string): string {
  let address = sources.get(recording);
  if (address === undefined) {
    const n = sources.size;
    address = `127.1.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
    sources.set(recording, address);
  }
  return address;
}

function forward(
  req: IncomingMessage,
  res: ServerResponse,
  bffPort: number,
  recorded: RecordedRequest[],
  offline: ReadonlySet<string>,
  delays: Map<string, number[]>,
) {
  const match = RECORDING_PATH.exec(req.url ?? '/');
  const recording = match?.[1] ?? 'default';
  if (offline.has(recording)) {
    req.socket.destroy();
    return;
  }
  const delay = req.method === 'POST' ? (delays.get(recording)?.shift() ?? 0) : 0;
  const path = match?.[2] ?? req.url ?? '/';
  const chunks: Buffer[] = [];
  const upstream = httpRequest(
    {
      host: '127.0.0.1',
      port: bffPort,
      localAddress: sourceAddress(recording),
      method: req.method,
      path,
      headers: req.headers,
    },
    (reply) => {
      const answer = () => {
        if (res.destroyed) return void reply.destroy();
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      };
      if (delay) setTimeout(answer, delay);
      else answer();
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end();
  });
  // Ends SSE subscriptions upstream when the page goes away.
  res.on('close', () => upstream.destroy());
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    recorded.push({
      recording,
      method: req.method ?? 'GET',
      path,
      headers: Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
      ),
      body: Buffer.concat(chunks).toString('utf8'),
      at: new Date().toISOString(),
    });
  });
  req.pipe(upstream);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
