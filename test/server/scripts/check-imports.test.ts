import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../scripts/check-imports.ts', import.meta.url));
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A throw-away tree of the given files (path → source). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-imports-'));
  made.push(root);
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

function run(root: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, '--root', root], {
    encoding: 'utf8',
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

/** Runs the checker over a tree it must refuse (exit 1), and returns what it printed. */
function refused(files: Record<string, string>): string {
  const { status, out } = run(tree(files));
  assert.equal(status, 1, out);
  return out;
}

describe('scripts/check-imports.ts', () => {
  test('a clean tree passes and the run says what it checked', () => {
    const { status, out } = run(
      tree({
        'server/main.ts': "import { a } from './http/app.ts';\nexport const main = a;\n",
        'server/http/app.ts': "import { b } from '../umf/b.ts';\nexport const a = b;\n",
        'server/umf/b.ts': 'export const b = 1;\n',
      }),
    );
    assert.equal(status, 0, out);
    assert.match(out, /3 files, 2 relative imports/);
    assert.match(out, /no problems/);
  });

  test('a planted file cycle fails, naming each file of the cycle', () => {
    const out = refused({
      'server/checkout/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'server/checkout/b.ts': "import type { c } from './c.ts';\nexport const b: c = 1;\n",
      'server/checkout/c.ts': "import { a } from './a.ts';\nexport type c = number;\nvoid a;\n",
    });
    assert.match(
      out,
      /\(a\) file cycle: server\/checkout\/a\.ts → server\/checkout\/b\.ts → server\/checkout\/c\.ts → server\/checkout\/a\.ts/,
    );
  });

  test('a folder cycle, an upward arrow and forbidden imports fail, each listed', () => {
    const out = refused({
      'server/store/s.ts': "import { g } from '../graphql/g.ts';\nexport const s = g;\n",
      'server/graphql/g.ts': "import { t } from '../store/t.ts';\nexport const g = t;\n",
      'server/store/t.ts': "import { w } from '../../widget/w.ts';\nexport const t = w;\n",
      'widget/w.ts': "import { u } from '../server/umf/u.ts';\nexport const w = u;\n",
      'server/umf/u.ts':
        '// import { s } from "../store/s.ts"; (a comment, not an import)\nexport const u = 1;\n',
    });
    assert.match(
      out,
      /\(b\) folder cycle: server\/graphql\/ → server\/store\/ → server\/graphql\//,
    );
    assert.match(
      out,
      /server\/store\/s\.ts → server\/graphql\/g\.ts: no checkout\/ or store\/ file imports graphql\//,
    );
    assert.match(out, /server\/store\/t\.ts → widget\/w\.ts: no server\/ file imports widget\//);
    assert.match(
      out,
      /widget\/w\.ts → server\/umf\/u\.ts: widget\/ imports only widget\/ and common\//,
    );
    assert.doesNotMatch(out, /server\/umf\/u\.ts →/);
  });

  test('the production entry reaching the sandbox or an example fails', () => {
    const out = refused({
      'server/main.ts': "import { start } from './http/start.ts';\nexport const main = start;\n",
      'server/http/start.ts':
        "import { sandbox } from '../sandbox/sandbox.ts';\nimport { shop } from '../../examples/shop/shop.ts';\nexport const start = [sandbox, shop];\n",
      'server/sandbox/sandbox.ts': 'export const sandbox = 1;\n',
      'examples/shop/shop.ts': 'export const shop = 1;\n',
    });
    assert.match(
      out,
      /\(e\) the production entry server\/main\.ts reaches server\/sandbox\/sandbox\.ts via server\/http\/start\.ts/,
    );
    assert.match(
      out,
      /\(e\) the production entry server\/main\.ts reaches examples\/shop\/shop\.ts via server\/http\/start\.ts/,
    );
  });

  test('package/ re-exports widget/ and common/; only testing.ts reaches the sandbox; nothing imports it', () => {
    const out = refused({
      'package/headless.ts': "export { x } from '../widget/api/x.ts';\n",
      'package/testing.ts': "export { s } from '../server/sandbox/s.ts';\n",
      'package/react.ts': "export { s } from '../server/sandbox/s.ts';\n",
      'widget/api/x.ts': 'export const x = 1;\n',
      'server/sandbox/s.ts': 'export const s = 1;\n',
      'scripts/build.ts': "export { x } from '../package/headless.ts';\n",
    });
    assert.match(
      out,
      /package\/react\.ts → server\/sandbox\/s\.ts.*package\/ imports widget\/ and common\//,
    );
    assert.match(out, /scripts\/build\.ts → package\/headless\.ts.*nothing imports package\//);
    assert.doesNotMatch(out, /package\/testing\.ts →/);
    assert.doesNotMatch(out, /package\/headless\.ts →/);
  });
});
