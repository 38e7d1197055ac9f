// GraphiQL without a CDN: Yoga's page loads its bundle, styles and editor workers from unpkg by
// default, so offline (and on many merchant networks) it never renders. The same build ships
// in @graphql-yoga/render-graphiql; its parts are served here under /graphiql/<version>/ and the
// page references only those (README "Configuration": GraphiQL is open in development).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GraphiQLOptions } from 'graphql-yoga';
import { GRAPHIQL_CSP } from './security-headers.ts';

const packageDir = dirname(
  dirname(createRequire(import.meta.url).resolve('@graphql-yoga/render-graphiql')),
);
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  version: string;
};

export const GRAPHIQL_ASSETS = `/graphiql/${version}/`;

const WORKERS = {
  editorWorkerService: 'editor.worker.js',
  json: 'json.worker.js',
  graphql: 'graphql.worker.js',
} as const;

// Reads the options from the page's JSON block, points Monaco at the workers beside it, renders.
const START = `(() => {
  const base = new URL('./', document.currentScript.src);
  const workers = ${JSON.stringify(WORKERS)};
  self.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: (_moduleId, label) => new URL(workers[label] || workers.editorWorkerService, base).href,
  };
  const options = JSON.parse(document.getElementById('graphiql-options').textContent);
  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
})();
`;

/** Yoga's `renderGraphiQL`: the page, with every asset a local URL. */
export function renderLocalGraphiQL(options: GraphiQLOptions = {}): string {
  const title = escapeHtml(options.title ?? 'umf-checkout GraphiQL');
  // A JSON data block is not run; `<` escaped so no value can close the element.
  const json = JSON.stringify(options).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${title}</title>
<link rel="icon" href="${GRAPHIQL_ASSETS}favicon.ico">
<link rel="stylesheet" href="${GRAPHIQL_ASSETS}graphiql.css">
</head>
<body id="body" class="no-focus-outline">
<noscript>You need to enable JavaScript to run GraphiQL.</noscript>
<div id="root"></div>
<script type="application/json" id="graphiql-options">${json}</script>
<script src="${GRAPHIQL_ASSETS}graphiql.js"></script>
<script src="${GRAPHIQL_ASSETS}start.js"></script>
</body>
</html>
`;
}

type Asset = { type: string; body: () => Promise<string | Uint8Array<ArrayBuffer>> };

/** The package's parts, loaded on first use (≈9 MB of JavaScript the BFF needs only then). */
const parts = () => import('@graphql-yoga/render-graphiql/graphiql');

const ASSETS: Record<string, Asset> = {
  'graphiql.js': { type: 'text/javascript; charset=utf-8', body: async () => (await parts()).js },
  'graphiql.css': { type: 'text/css; charset=utf-8', body: async () => (await parts()).css },
  'start.js': { type: 'text/javascript; charset=utf-8', body: async () => START },
  'favicon.ico': { type: 'image/x-icon', body: async () => dataUrlBytes((await parts()).favicon) },
  [WORKERS.editorWorkerService]: {
    type: 'text/javascript; charset=utf-8',
    body: async () => (await parts()).editorWorkerService,
  },
  [WORKERS.json]: {
    type: 'text/javascript; charset=utf-8',
    body: async () => (await parts()).jsonWorker,
  },
  [WORKERS.graphql]: {
    type: 'text/javascript; charset=utf-8',
    body: async () => (await parts()).graphqlWorker,
  },
};

/** The answer for a GraphiQL asset, or undefined when the request is for something else. */
export async function graphiqlAsset(request: Request): Promise<Response | undefined> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith(GRAPHIQL_ASSETS)) return undefined;
  const asset = ASSETS[pathname.slice(GRAPHIQL_ASSETS.length)];
  if (asset === undefined) return undefined;
  const body = await asset.body();
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: {
      'Content-Type': asset.type,
      // The path names the package version: a new version is a new URL.
      'Cache-Control': 'public, max-age=31536000, immutable',
      // Workers take the policy of their own response.
      'Content-Security-Policy': GRAPHIQL_CSP,
    },
  });
}

function dataUrlBytes(url: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
