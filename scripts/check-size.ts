// `npm run size`: builds the widget (vite build → dist/), prints the raw, gzip and brotli sizes
// of the ES module's entry, its lazy chunks (chunks/, loaded on demand) and the IIFE (one file,
// every feature), and fails when a bundle is over its budget. The budgets hold the sizes
// reached so far; the goals beside them are issue 12's (printed, not enforced until reached).
// `--no-build` measures what dist/ already holds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../', import.meta.url));
const entry = `${root}widget/index.ts`;
/** gzip budgets (level 9) and goals in bytes. */
const bundles = [
  { name: 'umf-checkout.js', label: 'ES entry', budget: 19_900, goal: 20 * 1024 },
  { name: 'umf-checkout.iife.js', label: 'IIFE', budget: 28_300, goal: 24 * 1024 },
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

function sizes(path: string) {
  const raw = readFileSync(path);
  const brotli = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  }).length;
  return { raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length, brotli };
}

const line = (name: string, s: ReturnType<typeof sizes>, rest: string) =>
  `${name.padEnd(30)} raw ${kib(s.raw).padStart(9)}  gzip ${String(s.gzip).padStart(6)} B  brotli ${String(s.brotli).padStart(6)} B  ${rest}`;

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

if (!process.argv.includes('--no-build')) build();
const over = measure();
if (over.length) fail(`over budget: ${over.join('; ')}`);
console.log('size: within budget');
