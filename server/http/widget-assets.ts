// Serves the widget bundles from dist/ (`npm run build`) so a merchant page loads
// <script src="https://pay.example.com/umf-checkout.js">. The names are fixed, not hashed, so
// they are cached briefly and revalidated by a strong ETag (content hash) → 304. Any page may
// load them: Access-Control-Allow-Origin * and Cross-Origin-Resource-Policy cross-origin.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

const CONTENT_TYPES = {
  'umf-checkout.js': 'text/javascript; charset=utf-8',
  'umf-checkout.iife.js': 'text/javascript; charset=utf-8',
  'umf-checkout.js.map': 'application/json; charset=utf-8',
  'umf-checkout.iife.js.map': 'application/json; charset=utf-8',
} as const;
type AssetName = keyof typeof CONTENT_TYPES;

export const WIDGET_ASSET_CACHE_CONTROL = 'public, max-age=300';

type Loaded = { body: Buffer; etag: string; version: string };

export type WidgetAssets = {
  /** Whether this GET/HEAD path names a widget asset (answered by `serve`). */
  matches(request: Request): boolean;
  serve(request: Request): Promise<Response>;
};

/** `dir`: the folder holding the built bundles (the repository's dist/ by default in app.ts). */
export function createWidgetAssets(dir: string): WidgetAssets {
  // Rehash only when the file changed (a rebuild while the server runs).
  const cache = new Map<AssetName, Loaded>();

  async function load(name: AssetName): Promise<Loaded | undefined> {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const version = `${info.size}:${info.mtimeMs}`;
    const cached = cache.get(name);
    if (cached?.version === version) return cached;
    const body = await readFile(path);
    const etag = `"${createHash('sha256').update(body).digest('base64url')}"`;
    const loaded = { body, etag, version };
    cache.set(name, loaded);
    return loaded;
  }

  const nameOf = (request: Request) => new URL(request.url).pathname.slice(1);
  const isAsset = (name: string): name is AssetName => Object.hasOwn(CONTENT_TYPES, name);

  return {
    matches(request) {
      return (request.method === 'GET' || request.method === 'HEAD') && isAsset(nameOf(request));
    },
    async serve(request) {
      const name = nameOf(request);
      const asset = isAsset(name) ? await load(name) : undefined;
      if (!isAsset(name) || asset === undefined) {
        return Response.json(
          { error: 'widget bundle not built', hint: 'run npm run build' },
          { status: 404, headers: { 'Access-Control-Allow-Origin': '*' } },
        );
      }
      const headers = {
        'Content-Type': CONTENT_TYPES[name],
        'Cache-Control': WIDGET_ASSET_CACHE_CONTROL,
        ETag: asset.etag,
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      };
      if (matchesEtag(request.headers.get('if-none-match'), asset.etag)) {
        return new Response(null, { status: 304, headers });
      }
      const body = request.method === 'HEAD' ? null : new Uint8Array(asset.body);
      return new Response(body, {
        status: 200,
        headers: { ...headers, 'Content-Length': String(asset.body.length) },
      });
    },
  };
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags or "*". */
function matchesEtag(header: string | null, etag: string): boolean {
  if (header === null) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
