// CORS by explicit allowlist (Yoga's default echoes any origin with credentials). An origin
// outside the list gets no Access-Control-Allow-Origin at all; credentials are never allowed.
import type { Config } from '../config/config.ts';
import { AppResponse } from './app-response.ts';

export const CORS_METHODS = ['GET', 'POST', 'OPTIONS'] as const;
export const CORS_HEADERS = [
  'content-type',
  'authorization',
  'x-umf-client',
  'accept-language',
  'x-request-id',
  'idempotency-key',
] as const;
const EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

export type Cors = {
  /** Headers to add to a response to this request (empty for a foreign origin). */
  headersFor(request: Request): Record<string, string>;
  /** The answer to an OPTIONS preflight. */
  preflight(request: Request): Response;
  /**
   * The Origin of a cross-origin request this response does not grant (the browser will hide
   * the answer from the page), or undefined: no Origin, the same origin, or granted.
   */
  refusedOrigin(request: Request, response: Response): string | undefined;
};

export function createCors(config: Pick<Config, 'allowedOrigins' | 'nodeEnv'>): Cors {
  const anyOrigin = config.allowedOrigins === '*' && config.nodeEnv !== 'production';
  const allowed = new Set(config.allowedOrigins === '*' ? [] : config.allowedOrigins);
  const granted = (request: Request): string | undefined => {
    const origin = request.headers.get('origin');
    if (origin === null) return undefined;
    if (anyOrigin) return '*';
    return allowed.has(origin) ? origin : undefined;
  };
  const headersFor = (request: Request): Record<string, string> => {
    const origin = granted(request);
    // Vary even on refusal: a cache must not serve one origin's answer to another.
    if (origin === undefined) return anyOrigin ? {} : { Vary: 'Origin' };
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(', '),
      ...(anyOrigin ? {} : { Vary: 'Origin' }),
    };
  };
  return {
    headersFor,
    refusedOrigin(request, response) {
      const origin = request.headers.get('origin');
      if (origin === null || granted(request) !== undefined) return undefined;
      if (response.headers.get('Access-Control-Allow-Origin') === '*') return undefined;
      const host = request.headers.get('host');
      if (origin === new URL(request.url).origin || (host !== null && sameHost(origin, host)))
        return undefined;
      return origin.slice(0, 200);
    },
    preflight(request) {
      const headers: Record<string, string> = { 'Content-Length': '0', ...headersFor(request) };
      if (granted(request) !== undefined) {
        headers['Access-Control-Allow-Methods'] = CORS_METHODS.join(', ');
        headers['Access-Control-Allow-Headers'] = CORS_HEADERS.join(', ');
        headers['Access-Control-Max-Age'] = '600';
      }
      return new AppResponse(null, { status: 204, headers });
    },
  };
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
