// The production server build (`npm run build:server`): server/main.ts and everything it
// imports, npm packages included, as ES modules for Node in build/server/ (main.js, and chunks/
// for what loads only when used: the PostgreSQL driver). One bundle instead of some 1,100
// module files: Node keeps every module file it loads (its source, a module record, the
// loader's bookkeeping), which cost about 25 MB of resident memory before the first request,
// and the bundle leaves out what the BFF never runs (other SQL dialects, Yoga's landing page …).
// V8 keeps the source too: ASCII only (escapes instead of the zh-CN texts) and without
// comments it is one byte a character and a third smaller. Two packages stay imports from
// node_modules: better-sqlite3 (a native addon) and GraphiQL's 9 MB of assets, loaded only when
// a developer opens it. The folder is two below the repository like the sources, so the paths
// the server reads relative to its own file (dist/ for the widget bundles, schema/) stay the
// same.
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  ssr: { noExternal: true, external: ['better-sqlite3', '@graphql-yoga/render-graphiql'] },
  build: {
    ssr: 'server/main.ts',
    outDir: 'build/server',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    minify: false,
    rolldownOptions: {
      output: {
        entryFileNames: 'main.js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        charset: 'ascii',
        comments: { legal: true, annotation: false, jsdoc: false },
      },
    },
  },
});
