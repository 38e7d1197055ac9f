// A TCP relay between a PostgreSQL client and the server that counts the client's messages by
// their type byte (frontend protocol: 'P' Parse, 'B' Bind, 'D' Describe, 'E' Execute, 'S'
// Sync, 'Q' simple query…), for tests of what the store sends on the wire.
import { connect, createServer, type Socket } from 'node:net';

export type WireTap = {
  /** The PostgreSQL URL through the relay. */
  url: string;
  /** Messages the clients sent since the last reset, by type. */
  sent(): Record<string, number>;
  reset(): void;
  close(): Promise<void>;
};

export async function wireTap(serverUrl: string): Promise<WireTap> {
  const target = new URL(serverUrl);
  let counts: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const server = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(server);
    let pending = Buffer.alloc(0);
    let started = false; // the startup message has a length but no type byte
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const head = started ? 5 : 4;
        if (pending.length < head) break;
        const length = pending.readInt32BE(started ? 1 : 0) + (started ? 1 : 0);
        if (pending.length < length) break;
        if (started) {
          const type = String.fromCharCode(pending[0] ?? 0);
          counts[type] = (counts[type] ?? 0) + 1;
        }
        started = true;
        pending = pending.subarray(length);
      }
      server.write(chunk);
    });
    server.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      server.destroy();
    };
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const address = relay.address();
  const url = new URL(serverUrl);
  url.hostname = '127.0.0.1';
  url.port = String(typeof address === 'object' && address ? address.port : 0);
  return {
    url: url.toString(),
    sent: () => ({ ...counts }),
    reset: () => {
      counts = {};
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        relay.close(() => resolve());
      }),
  };
}
