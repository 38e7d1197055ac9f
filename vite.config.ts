// Widget bundles (`npm run build`): an ES module and a classic-script IIFE, both self-contained
// (Lit bundled), minified, with source maps. The entry defines <umf-checkout> (issue 4).
import { defineConfig } from 'vite';

export default defineConfig({
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
