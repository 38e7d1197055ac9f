// `npm run size`: builds the widget (vite build → dist/), prints the raw and gzip sizes of the
// ES module and the IIFE, and fails when the ES module is over its budget (30 KiB gzip).
// `--no-build` measures what dist/ already holds.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ES_BUDGET_GZIP = 30 * 1024;

const root = fileURLToPath(new URL('../', import.meta.url));
const entry = `${root}widget/index.ts`;
const bundles = [
  { name: 'umf-checkout.js', budget: ES_BUDGET_GZIP },
  { name: 'umf-checkout.iife.js', budget: undefined },
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

function measure(): boolean {
  let ok = true;
  for (const { name, budget } of bundles) {
    const path = `${root}dist/${name}`;
    if (!existsSync(path)) fail(`dist/${name} is missing: run npm run build (or npm run size)`);
    const raw = readFileSync(path);
    const gzip = gzipSync(raw, { level: 9 }).length;
    const over = budget !== undefined && gzip > budget;
    if (over) ok = false;
    const limit = budget === undefined ? 'no budget' : `budget ${kib(budget)} (${budget} B) gzip`;
    console.log(
      `${name.padEnd(22)} raw ${kib(raw.length).padStart(10)}  gzip ${kib(gzip).padStart(9)} (${gzip} B)  ${limit}${over ? '  OVER BUDGET' : ''}`,
    );
  }
  return ok;
}

if (!process.argv.includes('--no-build')) build();
if (!measure()) fail(`the ES module is over its ${ES_BUDGET_GZIP}-byte gzip budget`);
console.log('size: within budget');
