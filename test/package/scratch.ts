// A merchant's project outside the repository: `npm run build`, `npm pack ./dist/package`, then a
// temporary folder with its own package.json that installs the tarball, React and tsx from the
// npm registry, as the README says. Made once per test file; npm's cache keeps later installs
// quick.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureOutput } from '../support/processes.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

const ROOT_MANIFEST = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

/**
 * What the scratch project installs besides the tarball (exact: reproducible runs): React for the
 * README's React example, tsx for its merchant script (the repository's version).
 */
const REGISTRY_PACKAGES = [
  'react@19.3.1',
  'react-dom@19.3.1',
  '@types/react@19.3.0',
  `tsx@${ROOT_MANIFEST.devDependencies.tsx}`,
];

export type Scratch = { dir: string; tarball: string; close(): void };

export function makeScratchProject(): Scratch {
  execFileSync(NPM, ['run', 'build', '--silent'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const dir = mkdtempSync(join(tmpdir(), 'umf-scratch-'));
  const packed = execFileSync(NPM, ['pack', join(ROOT, 'dist', 'package'), '--json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const [{ filename }] = JSON.parse(packed) as { filename: string }[];
  const tarball = join(dir, filename);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'my-shop', private: true, type: 'module' }, null, 2),
  );
  execFileSync(
    NPM,
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      tarball,
      ...REGISTRY_PACKAGES,
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  // The browser driver the README's test example imports: the repository's own copy (the same
  // version), linked rather than downloaded again.
  symlinkSync(
    join(ROOT, 'node_modules', 'playwright-core'),
    join(dir, 'node_modules', 'playwright-core'),
  );
  return { dir, tarball, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `text` to `name` inside the scratch project (folders made as needed). */
export function writeScratchFile(scratch: Scratch, name: string, text: string): string {
  const path = join(scratch.dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/**
 * The first fenced block of `language` in the README section under `heading` (up to the next
 * heading of the same or a higher level), as a reader would copy it.
 */
export function readmeExample(heading: string, language: string, index = 0): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const lines = readme.split('\n');
  const start = lines.findIndex(
    (line) => /^#+ /.test(line) && line.replace(/^#+ /, '') === heading,
  );
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const level = lines[start].indexOf(' ');
  let end = lines.findIndex(
    (line, i) => i > start && /^#+ /.test(line) && line.indexOf(' ') <= level,
  );
  if (end < 0) end = lines.length;
  const section = lines.slice(start + 1, end).join('\n');
  const blocks = [...section.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))];
  const block = blocks[index]?.[1];
  if (!block) throw new Error(`README section "${heading}" has no ${language} block #${index}`);
  return block;
}

/** Runs `node file` in the scratch project; resolves with its output, rejects on a non-zero exit. */
export function runNode(
  scratch: Scratch,
  file: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<string> {
  return runCommand(scratch, [process.execPath, file], { ...process.env, ...env }, timeoutMs);
}

/**
 * Runs `command` in the scratch project with exactly `env` (nothing of this process's own
 * environment unless given); resolves with its output, rejects on a non-zero exit.
 */
export function runCommand(
  scratch: Scratch,
  [command, ...args]: [string, ...string[]],
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: scratch.dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { output } = captureOutput(child);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output());
      else
        reject(new Error(`${[command, ...args].join(' ')} exited ${code ?? signal}:\n${output()}`));
    });
  });
}
