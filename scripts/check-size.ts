// `npm run size`: builds the widget (vite build → dist/), prints the sizes of the ES module's
// entry, its lazy chunks (chunks/, loaded on demand) and the IIFE (one file, every feature) —
// raw, gzip at zlib's level 9, and the two compressed copies the BFF serves (written by the
// build beside each script, scripts/precompress.ts): gzip made by zopfli and brotli at quality
// 11 — and fails when a bundle's served gzip is over its budget, or a copy does not inflate to
// its script. The budgets hold the sizes reached so far; the goals beside them are issue 12's
// (printed, not enforced until reached).
// `--no-build` measures what dist/ already holds. `--sources` adds, for the entry and the IIFE,
// each source file's share (from the source map): its bytes in the script and what gzip saves
// when they are left out.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { COPY_SUFFIX } from '../server/http/widget-assets.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const entry = `${root}widget/index.ts`;
/** Budgets and goals in bytes of the gzip the BFF serves. */
const bundles = [
  { name: 'umf-checkout.js', label: 'ES entry', budget: 18_995, goal: 20 * 1024 },
  { name: 'umf-checkout.iife.js', label: 'IIFE', budget: 26_530, goal: 24 * 1024 },
] as const;

function fail(message: string): never {
  console.error(`size: ${message}`);
  process.exit(1);
}

function build() {
  if (!existsSync(entry)) {
    fail(
      'widget/index.ts (the bundle entry that defines <umf-checkout>) does not exist yet: nothing to build or measure.',
    );
  }
  const result = spawnSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) fail(`vite build failed (exit ${result.status ?? result.signal})`);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The copy the BFF serves for `path`, checked to inflate to the script. */
function servedCopy(path: string, suffix: string, inflate: (data: Buffer) => Buffer, raw: Buffer) {
  const copy = `${path}${suffix}`;
  if (!existsSync(copy)) fail(`${copy.slice(root.length)} is missing: run npm run build`);
  const bytes = readFileSync(copy);
  if (!inflate(bytes).equals(raw))
    fail(`${copy.slice(root.length)} does not inflate to its script: run npm run build`);
  return bytes.length;
}

function sizes(path: string) {
  const raw = readFileSync(path);
  return {
    raw: raw.length,
    zlib9: gzipSync(raw, { level: 9 }).length,
    gzip: servedCopy(path, COPY_SUFFIX.gzip, gunzipSync, raw),
    brotli: servedCopy(path, COPY_SUFFIX.br, brotliDecompressSync, raw),
  };
}

const bytes = (n: number) => `${String(n).padStart(6)} B`;
const line = (name: string, s: ReturnType<typeof sizes>, rest: string) =>
  `${name.padEnd(35)} raw ${kib(s.raw).padStart(9)}  zlib -9 ${bytes(s.zlib9)}  served gzip ${bytes(s.gzip)}  brotli ${bytes(s.brotli)}  ${rest}`;

function measure(): string[] {
  const over: string[] = [];
  for (const { name, label, budget, goal } of bundles) {
    const path = `${root}dist/${name}`;
    if (!existsSync(path)) fail(`dist/${name} is missing: run npm run build (or npm run size)`);
    const s = sizes(path);
    if (s.gzip > budget) over.push(`${label} ${s.gzip} B > ${budget} B`);
    const goalText =
      s.gzip <= goal ? `goal ${goal} B met` : `goal ${goal} B NOT met (${s.gzip - goal} B over)`;
    console.log(
      line(name, s, `budget ${budget} B${s.gzip > budget ? ' OVER BUDGET' : ''}; ${goalText}`),
    );
  }
  const chunks = existsSync(`${root}dist/chunks`)
    ? readdirSync(`${root}dist/chunks`).filter((name) => name.endsWith('.js'))
    : [];
  for (const name of chunks.sort()) {
    console.log(line(`chunks/${name}`, sizes(`${root}dist/chunks/${name}`), 'loaded on demand'));
  }
  return over;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Which source each character of a script comes from, by its source map (version 3: per line,
 * segments of base64 VLQ fields, the first the column, the second the source index, both
 * relative to the previous segment's).
 */
function sourceOfEachChar(code: string, map: { sources: string[]; mappings: string }): string[] {
  const owner = new Array<string>(code.length).fill('(no source)');
  let source = 0;
  let offset = 0;
  const lines = code.split('\n');
  map.mappings.split(';').forEach((segments, index) => {
    const starts: [number, string][] = [];
    let column = 0;
    for (const segment of segments ? segments.split(',') : []) {
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        shift += 5;
        if (digit & 32) continue;
        fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
        value = 0;
        shift = 0;
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      starts.push([column, fields.length > 1 ? map.sources[source] : '(no source)']);
    }
    const length = lines[index]?.length ?? 0;
    starts.forEach(([from, name], i) => {
      owner.fill(name, offset + from, offset + (starts[i + 1]?.[0] ?? length));
    });
    offset += length + 1;
  });
  return owner;
}

function breakdown(name: string) {
  const path = `${root}dist/${name}`;
  const code = readFileSync(path, 'utf8');
  const owner = sourceOfEachChar(code, JSON.parse(readFileSync(`${path}.map`, 'utf8')));
  const whole = gzipSync(code, { level: 9 }).length;
  const rows = [...new Set(owner)].map((source) => {
    let rest = '';
    for (let i = 0; i < code.length; i++) if (owner[i] !== source) rest += code[i];
    const chars = code.length - rest.length;
    const gzip = whole - gzipSync(rest, { level: 9 }).length;
    return { source: source.replace(/^(\.\.\/)+/, ''), chars, gzip };
  });
  console.log(`\n${name}: each source's characters, and the zlib -9 bytes without them`);
  for (const row of rows.sort((a, b) => b.gzip - a.gzip))
    console.log(
      `${String(row.gzip).padStart(7)} B ${String(row.chars).padStart(7)} chars  ${row.source}`,
    );
}

if (!process.argv.includes('--no-build')) build();
const over = measure();
if (process.argv.includes('--sources')) for (const { name } of bundles) breakdown(name);
if (over.length) fail(`over budget: ${over.join('; ')}`);
console.log('size: within budget');
