// The npm package (`npm run build`, after vite build and custom-elements.json):
// dist/package/ holds what `npm pack dist/package` ships —
//   umf-checkout.js        ES module: defines <umf-checkout>, exports its classes (imports lit)
//   umf-checkout.iife.js   the same as a classic script, self-contained: the BFF's own copy
//   headless.js            the widget's request layer for custom frontends (widget/api/)
//   react.js               the React component (@lit/react; React stays the app's own)
//   chunks/                code those three share: one copy of the element and its requests
//   testing.js             Node: the sandbox client and starter for merchants' browser tests
//   types/                 .d.ts of every entry, custom-elements.json, README.md, package.json
// The repository's package.json stays private (it is the BFF's too); the package gets its own,
// written here with the `exports` map. `--no-types` skips the declarations (faster, for a
// quick look at the bundles).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig, type UserConfig } from 'vite';
import widgetConfig from '../vite.config.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const PACKAGE_DIR = join(ROOT, 'dist', 'package');

/** The widget build's own transforms (vite.config.ts), so the package's element is the BFF's. */
function widgetPlugins(): UserConfig['plugins'] {
  const config = widgetConfig as UserConfig;
  return config.plugins ?? [];
}

const common = (): InlineConfig => ({
  root: ROOT,
  configFile: false,
  logLevel: 'error',
  plugins: widgetPlugins(),
  define: (widgetConfig as UserConfig).define,
});

/** The browser entries in one build, so they share one copy of the element and its requests. */
async function buildBrowser(): Promise<void> {
  await build({
    ...common(),
    build: {
      outDir: PACKAGE_DIR,
      emptyOutDir: false,
      sourcemap: true,
      target: 'es2022',
      lib: {
        entry: {
          'umf-checkout': 'package/index.ts',
          headless: 'package/headless.ts',
          react: 'package/react.ts',
        },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rolldownOptions: {
        // Lit is the package's dependency (an app that uses Lit too loads one copy), React the
        // app's own; @lit/react is a few hundred bytes, bundled.
        external: ['react', 'lit', /^lit\//],
        output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
  // The classic script is the one the BFF serves (vite.config.ts, built just before).
  for (const file of ['umf-checkout.iife.js', 'umf-checkout.iife.js.map']) {
    const built = join(ROOT, 'dist', file);
    if (!existsSync(built)) throw new Error(`dist/${file} is missing: run vite build first`);
    copyFileSync(built, join(PACKAGE_DIR, file));
  }
}

/** The testing kit for Node: the sandbox bundled in, Node's modules left to Node. */
async function buildTesting(): Promise<void> {
  await build({
    ...common(),
    plugins: [],
    build: {
      outDir: PACKAGE_DIR,
      emptyOutDir: false,
      sourcemap: true,
      target: 'node20',
      ssr: true,
      lib: {
        entry: { testing: 'package/testing.ts', webhooks: 'package/webhooks.ts' },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rolldownOptions: { external: [/^node:/] },
    },
    ssr: { noExternal: true, target: 'node' },
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * Declarations of every entry (tsc, emitDeclarationOnly) under types/; the sources import with
 * `.ts`, which a consumer's TypeScript resolves only as `.js` next to a `.d.ts`: rewritten.
 */
function buildTypes(): void {
  const outDir = join(PACKAGE_DIR, 'types');
  const tsconfig = join(PACKAGE_DIR, 'tsconfig.types.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: ROOT,
        outDir,
      },
      include: [],
      files: ['index', 'headless', 'react', 'testing', 'webhooks'].map((name) =>
        join(ROOT, 'package', `${name}.ts`),
      ),
    }),
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', tsconfig], { encoding: 'utf8' });
  rmSync(tsconfig);
  if (run.status !== 0) throw new Error(`tsc (declarations) failed:\n${run.stdout}${run.stderr}`);
  for (const file of walk(outDir)) {
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/(['"])(\.{1,2}\/[^'"]*)\.ts\1/g, '$1$2.js$1'));
  }
}

const types = (entry: string) => `./types/package/${entry}.d.ts`;

function writeManifest(): void {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
    description: string;
    license: string;
    engines: Record<string, string>;
    dependencies: Record<string, string>;
  };
  const manifest = {
    name: 'umf-checkout',
    version: root.version,
    description: root.description,
    license: root.license,
    type: 'module',
    engines: root.engines,
    main: './umf-checkout.js',
    module: './umf-checkout.js',
    types: types('index'),
    customElements: 'custom-elements.json',
    exports: {
      '.': { types: types('index'), default: './umf-checkout.js' },
      './headless': { types: types('headless'), default: './headless.js' },
      './react': { types: types('react'), default: './react.js' },
      './testing': { types: types('testing'), node: './testing.js' },
      './webhooks': { types: types('webhooks'), node: './webhooks.js' },
      './umf-checkout.js': { types: types('index'), default: './umf-checkout.js' },
      './umf-checkout.iife.js': './umf-checkout.iife.js',
      './custom-elements.json': './custom-elements.json',
      './package.json': './package.json',
    },
    dependencies: { lit: `^${root.dependencies.lit}` },
    peerDependencies: { react: '^18.0.0 || ^19.0.0' },
    peerDependenciesMeta: { react: { optional: true } },
  };
  writeFileSync(join(PACKAGE_DIR, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function buildPackage(options: { types?: boolean } = {}): Promise<void> {
  rmSync(PACKAGE_DIR, { recursive: true, force: true });
  mkdirSync(PACKAGE_DIR, { recursive: true });
  await buildBrowser();
  await buildTesting();
  if (options.types !== false) buildTypes();
  const manifest = join(ROOT, 'dist', 'custom-elements.json');
  copyFileSync(manifest, join(PACKAGE_DIR, 'custom-elements.json'));
  copyFileSync(join(ROOT, 'README.md'), join(PACKAGE_DIR, 'README.md'));
  writeManifest();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  await buildPackage({ types: !process.argv.includes('--no-types') });
  const files = walk(PACKAGE_DIR).map((file) => relative(PACKAGE_DIR, file));
  console.log(
    `package: ${files.filter((f) => !f.startsWith('types')).length} files and ${files.filter((f) => f.startsWith('types')).length} declarations in dist/package/ (${Date.now() - started} ms)`,
  );
}
