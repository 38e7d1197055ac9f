// The client's address for per-client limits (SMS sends, merchant-key failures). Without
// TRUST_PROXY it is the socket's peer and X-Forwarded-For is ignored: any client can write that
// header. Behind load balancers, TRUST_PROXY names how many proxies (hops) or which proxies
// (addresses, CIDR ranges) may speak for the client; the header is read from the right, one
// trusted hop at a time, so entries a client put in front of the real ones are never reached.
import { BlockList, isIP } from 'node:net';
import type { TrustProxy } from '../config/config.ts';

export type ClientAddress = (peer: string, headers: Headers) => string;

export function createClientAddress(trust: TrustProxy): ClientAddress {
  if (trust.kind === 'none') return (peer) => normalize(peer);
  const trusted = trust.kind === 'ranges' ? rangeList(trust.ranges) : undefined;
  return (peer, headers) => {
    // Nearest first: the socket peer, then X-Forwarded-For from its last entry to its first.
    const chain = [normalize(peer), ...forwardedFor(headers).reverse()];
    let client = chain[0];
    for (let hop = 0; hop < chain.length - 1; hop += 1) {
      const proxy = chain[hop];
      const speaks = trusted ? isTrusted(trusted, proxy) : hop < (trust as { hops: number }).hops;
      if (!speaks) break;
      const next = chain[hop + 1];
      // A trusted proxy that forwarded garbage: the proxy is the best address known.
      if (isIP(next) === 0) break;
      client = next;
    }
    return client;
  };
}

function forwardedFor(headers: Headers): string[] {
  const raw = headers.get('x-forwarded-for');
  if (!raw) return [];
  return raw
    .split(',')
    .map((entry) => normalize(entry.trim()))
    .filter((entry) => entry !== '');
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; `[::1]` → `::1`; `1.2.3.4:5678` (some proxies) → `1.2.3.4`. */
function normalize(address: string): string {
  let text = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(text);
  return (mapped ? mapped[1] : text).toLowerCase();
}

function rangeList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address, prefix] = range.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(normalize(address), type);
    else list.addSubnet(normalize(address), Number(prefix), type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}
