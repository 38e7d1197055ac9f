// The widget's scripts as the BFF serves them from the build (dist/): for gzip and for brotli,
// the bytes on the wire are the compressed copies the build wrote beside each script (the
// figures `npm run size` budgets), and they inflate to the script.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ensureWidgetBuilt } from '../../scripts/ensure-widget-build.ts';
import { startBff } from '../support/bff.ts';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The bytes as sent (node:http does not inflate them, unlike fetch). */
function raw(
  url: string,
  encoding: string,
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': encoding } }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(parts) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

test("every widget script goes out as the build's zopfli gzip and brotli copies", async () => {
  ensureWidgetBuilt();
  const scripts = [
    'umf-checkout.js',
    'umf-checkout.iife.js',
    ...readdirSync(join(DIST, 'chunks'))
      .filter((name) => name.endsWith('.js'))
      .map((name) => `chunks/${name}`),
  ];
  const bff = await startBff();
  try {
    for (const script of scripts) {
      const body = readFileSync(join(DIST, script));
      for (const [encoding, suffix, inflate] of [
        ['gzip', '.gz', gunzipSync],
        ['br', '.br', brotliDecompressSync],
      ] as const) {
        const sent = await raw(`${bff.url}/${script}`, encoding);
        assert.equal(sent.headers['content-encoding'], encoding, script);
        assert.equal(sent.headers.vary, 'Accept-Encoding', script);
        assert.deepEqual(sent.body, readFileSync(join(DIST, `${script}${suffix}`)), script);
        assert.deepEqual(inflate(sent.body), body, `${script} ${encoding}`);
      }
    }
  } finally {
    await bff.close();
  }
});
