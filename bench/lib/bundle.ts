// Bundle figures: the widget as `npm run build` makes it (dist/), and the floor (a bare Lit
// element, bench/floor/) built the same way (Vite library mode, minified, ES + IIFE).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { zopfliGzip } from '../../scripts/precompress.ts';
import { brotli } from '../../server/http/widget-assets.ts';
import { ROOT } from './stack.ts';

export type Sizes = { raw: number; gzip: number; brotli: number };

/** Sizes as the BFF serves a script: gzip made by zopfli, brotli at quality 11. */
export async function sizesOf(body: Buffer): Promise<Sizes> {
  return { raw: body.length, gzip: (await zopfliGzip(body)).length, brotli: brotli(body).length };
}

/** vite build of the widget into dist/ (what the BFF serves). */
export function buildWidget(): void {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`vite build failed\n${result.stdout}\n${result.stderr}`);
}

/** The production server build (`npm run build:server`): build/server/main.js, fresh each run. */
export function buildServer(): void {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.server.config.ts'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`server build failed\n${result.stdout}\n${result.stderr}`);
}

/** The ES module's lazy chunks: any other script in dist/ or in dist/chunks/, with its sizes. */
export type Chunk = { name: string; sizes: Sizes };

export type WidgetSizes = { es: Sizes; iife: Sizes; esChunks: Chunk[] };

export async function widgetSizes(): Promise<WidgetSizes> {
  const dist = join(ROOT, 'dist');
  const es = readFileSync(join(dist, 'umf-checkout.js'));
  const iife = readFileSync(join(dist, 'umf-checkout.iife.js'));
  const entries = new Set(['umf-checkout.js', 'umf-checkout.iife.js']);
  const scripts = (folder: string) =>
    existsSync(join(dist, folder))
      ? readdirSync(join(dist, folder))
          .filter((name) => name.endsWith('.js') && !entries.has(name))
          .map((name) => (folder ? `${folder}/${name}` : name))
      : [];
  const esChunks = await Promise.all(
    [...scripts(''), ...scripts('chunks')].map(async (name) => ({
      name,
      sizes: await sizesOf(readFileSync(join(dist, name))),
    })),
  );
  return { es: await sizesOf(es), iife: await sizesOf(iife), esChunks };
}

/** The floor element built into `outDir` with the Checkout hash fixed; returns its ES bundle. */
export async function buildFloor(
  outDir: string,
  checkoutHash: string,
): Promise<{ es: Buffer; sizes: Sizes }> {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    define: { CHECKOUT_HASH: JSON.stringify(checkoutHash) },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      lib: {
        entry: join(ROOT, 'bench/floor/floor-element.ts'),
        name: 'BenchFloor',
        formats: ['es'],
        fileName: () => 'floor.js',
      },
      rolldownOptions: { output: { minify: true } },
    },
  });
  const path = join(outDir, 'floor.js');
  if (!existsSync(path)) throw new Error('the floor bundle was not built');
  const es = readFileSync(path);
  return { es, sizes: await sizesOf(es) };
}
