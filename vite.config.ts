// Widget bundles (`npm run build`): an ES module and a classic-script IIFE, both self-contained
// (Lit bundled), minified, with source maps. The entry defines <umf-checkout> and its steps.
import { defineConfig, type Plugin } from 'vite';

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

export default defineConfig({
  plugins: [minifyLitCss()],
  build: {
    outDir: 'dist',
    sourcemap: true,
    target: 'es2022',
    lib: {
      entry: 'widget/index.ts',
      name: 'UmfCheckout',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'umf-checkout.js' : 'umf-checkout.iife.js'),
    },
    rolldownOptions: { output: { minify: true } },
  },
});
