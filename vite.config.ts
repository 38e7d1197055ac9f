// Widget bundles (`npm run build`): an ES module and a classic-script IIFE, both self-contained
// (Lit bundled), minified, with source maps. The entry defines <umf-checkout> and its steps.
// The ES module loads what a checkout may not need on demand, from chunks/ next to it: each
// locale's texts, the QR/WeChat steps, and the steps after the first screen. The IIFE stays one file: built
// after the ES module from the same entry, with those dynamic imports made static.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform as transformCss } from 'lightningcss';
import MagicString from 'magic-string';
import {
  build,
  defineConfig,
  type InlineConfig,
  type Plugin,
  parseAst,
  type ResolvedConfig,
  type UserConfig,
} from 'vite';
import { precompress } from './scripts/precompress.ts';

/** A replacement of `code.slice(start, end)` by `text` (start = end: an insertion). */
type Edit = { start: number; end: number; text: string };

/**
 * Applies edits (in order, not overlapping) to a module's code, with the source map back to
 * it (magic-string, each word of the kept text mapped where it was). The bundler composes the
 * maps, so the bundles' maps still lead to the sources.
 */
function applyEdits(code: string, id: string, edits: Edit[]) {
  const out = new MagicString(code);
  for (const { start, end, text } of edits) {
    if (start === end) out.appendLeft(start, text);
    else if (text) out.update(start, end, text);
    else out.remove(start, end);
  }
  return {
    code: out.toString(),
    map: out.generateMap({ source: id, includeContent: true, hires: 'boundary' }),
  };
}

/**
 * Lit's css`` templates are not minified by the bundler: Lightning CSS minifies them (shortest
 * colours and values, merged rules; no interpolations or escapes are used, so the template's
 * text is the stylesheet).
 */
/** The browsers of the bundles' es2022 target: CSS keeps the syntax they all read. */
const CSS_TARGETS = {
  chrome: 94 << 16,
  edge: 94 << 16,
  firefox: 93 << 16,
  safari: (15 << 16) | (4 << 8),
};

function minifyLitCss(): Plugin {
  return {
    name: 'umf-minify-lit-css',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      const edits = [...code.matchAll(/css`([^`]*)`/g)].map((match) => {
        const text = match[1];
        if (/[\\$]/.test(text))
          throw new Error(`${id}: a css\`\` template with \\ or $ is not minified`);
        const { code: minified } = transformCss({
          filename: id,
          code: Buffer.from(text),
          minify: true,
          targets: CSS_TARGETS,
        });
        const start = match.index + 4;
        return { start, end: start + text.length, text: minified.toString() };
      });
      return applyEdits(code, id, edits);
    },
  };
}

type AstNode = { type: string; start: number; end: number; [key: string]: unknown };

/** Calls `enter` on every node of an AST, depth first. */
function walk(value: unknown, enter: (node: AstNode) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, enter);
    return;
  }
  if (!value || typeof value !== 'object' || typeof (value as AstNode).type !== 'string') return;
  const node = value as AstNode;
  enter(node);
  for (const key in node) if (key !== 'type') walk(node[key], enter);
}

const ROOT = fileURLToPath(new URL('./', import.meta.url));

const identifiers = (text: string) => text.match(/[A-Za-z_$][\w$]*/g) ?? [];

/** The files under a folder of the repository whose names end so (tests live elsewhere). */
const files = (folder: string, suffix: string): string[] =>
  readdirSync(`${ROOT}${folder}`, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(suffix))
    .map((name) => `${ROOT}${folder}/${name}`);

/**
 * The IIFE is one chunk, so the minifier may shorten property names across all of it: the
 * Translation's members (`methodHeading`, `smsSentTo`, …), which exist only between the two
 * locales' objects and the views that read them, and the members the widget's classes declare
 * `private` (`renderBank`, `onKeydown`, …), which only their own class reads. A member keeps its
 * name when anything could reach it by a string: a word inside any string or template text of
 * the widget or common/ (`t.fields[field]` reads by value; a template's `.prop=${…}` binding;
 * a reactive property's name), a name the platform's or Lit's typings declare (a DOM property,
 * a lifecycle method the browser calls), or a name of the GraphQL schema (answers and variables
 * are JSON). What is left is renamed consistently, so the locales, the views and the classes
 * still agree; the ES build (several chunks) keeps the names.
 */
function internalMembers(): RegExp {
  const declared = readFileSync(`${ROOT}widget/localize/translations/translation.ts`, 'utf8');
  const members = new Set([...declared.matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]));
  const sources = [...files('widget', '.ts'), ...files('common', '.ts')];
  const privateMember = /\bprivate\s+(?:(?:readonly|static|async|get|set)\s+)*([A-Za-z_]\w*)/g;
  for (const file of files('widget', '.ts'))
    for (const [, name] of readFileSync(file, 'utf8').matchAll(privateMember)) members.add(name);
  const reserved = new Set<string>(
    identifiers(readFileSync(`${ROOT}schema/schema.graphql`, 'utf8')),
  );
  const typings = [
    'node_modules/typescript/lib',
    'node_modules/lit',
    'node_modules/lit-html',
    'node_modules/lit-element',
    'node_modules/@lit/reactive-element',
  ];
  for (const file of typings.flatMap((folder) => files(folder, '.d.ts')))
    for (const word of identifiers(readFileSync(file, 'utf8'))) reserved.add(word);
  for (const file of sources) {
    walk(parseAst(readFileSync(file, 'utf8'), { lang: 'ts' }), (node) => {
      const text =
        node.type === 'Literal' && typeof node.value === 'string'
          ? node.value
          : node.type === 'TemplateElement'
            ? (node.value as { raw: string }).raw
            : '';
      for (const word of identifiers(text)) reserved.add(word);
    });
  }
  const renamed = [...members].filter((name) => !reserved.has(name));
  // Lit's own cross-module members (`_$AH`, `_$Em`, …: two letters after `_$`, read only by
  // Lit's modules, never by a string) are renamed too; the one copy of Lit is all in this file.
  // Its markers (`_$litType$`, `_$cssResult$`, …) keep their names.
  return new RegExp(`^(?:${renamed.join('|')}|_\\$[A-Z][A-Za-z_])$`);
}

/** The static parts (start, end) of every html`` and svg`` template in a module, in order. */
function litTemplateParts(code: string): [number, number][] {
  const parts: [number, number][] = [];
  walk(parseAst(code), (node) => {
    const tag = node.tag as AstNode | undefined;
    if (
      node.type === 'TaggedTemplateExpression' &&
      tag?.type === 'Identifier' &&
      (tag.name === 'html' || tag.name === 'svg')
    ) {
      for (const quasi of (node.quasi as { quasis: AstNode[] }).quasis)
        parts.push([quasi.start, quasi.end]);
    }
  });
  return parts.sort((a, b) => a[0] - b[0]);
}

/**
 * Lit's html`` templates are not minified by the bundler either: a run of whitespace that
 * spans a line break (the source's indentation) becomes one space. HTML renders any run of
 * whitespace as one space (the widget styles nothing with white-space: pre), and attributes are
 * separated the same, so what the customer sees is unchanged; a run is never dropped, as a
 * binding next to it (`${a}\n  @input=${b}`) needs its separator.
 */
function minifyLitHtml(): Plugin {
  return {
    name: 'umf-minify-lit-html',
    enforce: 'post',
    transform(code, id) {
      if (!id.includes('/widget/') || !/\b(html|svg)`/.test(code)) return null;
      const edits: Edit[] = [];
      for (const [start, end] of litTemplateParts(code)) {
        // A backslash before a line break continues the line: left as written.
        for (const run of code.slice(start, end).matchAll(/(?<!\\)\s*\n\s*/g)) {
          const at = start + run.index;
          edits.push({ start: at, end: at + run[0].length, text: ' ' });
        }
      }
      return edits.length ? applyEdits(code, id, edits) : null;
    },
  };
}

/**
 * For the one-file IIFE: `import('./x.ts')` in the widget becomes a static import of the same
 * module (a resolved promise of it), so no lazy-module wrappers are bundled. The loaders' form
 * `import('./x.ts').then((m) => m.name)` becomes a promise of that one binding, so the bundle
 * needs no namespace object for the module; any other use gets the namespace.
 */
function staticImports(): Plugin {
  const lazy = /\bimport\((['"])(\.[^'"]+)\1\)(?:\.then\(\(?(\w+)\)?\s*=>\s*\3\.(\w+)\))?/g;
  return {
    name: 'umf-static-imports',
    transform(code, id) {
      if (!id.includes('/widget/') || !code.includes('import(')) return null;
      const imports: string[] = [];
      const edits: Edit[] = [...code.matchAll(lazy)].map((match) => {
        const [whole, , path, , binding] = match;
        const name = `__umfStatic${imports.length}`;
        const what = binding ? `{ ${binding} as ${name} }` : `* as ${name}`;
        imports.push(`import ${what} from ${JSON.stringify(path)};`);
        return {
          start: match.index,
          end: match.index + whole.length,
          text: `Promise.resolve(${name})`,
        };
      });
      if (!edits.length) return null;
      return applyEdits(code, id, [
        { start: 0, end: 0, text: `${imports.join('\n')}\n` },
        ...edits,
      ]);
    },
  };
}

/**
 * The widget's scripts get a second minifier after the bundler's: terser, two passes, with the
 * unsafe-but-sound rewrites of ES2020+ code (arrow methods, getters without side effects): about
 * 150 B of gzip the first pass leaves on the IIFE, 160 B on the ES entry. Run on each written file
 * and its map (the map then leads from terser's output through the bundler's to the sources).
 * Then the compressed copies the BFF serves are written beside each (scripts/precompress.ts).
 * Only in this config's own builds: the npm package's build reuses these plugins and skips it.
 */
function finishScripts(): Plugin {
  let widgetBuild = false;
  return {
    name: 'umf-finish-scripts',
    apply: 'build',
    configResolved(config) {
      widgetBuild = isWidgetBuild(config.build.lib);
    },
    async writeBundle(options, bundle) {
      if (!widgetBuild) return;
      const { minify } = await import('terser');
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const path = `${options.dir}/${chunk.fileName}`;
        const code = readFileSync(path, 'utf8');
        const map = readFileSync(`${path}.map`, 'utf8');
        const result = await minify(code, {
          ecma: 2020,
          module: options.format === 'es',
          toplevel: true,
          compress: { passes: 2, unsafe_arrows: true, unsafe_methods: true, pure_getters: true },
          mangle: { toplevel: true },
          format: { comments: false },
          sourceMap: { content: map, url: `${basename(path)}.map` },
        });
        if (!result.code || typeof result.map !== 'string')
          throw new Error(`terser gave no code for ${chunk.fileName}`);
        writeFileSync(path, result.code);
        writeFileSync(`${path}.map`, result.map);
        await precompress(path);
      }
    },
  };
}

const WIDGET_ENTRY = 'widget/index.ts';
const CARD_CHUNK =
  /\/(widget\/(steps\/(payment|card|sms|result)-steps?|controllers\/card-payment|flow\/card-fields)|common\/validate)\.ts$/;

/** Whether a build is this config's widget build (ES or IIFE), not another reusing its plugins. */
const isWidgetBuild = (lib: ResolvedConfig['build']['lib']) =>
  lib !== false && lib.entry === WIDGET_ENTRY;

/** terser and zopfli take seconds in writeBundle, by design: not a slow plugin to warn of. */
const QUIET = { bundlerTimings: false };

const shared = {
  outDir: 'dist',
  sourcemap: true,
  target: 'es2022',
} satisfies UserConfig['build'];

const iife: InlineConfig = {
  configFile: false,
  logLevel: 'warn',
  plugins: [minifyLitCss(), minifyLitHtml(), staticImports(), finishScripts()],
  build: {
    ...shared,
    emptyOutDir: false,
    lib: {
      entry: WIDGET_ENTRY,
      name: 'UmfCheckout',
      formats: ['iife'],
      fileName: () => 'umf-checkout.iife.js',
    },
    rolldownOptions: {
      checks: QUIET,
      output: { minify: { mangleProps: { include: internalMembers() } } },
    },
  },
};

/**
 * Builds the IIFE once the ES module is written (one `vite build` makes both); only after this
 * config's own build (other builds reusing these plugins, e.g. the npm package's, skip it).
 */
function iifeBuild(): Plugin {
  let widgetBuild = false;
  return {
    name: 'umf-iife-build',
    apply: 'build',
    configResolved(config) {
      widgetBuild = isWidgetBuild(config.build.lib);
    },
    async closeBundle() {
      if (widgetBuild) await build(iife);
    },
  };
}

export default defineConfig({
  plugins: [minifyLitCss(), minifyLitHtml(), finishScripts(), iifeBuild()],
  build: {
    ...shared,
    lib: {
      entry: WIDGET_ENTRY,
      formats: ['es'],
      fileName: () => 'umf-checkout.js',
    },
    rolldownOptions: {
      // The lazy chunks import what they share with the entry from the entry itself (no third
      // file): the ES module may export a few more (minified) bindings than the entry's own.
      preserveEntrySignatures: 'allow-extension',
      checks: QUIET,
      output: {
        minify: true,
        chunkFileNames: 'chunks/[name]-[hash].js',
        // What a card payment needs after the first screen is one chunk, asked for once that
        // screen has its checkout: the card form, SMS and result steps, the card payment's
        // requests and the field rules they share (encrypt-card's chunk imports those from it).
        codeSplitting: {
          groups: [
            { name: 'payment-steps', test: CARD_CHUNK, includeDependenciesRecursively: false },
          ],
        },
      },
    },
  },
});
