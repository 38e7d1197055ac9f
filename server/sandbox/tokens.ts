// OAuth2 client-credentials (docs/umf-protocol.md §3): one live token per merchant; a new token revokes
// the previous one at once; expiry follows the test clock.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxContext } from './context.ts';
import { invalidParameter, UmfRefusal } from './errors.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { newSecret } from './ids.ts';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Accepts a JSON body or, like many OAuth servers, form fields. */
function credentialsOf(request: ApiRequest): Record<string, unknown> {
  if (Object.keys(request.body).length > 0) return request.body;
  return Object.fromEntries(request.url.searchParams);
}

export function issueToken(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const { client_id, client_secret, grant_type } = credentialsOf(request);
  if (grant_type !== 'client_credentials')
    throw invalidParameter('grant_type must be client_credentials');
  if (
    typeof client_id !== 'string' ||
    typeof client_secret !== 'string' ||
    !sameSecret(client_id, ctx.clientId) ||
    !sameSecret(client_secret, ctx.clientSecret)
  )
    throw new UmfRefusal(401, '00060711', 'unknown client_id or wrong client_secret');
  const ttl = ctx.settings.tokenTtlSeconds;
  const value = newSecret(32);
  ctx.state.token = { value, expiresAt: ctx.clock.now() + ttl * 1000 };
  return json({ access_token: value, expires_in: ttl });
}

/** Throws 401 / 00280703 unless the request carries the current, unexpired token. */
export function requireToken(ctx: SandboxContext, headers: IncomingHttpHeaders): void {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  const token = ctx.state.token;
  const valid =
    match !== null &&
    token !== undefined &&
    sameSecret(match[1], token.value) &&
    ctx.clock.now() < token.expiresAt;
  if (!valid) throw new UmfRefusal(401, '00280703', 'access token invalid or expired');
}
