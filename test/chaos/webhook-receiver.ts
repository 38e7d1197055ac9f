// The merchant's webhook endpoint for a chaos run: checks each delivery's HMAC (its own check,
// written from the documented scheme rather than the BFF's helper, so a bug there shows),
// keeps one copy per event id, and answers 200.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedEvent = {
  id: string;
  type: string;
  data: {
    checkout?: { id: string; status: string; version: number };
    refund?: {
      id: string;
      checkoutId: string;
      status: string;
      amount: string;
      umfRefundId?: string | null;
    };
    attempt?: { id: string; status: string; umfPaymentId?: string | null };
  };
};

export type WebhookReceiver = {
  url: string;
  /** Verified events, one per id, in arrival order. */
  events: ReceivedEvent[];
  deliveries: number;
  badSignatures: number;
  close(): Promise<void>;
};

export function signatureValid(body: Buffer, header: string, secret: string): boolean {
  const parts = new Map(
    header.split(',').map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const timestamp = parts.get('t');
  const given = parts.get('v1');
  if (!timestamp || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.deliveries += 1;
      const body = Buffer.concat(chunks);
      const header = String(req.headers['umf-checkout-signature'] ?? '');
      if (!signatureValid(body, header, secret)) {
        receiver.badSignatures += 1;
        res.writeHead(400).end();
        return;
      }
      const event = JSON.parse(body.toString('utf8')) as ReceivedEvent;
      if (!seen.has(event.id)) {
        seen.add(event.id);
        receiver.events.push(event);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/webhooks`,
    events: [],
    deliveries: 0,
    badSignatures: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}
