// The demo's static files (examples/demo-shop/static/), read once, served with a short cache.
import { readFileSync } from 'node:fs';

const STATIC = new URL('./static/', import.meta.url);

const FILES = {
  '/demo.css': { file: 'demo.css', type: 'text/css; charset=utf-8' },
  '/demo.js': { file: 'demo.js', type: 'text/javascript; charset=utf-8' },
  '/demo-icon.svg': { file: 'demo-icon.svg', type: 'image/svg+xml' },
} as const;

export type AssetPath = keyof typeof FILES;

export function isAsset(path: string): path is AssetPath {
  return Object.hasOwn(FILES, path);
}

export function loadAssets(): (path: AssetPath) => Response {
  const bodies = new Map(
    Object.entries(FILES).map(([path, { file }]) => [path, readFileSync(new URL(file, STATIC))]),
  );
  return (path) =>
    new Response(bodies.get(path), {
      headers: {
        'content-type': FILES[path].type,
        'cache-control': 'public, max-age=300',
        'content-security-policy': "default-src 'none'",
      },
    });
}
