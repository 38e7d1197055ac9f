// The only module that touches the access token: asks UMF for one, caches it until 60 s before
// it expires, refreshes it single-flight (a new token revokes the old one, docs/umf-protocol.md §3), and
// hands callers an opaque Authorization header.
import { inspect } from 'node:util';
import type { UmfKeys } from './crypto.ts';
import { guard, readEnvelope, responseJson } from './envelope.ts';
import type { AuthHeader, CallSpec, Transport } from './http.ts';
import { count, isRecord, ShapeError, str } from './parse.ts';
import type { UmfProtocol } from './protocol.ts';
import { REDACTED } from './redact.ts';

export type StoredToken = { accessToken: string /** epoch ms */; expiresAt: number };

/**
 * Where the merchant's one token lives. `exclusive` runs a refresh while no other refresh of the
 * same merchant runs: an in-process mutex here; a PostgreSQL advisory lock
 * (`pg_advisory_xact_lock`) around get/fetch/set in a shared store, so that several processes
 * never revoke each other's fresh token.
 */
export type TokenStore = {
  get(): Promise<StoredToken | null>;
  set(token: StoredToken): Promise<void>;
  exclusive<T>(refresh: () => Promise<T>): Promise<T>;
};

export function memoryTokenStore(): TokenStore {
  let token: StoredToken | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get: async () => token,
    set: async (next) => {
      token = next;
    },
    exclusive<T>(refresh: () => Promise<T>): Promise<T> {
      const run = queue.then(refresh, refresh);
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * An Authorization header whose token never shows in logs, inspection or JSON. `no-space` writes
 * `Bearer<token>` as UMF's SDK does; `space` writes `Bearer <token>`.
 */
class BearerHeader implements AuthHeader {
  readonly #token: string;
  readonly #format: UmfProtocol['bearer'];
  constructor(token: string, format: UmfProtocol['bearer']) {
    this.#token = token;
    this.#format = format;
  }
  /** The token inside a header this module made, else null. */
  static tokenOf(header: AuthHeader): string | null {
    return header instanceof BearerHeader ? header.#token : null;
  }
  header(): string {
    return this.#format === 'space' ? `Bearer ${this.#token}` : `Bearer${this.#token}`;
  }
  toJSON(): string {
    return `Bearer ${REDACTED}`;
  }
  [inspect.custom](): string {
    return `BearerHeader ${REDACTED}`;
  }
}

export type TokenManager = {
  /** The current Authorization header, fetching a token if none is fresh. */
  authorization(): Promise<AuthHeader>;
  /** A header newer than `stale`: reuses one another caller already obtained, else refreshes. */
  refresh(stale: AuthHeader): Promise<AuthHeader>;
};

export type TokenManagerOptions = {
  transport: Transport;
  clientId: string;
  clientSecret: string;
  keys: UmfKeys;
  verify: boolean;
  store: TokenStore;
  now: () => number;
  /** How the header is written; default `no-space`. */
  bearer?: UmfProtocol['bearer'];
  /** Refresh this long before expiry; default 60 s. */
  skewMs?: number;
};

export const TOKEN_ENDPOINT = 'POST /oauth/authorize';

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const skew = options.skewMs ?? 60_000;
  const bearer = (token: StoredToken) =>
    new BearerHeader(token.accessToken, options.bearer ?? 'no-space');
  let current: StoredToken | null = null;
  let inflight: Promise<StoredToken> | null = null;
  const fresh = (t: StoredToken | null): t is StoredToken =>
    t !== null && options.now() < t.expiresAt - skew;

  function acquire(stale: string | null): Promise<StoredToken> {
    inflight ??= options.store
      .exclusive(async () => {
        const stored = await options.store.get();
        if (fresh(stored) && stored.accessToken !== stale) return stored;
        const issued = await requestToken(options);
        await options.store.set(issued);
        return issued;
      })
      .then((token) => {
        current = token;
        return token;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  }

  return {
    async authorization() {
      return bearer(fresh(current) ? current : await acquire(null));
    },
    async refresh(stale) {
      const staleToken = BearerHeader.tokenOf(stale);
      if (fresh(current) && current.accessToken !== staleToken) return bearer(current);
      let token = await acquire(staleToken);
      // We joined a fetch that started before our token was known to be stale: go once more.
      if (token.accessToken === staleToken) token = await acquire(staleToken);
      return bearer(token);
    },
  };
}

async function requestToken(options: TokenManagerOptions): Promise<StoredToken> {
  const spec: CallSpec = {
    method: 'POST',
    endpoint: TOKEN_ENDPOINT,
    path: '/oauth/authorize',
    body: {
      client_id: options.clientId,
      client_secret: options.clientSecret,
      grant_type: 'client_credentials',
    },
    retry: true,
  };
  const response = await options.transport.send(spec);
  const json = responseJson(response);
  const ok = response.status >= 200 && response.status < 300;
  let body: unknown = json;
  if (!ok || !isRecord(json) || isRecord(json.meta)) {
    // An enveloped answer (or an error): signed answers are checked; unsigned ones are accepted
    // since the reference shows the token answer without meta.
    const signed = isRecord(json) && isRecord(json.meta) && typeof json.meta.sign === 'string';
    body = readEnvelope(spec, response, {
      keys: options.keys,
      verify: options.verify && signed,
    }).body;
  }
  return guard(spec, response, () => tokenFrom(body, options.now()));
}

/** `{access_token, expires_in}` at the top level or in one member of an envelope. */
export function tokenFrom(body: unknown, now: number): StoredToken {
  if (!isRecord(body)) throw new ShapeError('token answer', 'an object');
  const holder =
    body.access_token !== undefined
      ? body
      : Object.values(body).find((value) => isRecord(value) && value.access_token !== undefined);
  if (!isRecord(holder)) throw new ShapeError('access_token', 'a string');
  const accessToken = str(holder.access_token, 'access_token');
  if (accessToken.length === 0) throw new ShapeError('access_token', 'a non-empty string');
  const expiresIn = count(holder.expires_in, 'expires_in');
  return { accessToken, expiresAt: now + expiresIn * 1000 };
}
