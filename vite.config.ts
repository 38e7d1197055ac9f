// Widget bundles (`npm run build`): an ES module and a classic-script IIFE, both self-contained
// (Lit bundled), minified, with source maps. The entry defines <umf-checkout> and its steps.
// The ES module loads what a checkout may not need on demand, from chunks/ next to it: each
// locale's texts and the QR/WeChat steps with the QR encoder. The IIFE stays one file: built
// after the ES module from the same entry, with those dynamic imports made static.
import { build, defineConfig, type InlineConfig, type Plugin, type UserConfig } from 'vite';

/** Lit's css`` templates are not minified by the bundler: collapse them (no interpolations used). */
function minifyLitCss(): Plugin {
  return {
    name: 'umf-minify-lit-css',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      return code.replace(/css`([^`]*)`/g, (_match, text: string) => {
        const minified = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{}:;,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${minified}\``;
      });
    },
  };
}

/**
 * For the one-file IIFE: `import('./x.ts')` in the widget becomes a static import of the same
 * module (a resolved promise of its namespace), so no lazy-module wrappers are bundled.
 */
function staticImports(): Plugin {
  return {
    name: 'umf-static-imports',
    transform(code, id) {
      if (!id.includes('/widget/') || !code.includes('import(')) return null;
      const imports: string[] = [];
      const rewritten = code.replace(/\bimport\((['"])(\.[^'"]+)\1\)/g, (_match, _q, path) => {
        const name = `__umfStatic${imports.length}`;
        imports.push(`import * as ${name} from ${JSON.stringify(path)};`);
        return `Promise.resolve(${name})`;
      });
      return imports.length ? `${imports.join('\n')}\n${rewritten}` : null;
    },
  };
}

const WIDGET_ENTRY = 'widget/index.ts';

const shared = {
  outDir: 'dist',
  sourcemap: true,
  target: 'es2022',
} satisfies UserConfig['build'];

const iife: InlineConfig = {
  configFile: false,
  logLevel: 'warn',
  plugins: [minifyLitCss(), staticImports()],
  build: {
    ...shared,
    emptyOutDir: false,
    lib: {
      entry: WIDGET_ENTRY,
      name: 'UmfCheckout',
      formats: ['iife'],
      fileName: () => 'umf-checkout.iife.js',
    },
    rolldownOptions: { output: { minify: true } },
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
      widgetBuild = config.build.lib !== false && config.build.lib.entry === WIDGET_ENTRY;
    },
    async closeBundle() {
      if (widgetBuild) await build(iife);
    },
  };
}

export default defineConfig({
  plugins: [minifyLitCss(), iifeBuild()],
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
      output: { minify: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
});
