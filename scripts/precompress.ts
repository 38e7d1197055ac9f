// The compressed copies of a widget script that the BFF serves (server/http/widget-assets.ts),
// written by the build (vite.config.ts) beside the script: `<file>.gz`, gzip made by zopfli (a
// slower deflate search whose stream any gzip reader inflates; about 4.5 % smaller than zlib's
// level 9 on the IIFE, 0.6 s), and `<file>.br`, brotli at its highest quality. `npm run size`
// measures these files, so the budgets hold for the bytes that go on the wire.
import { readFile, writeFile } from 'node:fs/promises';
import { brotli, COPY_SUFFIX } from '../server/http/widget-assets.ts';

/** zopfli's passes over the file: its own default; 60 gains 17 B more on the IIFE in 1.5 s. */
const ZOPFLI_ITERATIONS = 15;

/** gzip by zopfli. */
export async function zopfliGzip(body: Uint8Array): Promise<Uint8Array> {
  const { gzipAsync } = await import('@gfx/zopfli');
  return gzipAsync(body, { numiterations: ZOPFLI_ITERATIONS });
}

/** Writes `<path>.gz` and `<path>.br` for the file at `path`. */
export async function precompress(path: string): Promise<void> {
  const body = await readFile(path);
  await writeFile(`${path}${COPY_SUFFIX.gzip}`, await zopfliGzip(body));
  await writeFile(`${path}${COPY_SUFFIX.br}`, brotli(body));
}
