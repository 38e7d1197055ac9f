// Runs node's test runner (through tsx) over every *.test.ts below the given folders and
// fails when no test ran: node exits 0 when a glob matches nothing, which would hide a
// suite that silently stopped running.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2);
if (roots.length === 0) {
  console.error('usage: node scripts/run-node-tests.mjs <folder> [folder …]');
  process.exit(2);
}

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = roots.flatMap(collect).sort();
if (files.length === 0) {
  console.error(`no *.test.ts files under ${roots.join(', ')}`);
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-concurrency=2',
    // A test that hangs fails after five minutes instead of holding CI for its whole limit.
    // No --test-force-exit: with concurrency it drops a file's last verdicts from the report
    // (nodejs/node#64833), so the count printed would be a lower bound. A file that leaves a
    // socket or timer open instead keeps the run alive until the watchdog below ends it.
    '--test-timeout=300000',
    ...files,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
// The whole run's limit (RUN_TESTS_LIMIT_MS, default 20 minutes): a file that never exits
// fails the run, named by the spec reporter's last lines, instead of holding CI.
const limitMs = Number(process.env.RUN_TESTS_LIMIT_MS ?? 20 * 60_000);
const watchdog = setTimeout(() => {
  console.error(`the node tests ran past ${limitMs} ms: a test file left a handle open`);
  child.kill('SIGKILL');
}, limitMs);
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-4000);
});
child.on('close', (code) => {
  clearTimeout(watchdog);
  const passed = Number(/ℹ pass (\d+)/.exec(tail)?.[1] ?? 0);
  const failed = Number(/ℹ fail (\d+)/.exec(tail)?.[1] ?? 0);
  if (code === 0 && passed + failed === 0) {
    console.error('the test runner ran zero tests: failing the run');
    process.exit(1);
  }
  process.exit(code ?? 1);
});
