// The repository documents itself: no tracked file may cite design or protocol notes that live
// outside it, or an absolute path of somebody's machine. A reader of a fresh clone must be able
// to follow every reference. (The names below are assembled from parts so that this file does
// not match itself.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], {
  cwd: here,
  encoding: 'utf8',
}).trim();
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((path) => path.length > 0);

/** Notes kept outside the repository; citing one is allowed only once the repo holds it. */
const OUTSIDE_NOTES = [
  'umf-api',
  'umf-evidence',
  'DESIGN',
  'TOOLCHAIN',
  'STYLE',
  'seed-tutorials-zh-tw',
]
  .map((name) => `${name}.md`)
  .filter((file) => !tracked.some((path) => basename(path) === file));

/** Absolute paths of a build machine or a developer's home. */
const MACHINE_PATH = new RegExp(
  [
    String.raw`(?<![\w.~-])/(?:work|home|Users|root)/`,
    String.raw`\b[A-Za-z]:\\(?:Users|work)\\`,
  ].join('|'),
);

type Hit = { file: string; line: number; text: string };

function hitsIn(file: string, text: string): Hit[] {
  const hits: Hit[] = [];
  text.split('\n').forEach((line, i) => {
    const cites = OUTSIDE_NOTES.some((name) => line.includes(name));
    if (cites || MACHINE_PATH.test(line)) hits.push({ file, line: i + 1, text: line.trim() });
  });
  return hits;
}

function scan(): { scanned: string[]; hits: Hit[] } {
  const scanned: string[] = [];
  const hits: Hit[] = [];
  for (const file of tracked) {
    const bytes = readFileSync(join(root, file));
    if (bytes.includes(0)) continue; // binary
    scanned.push(file);
    hits.push(...hitsIn(file, bytes.toString('utf8')));
  }
  return { scanned, hits };
}

describe('the repository is self-contained', () => {
  test('the detector flags each kind of outside reference', () => {
    for (const name of OUTSIDE_NOTES) {
      assert.equal(hitsIn('sample', `see ${name} §3`).length, 1, name);
    }
    for (const path of [
      ['', 'work', 'shared', 'notes.txt'],
      ['', 'home', 'alice', 'project'],
      ['', 'Users', 'bob', 'src'],
    ]) {
      assert.equal(hitsIn('sample', `read ${path.join('/')}`).length, 1, path.join('/'));
    }
    assert.equal(hitsIn('sample', ['C:', 'Users', 'carol', 'key.pem'].join('\\')).length, 1);
    // Ordinary text is not flagged: project paths, URLs, other absolute paths of examples.
    for (const line of [
      'docs/umf-protocol.md §5.7',
      'https://example.com/home/index.html',
      'db password at /srv/secret/path',
      ['src', 'work', 'items.ts'].join('/'),
    ]) {
      assert.deepEqual(hitsIn('sample', line), [], line);
    }
  });

  test('no tracked file cites notes outside the repository or a machine path', () => {
    const { scanned, hits } = scan();
    // Not vacuous: the scan saw the whole tree, this file and the documents it protects.
    assert.ok(scanned.length >= 100, `only ${scanned.length} files scanned`);
    for (const file of ['README.md', 'docs/umf-protocol.md', 'test/server/self-contained.test.ts'])
      assert.ok(scanned.includes(file), `${file} was not scanned`);
    assert.ok(OUTSIDE_NOTES.length >= 5, 'the outside notes list is empty');
    assert.deepEqual(
      hits.map((hit) => `${hit.file}:${hit.line}: ${hit.text}`),
      [],
      'cite the project’s own docs (docs/umf-protocol.md §N, README, CONTRIBUTING) instead',
    );
  });
});
