import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { openStore } from '../../../server/store/store.ts';

const run = promisify(execFile);
const fixture = join(import.meta.dirname, 'fixtures', 'open-store.ts');
const dirs: string[] = [];

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'umf-lock-'));
  dirs.push(dir);
  return dir;
}

/** Opens the store in a real second node process; returns what it printed. */
async function openInChild(dataDir: string): Promise<string> {
  const child = await run(process.execPath, ['--import', 'tsx', fixture, dataDir]).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  return child.stdout.trim();
}

test('refuses a second process on the same SQLite file and says to use PostgreSQL', async () => {
  const dataDir = tempDir();
  const store = await openStore({ dataDir });
  try {
    const output = await openInChild(dataDir);
    assert.match(output, /^StoreLockedError: .*in use by another process/);
    assert.match(output, /DATABASE_URL=postgres/);
  } finally {
    await store.close();
  }
});

test('lets a process open the file once the previous one has closed it', async () => {
  const dataDir = tempDir();
  const store = await openStore({ dataDir });
  await store.close();
  assert.equal(await openInChild(dataDir), 'OPENED');
});

test('refuses a second store on the same file in the same process', async () => {
  const dataDir = tempDir();
  const store = await openStore({ dataDir });
  try {
    await assert.rejects(openStore({ dataDir }), {
      name: 'StoreLockedError',
      message: /PostgreSQL/,
    });
  } finally {
    await store.close();
  }
  const again = await openStore({ dataDir });
  await again.close();
});

test('takes the file over from a process that died holding it', async () => {
  const dataDir = tempDir();
  const holder = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, 'hold'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [chunk] = await once(holder.stdout, 'data');
    assert.equal(String(chunk).trim(), 'OPENED');
    await assert.rejects(openStore({ dataDir }), { name: 'StoreLockedError' });
  } finally {
    holder.kill('SIGKILL');
  }
  await once(holder, 'exit');
  const store = await openStore({ dataDir });
  await store.close();
});
