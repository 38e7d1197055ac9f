// Serves the widget bundles from dist/ (`npm run build`) so a merchant page loads
// <script src="https://pay.example.com/umf-checkout.js">. Two URLs per bundle:
//   - the stable name merchants embed (umf-checkout.js, umf-checkout.iife.js): cached briefly and
//     revalidated by a strong ETag → 304; its Content-Location names the versioned URL;
//   - the versioned name (umf-checkout.<content hash>.js, umf-checkout.iife.<hash>.js) and the ES
//     module's lazy chunks (chunks/<name>-<hash>.js, content-hashed by the build): `immutable`,
//     cached for a year.
// Each file is sent brotli- or gzip-compressed when the client accepts it, kept in memory: the
// build's own compressed copies beside the scripts (`<file>.br`, `<file>.gz`, gzip by zopfli:
// scripts/precompress.ts) when they inflate to the file, else compressed here once per build. Any page may load them: Access-Control-Allow-Origin * and
// Cross-Origin-Resource-Policy cross-origin.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  brotliCompressSync,
  brotliDecompressSync,
  constants,
  gunzipSync,
  gzipSync,
} from 'node:zlib';

const JS = 'text/javascript; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const BUNDLES = ['umf-checkout.js', 'umf-checkout.iife.js'] as const;
type Bundle = (typeof BUNDLES)[number];
/** The ES module's lazy chunks and their maps, as the build names them. */
const CHUNK = /^chunks\/[\w-]+\.js(\.map)?$/;

export const WIDGET_ASSET_CACHE_CONTROL = 'public, max-age=300';
export const WIDGET_IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

type Encoding = 'br' | 'gzip' | 'identity';
type Loaded = {
  version: string;
  /** Hex content hash (the versioned name's part and the ETags' base). */
  hash: string;
  bodies: Record<Encoding, Buffer>;
  etags: Record<Encoding, string>;
};
/** What a request path names: a file of the folder and how it may be cached. */
type Target = { file: string; type: string; immutable: boolean; hash?: string };

export type WidgetAssets = {
  /** Whether this GET/HEAD path names a widget asset (answered by `serve`). */
  matches(request: Request): boolean;
  serve(request: Request): Promise<Response>;
};

/** The versioned name of a bundle: umf-checkout.<hash>.js, umf-checkout.iife.<hash>.js. */
export function versionedName(bundle: Bundle, hash: string): string {
  return bundle.replace(/\.js$/, `.${hash}.js`);
}

/** Parses a request path into the file it names (undefined: not a widget asset). */
function targetOf(path: string): Target | undefined {
  if ((BUNDLES as readonly string[]).includes(path))
    return { file: path, type: JS, immutable: false };
  if (path.endsWith('.map') && (BUNDLES as readonly string[]).includes(path.slice(0, -4)))
    return { file: path, type: JSON_TYPE, immutable: false };
  const versioned = /^umf-checkout(\.iife)?\.([0-9a-f]{16})\.js$/.exec(path);
  if (versioned) {
    const file = `umf-checkout${versioned[1] ?? ''}.js`;
    return { file, type: JS, immutable: true, hash: versioned[2] };
  }
  if (CHUNK.test(path))
    return { file: path, type: path.endsWith('.map') ? JSON_TYPE : JS, immutable: true };
  return undefined;
}

/** The encoding to send: brotli, else gzip, when Accept-Encoding allows it (q > 0). */
export function chooseEncoding(header: string | null): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** brotli at its highest quality, sized for the file. */
export function brotli(body: Uint8Array): Buffer {
  return brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

/** The names of the compressed copies the build writes beside a script: `<file><suffix>`. */
export const COPY_SUFFIX = { br: '.br', gzip: '.gz' } as const;

/** Each copy, how to check it, and how to make one here when it is missing or stale. */
const COPIES = [
  { encoding: 'br', suffix: COPY_SUFFIX.br, inflate: brotliDecompressSync, compress: brotli },
  {
    encoding: 'gzip',
    suffix: COPY_SUFFIX.gzip,
    inflate: gunzipSync,
    compress: (body: Buffer) => gzipSync(body, { level: 9 }),
  },
] as const;

const shortHash = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest('base64url').slice(0, 8);

function inflates(copy: Buffer, body: Buffer, inflate: (data: Buffer) => Buffer): boolean {
  try {
    return inflate(copy).equals(body);
  } catch {
    return false;
  }
}

/** `dir`: the folder holding the built bundles (the repository's dist/ by default in app.ts). */
export function createWidgetAssets(dir: string): WidgetAssets {
  // Re-read and recompress only when the file changed (a rebuild while the server runs).
  const cache = new Map<string, Loaded>();

  async function load(file: string): Promise<Loaded | undefined> {
    const path = join(dir, file);
    // Synchronous: a stat of a file just read is answered from the kernel's caches in a few
    // µs, while an asynchronous one waits its turn on the thread pool, behind the store's
    // flushes (fdatasync) and any other file work: up to tens of ms on a busy machine.
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info?.isFile()) return undefined;
    const copies = COPIES.map(({ suffix }) =>
      statSync(`${path}${suffix}`, { throwIfNoEntry: false }),
    );
    const version = [info, ...copies].map((s) => s && `${s.size}:${s.mtimeMs}`).join(' ');
    const cached = cache.get(file);
    if (cached?.version === version) return cached;
    const body = await readFile(path);
    const digest = createHash('sha256').update(body).digest();
    const tag = digest.toString('base64url');
    const bodies: Record<Encoding, Buffer> = { identity: body, br: body, gzip: body };
    for (const { encoding, suffix, inflate, compress } of COPIES) {
      const copy = await readFile(`${path}${suffix}`).catch(() => undefined);
      // A copy left by an older build is not this file's: compressed here instead.
      bodies[encoding] = copy && inflates(copy, body, inflate) ? copy : compress(body);
    }
    const loaded: Loaded = {
      version,
      hash: digest.toString('hex').slice(0, 16),
      bodies,
      // A compressed body's tag also names its own bytes: the build's copy and one made here
      // differ, so each is its own strong validator.
      etags: {
        identity: `"${tag}"`,
        br: `"${tag}-br-${shortHash(bodies.br)}"`,
        gzip: `"${tag}-gzip-${shortHash(bodies.gzip)}"`,
      },
    };
    cache.set(file, loaded);
    return loaded;
  }

  const pathOf = (request: Request) => new URL(request.url).pathname.slice(1);
  const notBuilt = () =>
    Response.json(
      { error: 'widget bundle not built', hint: 'run npm run build' },
      { status: 404, headers: { 'Access-Control-Allow-Origin': '*' } },
    );

  return {
    matches(request) {
      return (
        (request.method === 'GET' || request.method === 'HEAD') &&
        targetOf(pathOf(request)) !== undefined
      );
    },
    async serve(request) {
      const target = targetOf(pathOf(request));
      const asset = target ? await load(target.file) : undefined;
      // A versioned URL of an older build is gone: its content is not what the name promises.
      if (!target || !asset || (target.hash && target.hash !== asset.hash)) return notBuilt();
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      const etag = asset.etags[encoding];
      const headers: Record<string, string> = {
        'Content-Type': target.type,
        'Cache-Control': target.immutable
          ? WIDGET_IMMUTABLE_CACHE_CONTROL
          : WIDGET_ASSET_CACHE_CONTROL,
        ETag: etag,
        Vary: 'Accept-Encoding',
        'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      };
      const bundle = BUNDLES.find((name) => name === target.file);
      if (bundle && !target.hash) headers['Content-Location'] = versionedName(bundle, asset.hash);
      if (matchesEtag(request.headers.get('if-none-match'), Object.values(asset.etags))) {
        return new Response(null, { status: 304, headers });
      }
      if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
      const bytes = asset.bodies[encoding];
      const body = request.method === 'HEAD' ? null : new Uint8Array(bytes);
      return new Response(body, {
        status: 200,
        headers: { ...headers, 'Content-Length': String(bytes.length) },
      });
    },
  };
}

/** RFC 9110 §13.1.2: weak comparison, a list of tags or "*" (any of the file's encodings). */
function matchesEtag(header: string | null, etags: string[]): boolean {
  if (header === null) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || etags.includes(tag));
}
