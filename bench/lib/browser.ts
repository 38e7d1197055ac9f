// Navigation → `umf-ready` in headless Chromium: a merchant page (served by a plain node server
// of the bench, its own origin) embeds <umf-checkout> from the BFF, or the floor element, with
// the same client secret; each navigation in a fresh browser context (a first visit, cold
// cache); the time is performance.now() when the element's `umf-ready` fired.
import { createServer, type Server } from 'node:http';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { freePort } from './procs.ts';

export type PageServer = {
  origin: string;
  set(pages: Record<string, { type: string; body: string | Buffer }>): void;
  close(): Promise<void>;
};

export async function startPageServer(): Promise<PageServer> {
  let pages: Record<string, { type: string; body: string | Buffer }> = {};
  const server: Server = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' }).end(page.body);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (next) => {
      pages = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function embedPage(scriptUrl: string, tag: string, endpoint: string, clientSecret: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script type="module" src="${scriptUrl}"></script></head><body>
<${tag} endpoint="${endpoint}" client-secret="${clientSecret}"></${tag}>
<script>window.__ready = new Promise((resolve) => document.querySelector('${tag}')
  .addEventListener('umf-ready', () => resolve(performance.now()), { once: true }));</script>
</body></html>`;
}

export async function withBrowser<T>(
  run: (navigate: (url: string) => Promise<number>) => Promise<T>,
) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    return await run(async (url) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(url);
        return await page.evaluate(() =>
          Promise.race([
            (window as unknown as { __ready: Promise<number> }).__ready,
            new Promise<number>((_, reject) =>
              setTimeout(() => reject(new Error('no umf-ready in 15 s')), 15_000),
            ),
          ]),
        );
      } finally {
        await context.close();
      }
    });
  } finally {
    await browser.close();
  }
}
