// The BFF serves the built widget (dist/umf-checkout.js) to the demo shop and the e2e pages.
// Rebuild it when it is missing or older than any widget source or the build config, so neither
// `npm start` on a fresh clone nor the e2e suite ever serves a missing or stale bundle. Cheap
// no-op when dist/ is current (each e2e file calls it again).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'umf-checkout.js');
const SOURCES = [
  join(ROOT, 'widget'),
  join(ROOT, 'vite.config.ts'),
  join(ROOT, 'scripts', 'precompress.ts'),
  join(ROOT, 'package-lock.json'),
];

function newest(path: string): number {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Whether dist/ lacks the bundle or is older than its sources. */
export function widgetBundleStale(): boolean {
  const built = statSync(BUNDLE, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return built < Math.max(...SOURCES.map(newest));
}

/** Builds the widget (vite build) when the bundle is missing or stale. */
export function ensureWidgetBuilt(): void {
  if (!widgetBundleStale()) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const started = Date.now();
  const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    throw new Error(`vite build failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  process.stderr.write(`built the widget (dist/) in ${Date.now() - started} ms\n`);
}

// `tsx scripts/ensure-widget-build.ts`: run before npm start and npm run test:e2e.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureWidgetBuilt();
