// Shared set-up of the notify tests: a fetch-style handler served by node:http on port 0,
// a recording logger, and a merchant webhook receiver that verifies signatures.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Logger } from '../../../common/logger.ts';
import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../../common/webhook-signature.ts';
import type { WebhookEvent } from '../../../server/domain/types.ts';

export { waitFor } from '../../support/wait.ts';

export type Served = { url: string; close(): Promise<void> };

async function listen(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  path = '/',
): Promise<Served> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Serves `handler` (Request → Response) over real HTTP, as the BFF's app will. */
export function serveHandler(handler: (request: Request) => Promise<Response>): Promise<Served> {
  return listen(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      for (const one of [value ?? []].flat()) headers.append(name, one);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const init = {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: 'half',
    } as RequestInit;
    const response = await handler(new Request(`http://127.0.0.1${req.url}`, init));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  }, '/umf/notify');
}

export type LogLine = { level: string; msg: string; fields: Record<string, unknown> };

export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg: string): void => {
      lines.push({ level, msg, fields });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export type Delivery = {
  eventId: string | null;
  signature: string | null;
  raw: string;
  verified: boolean;
  body: { id: string; type: string; created: string; data: Record<string, unknown> };
};

/**
 * The outbox's own record as the body, for tests of delivery itself (the BFF renders bodies
 * through its schema: test/server/bff/events.test.ts).
 */
export async function storedBody(event: WebhookEvent) {
  const payload = event.payload as { data?: unknown } | null;
  return {
    id: event.id,
    type: event.type,
    created: event.createdAt.toISOString(),
    data: payload?.data ?? null,
  };
}

/**
 * A merchant's webhook endpoint: checks each delivery with verifyWebhookSignature, then
 * answers the next scripted status (200 once the script is used up).
 */
export async function startReceiver(
  secret: string,
  options: { statuses?: number[]; delayMs?: () => number } = {},
) {
  const deliveries: Delivery[] = [];
  const statuses = [...(options.statuses ?? [])];
  const served = await listen(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const signature = req.headers[SIGNATURE_HEADER.toLowerCase()];
    const header = typeof signature === 'string' ? signature : null;
    const eventId = req.headers['umf-checkout-event-id'];
    deliveries.push({
      eventId: typeof eventId === 'string' ? eventId : null,
      signature: header,
      raw,
      verified: verifyWebhookSignature(raw, header, secret),
      body: JSON.parse(raw),
    });
    const delay = options.delayMs?.() ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    res.writeHead(statuses.shift() ?? 200).end('ok');
  }, '/hooks/umf-checkout');
  return { ...served, deliveries };
}
