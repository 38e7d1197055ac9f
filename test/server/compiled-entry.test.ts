// The production build (`npm run build:server`): server/main.ts compiled to one ES module that
// plain `node` runs without the TypeScript loader. Built here into a fresh folder at the same
// depth as build/server/, started against a sandbox as UMF, asked /health and /ready.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../server/sandbox/sandbox.ts';
import { captureOutput, keyFilesEnv } from '../support/processes.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function exec(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const captured = captureOutput(child);
    void captured.exited.then((code) => done({ code, output: captured.output() }));
  });
}

test('the compiled production entry starts with plain node and answers /health and /ready', async () => {
  const outDir = join('build', `entry-test-${process.pid}`);
  const umfDir = await mkdtemp(join(tmpdir(), 'umf-compiled-umf-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'umf-compiled-'));
  const sandbox = await startSandbox({ dataDir: umfDir });
  try {
    const build = await exec([
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'vite.server.config.ts',
      '--outDir',
      outDir,
      '--logLevel',
      'warn',
    ]);
    assert.equal(build.code, 0, build.output);
    const entry = join(ROOT, outDir, 'main.js');
    assert.ok(existsSync(entry), 'main.js built');
    // One bundle, packages included: at start Node loads none from node_modules but the native
    // SQLite addon (every module file it loads is memory it keeps), and none of our sources.
    const code = await readFile(entry, 'utf8');
    assert.doesNotMatch(code, /from ["'][^"']*\.ts["']/);
    const imported = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    assert.deepEqual(
      imported.filter((name) => !name?.startsWith('node:') && !name?.startsWith('./chunks/')),
      ['better-sqlite3'],
    );

    const child = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        PORT: '0',
        DATA_DIR: dataDir,
        MERCHANT_API_KEYS: 'mk_compiled_0123456789abcdef0123456789abcdef',
        ALLOWED_ORIGINS: 'https://shop.example',
        ...(await keyFilesEnv(umfDir)),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { output, exited } = captureOutput(child);
    try {
      const deadline = Date.now() + 30_000;
      let url: string | undefined;
      while (url === undefined) {
        url = /umf-checkout listening on (http:\/\/\S+)\n/.exec(output())?.[1];
        assert.equal(child.exitCode, null, `the compiled entry exited:\n${output()}`);
        assert.ok(Date.now() < deadline, `no listening line in 30 s:\n${output()}`);
        if (url === undefined) await new Promise((wait) => setTimeout(wait, 50));
      }
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      // The store (native SQLite, migrations) and UMF (token, signatures) work compiled too.
      const ready = await fetch(`${url}/ready`);
      assert.deepEqual(await ready.json(), { status: 'ready', store: true, umf: true });
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output());
    }
  } finally {
    await sandbox.close();
    await rm(join(ROOT, outDir), { recursive: true, force: true });
    await rm(umfDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
});
