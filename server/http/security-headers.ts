// Headers on every response: no sniffing, no referrer, no framing, a CSP that allows nothing
// (JSON needs nothing), HSTS in production. Only development GraphiQL gets a looser CSP.
export const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'";

// What the GraphiQL page loads (server/http/graphiql.ts): its bundle, a bootstrap and the editor
// workers from /graphiql/, blob: for what Monaco makes itself; inline styles are GraphiQL's own.
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type SecurityHeaderOptions = { production: boolean; development: boolean };

export function applySecurityHeaders(headers: Headers, options: SecurityHeaderOptions): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  // The widget script will be loaded cross-origin by merchant pages.
  headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
  headers.set('X-Frame-Options', 'DENY');
  const html = headers.get('content-type')?.startsWith('text/html') === true;
  // A route with its own policy (the demo shop's pages) keeps it.
  if (!headers.has('Content-Security-Policy')) {
    headers.set('Content-Security-Policy', html && options.development ? GRAPHIQL_CSP : STRICT_CSP);
  }
  if (options.production)
    headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  if (headers.get('content-type')?.startsWith('text/event-stream')) {
    headers.set('X-Accel-Buffering', 'no');
    headers.set('Cache-Control', 'no-store');
  }
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
}
