// The production server build (`npm run build:server`): server/main.ts and everything it
// imports as one ES module for Node, build/server/main.js (npm packages stay imports from
// node_modules). It lives two folders below the repository like the sources, so the paths the
// server reads relative to its own file (dist/ for the widget bundles, schema/) stay the same.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    ssr: 'server/main.ts',
    outDir: 'build/server',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: { output: { entryFileNames: 'main.js' } },
  },
});
