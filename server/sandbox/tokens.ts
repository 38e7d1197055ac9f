// OAuth2 client-credentials (docs/umf-protocol.md §3): one live token per merchant; a new token revokes
// the previous one at once; expiry follows the test clock.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxContext } from './context.ts';
import { invalidParameter, UmfRefusal } from './errors.ts';
import type { ApiRequest, ApiResult } from './handler.ts';
import { newSecret } from './ids.ts';
import { strictHeaderRefusal, strictRefusal } from './strict.ts';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Accepts a JSON body or, like many OAuth servers, form fields (body or query). */
function credentialsOf(ctx: SandboxContext, request: ApiRequest): Record<string, unknown> {
  const strict = ctx.settings.strict.tokenRequest;
  if (strict === 'json' && request.form)
    throw strictRefusal('tokenRequest', strict, 'the token request must be a JSON body');
  if (strict === 'form' && !request.form)
    throw strictRefusal(
      'tokenRequest',
      strict,
      'the token request must be form fields (application/x-www-form-urlencoded)',
    );
  if (Object.keys(request.body).length > 0) return request.body;
  return Object.fromEntries(request.url.searchParams);
}

export function issueToken(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const { client_id, client_secret, grant_type } = credentialsOf(ctx, request);
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
  // access_token first, meta right after it: Java clients cut the token out of the text with
  // split(",")[0].split(":")[1], and UMF's QA tool takes what lies between `{"access_token":"`
  // and `","meta"`; this order serves both (docs/umf-protocol.md §3.1).
  return {
    kind: 'json',
    body: { access_token: value, expires_in: ttl },
    metaAfter: 'access_token',
  };
}

/**
 * The token of an Authorization header: "Bearer<token>" (what the official SDK and production
 * clients send) or "Bearer <token>"; strict `bearer` accepts only one of them.
 */
function bearerToken(ctx: SandboxContext, header: string | undefined): string | undefined {
  const match = /^Bearer( *)([^\s]+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const strict = ctx.settings.strict.bearer;
  if (strict === 'no-space' && match[1] !== '')
    throw strictHeaderRefusal(strict, 'Authorization must be "Bearer<token>" without a space');
  if (strict === 'space' && match[1] !== ' ')
    throw strictHeaderRefusal(strict, 'Authorization must be "Bearer <token>" with one space');
  return match[2];
}

/** Throws 401 / 00280703 unless the request carries the current, unexpired token. */
export function requireToken(ctx: SandboxContext, headers: IncomingHttpHeaders): void {
  const sent = bearerToken(ctx, headers.authorization);
  const token = ctx.state.token;
  const valid =
    sent !== undefined &&
    token !== undefined &&
    sameSecret(sent, token.value) &&
    ctx.clock.now() < token.expiresAt;
  if (!valid) throw new UmfRefusal(401, '00280703', 'access token invalid or expired');
}
