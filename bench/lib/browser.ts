// Navigation → `umf-ready` in headless Chromium: a merchant page (served by a plain node server
// of the bench, its own origin) embeds <umf-checkout> from the BFF, or the floor element, with
// the same client secret; each navigation in a fresh browser context (a first visit, cold
// cache); the time is performance.now() when the element's `umf-ready` fired.
// Both scripts come from the BFF, through its bundle route (the floor is put beside the widget's
// chunks for the run): the same origin, server, compression and connections, so the two pages
// differ only in the element.
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from '../../test/support/chromium.ts';
import { freePort } from './procs.ts';
import { ROOT } from './stack.ts';

const READY = 'umf-ready at';

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

/**
 * The merchant's page: the element's one-line embed (a module script in the head, the element in
 * the body). The page notes performance.now() when `umf-ready` fires and logs it to the console:
 * the bench only listens (it runs no script in the page while the element starts).
 */
export function embedPage(scriptUrl: string, tag: string, endpoint: string, clientSecret: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script type="module" src="${scriptUrl}"></script></head><body>
<${tag} endpoint="${endpoint}" client-secret="${clientSecret}"></${tag}>
<script>document.querySelector('${tag}').addEventListener('umf-ready',
  () => console.log('${READY} ' + performance.now()), { once: true });</script>
</body></html>`;
}

/**
 * Puts the floor's ES bundle where the BFF serves the widget's chunks (dist/chunks/, a content
 * hash in its name as the build names chunks); returns its path on the BFF and its removal.
 */
export function floorOnBff(
  es: Buffer,
  dist = join(ROOT, 'dist'),
): { path: string; remove(): void } {
  const name = `bench-floor-${createHash('sha256').update(es).digest('hex').slice(0, 8)}.js`;
  const file = join(dist, 'chunks', name);
  writeFileSync(file, es);
  return { path: `/chunks/${name}`, remove: () => rmSync(file, { force: true }) };
}

/**
 * `rounds` rounds of `perRound` navigations to each page, the pages' order turned at every
 * turn (A B, B A, …) so neither always follows the other; each page's samples by round.
 */
export async function alternate(
  navigate: (url: string) => Promise<number>,
  urls: readonly string[],
  rounds: number,
  perRound: number,
): Promise<number[][][]> {
  const samples = urls.map(() => Array.from({ length: rounds }, () => [] as number[]));
  for (let round = 0; round < rounds; round += 1)
    for (let n = 0; n < perRound; n += 1) {
      const order = urls.map((_, i) => i);
      if ((round * perRound + n) % 2) order.reverse();
      for (const i of order) samples[i][round].push(await navigate(urls[i]));
    }
  return samples;
}

/**
 * Where a navigation's main thread went, from its Chromium trace (thread time, so a busy machine
 * does not inflate it), in ms: all of it from navigation start to `umf-ready`, the part after
 * the Checkout answer and the locale's texts were both in, the wall time of that part, and how
 * long after the answer the texts came (0 when they came first or the page has none). Then when,
 * after navigation start (as the page's main thread saw it), the element's script was in, the
 * Checkout read left, its answer was in, the texts were in (0 without texts) and `umf-ready` fired.
 */
export type NavCpu = {
  cpuToReady: number;
  cpuAfterAnswer: number;
  wallAfterAnswer: number;
  textsLate: number;
  scriptIn: number;
  readSent: number;
  answerIn: number;
  textsIn: number;
  ready: number;
};

type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, unknown> };
};

/** The trace categories NavCpu is read from (tasks with their thread time, loads, events). */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'loading',
];

export function navCpu(events: TraceEvent[]): NavCpu {
  const ready = events.find(
    (e) => e.name === 'EventDispatch' && e.args?.data?.type === 'umf-ready',
  );
  const start = events.find((e) => e.name === 'navigationStart' && e.pid === ready?.pid);
  if (!ready || !start) throw new Error('the trace has no navigationStart or umf-ready');
  const urls = new Map<string, string>();
  let answer = Number.NaN;
  let texts = 0;
  let script = Number.NaN;
  let sent = Number.NaN;
  for (const e of events) {
    const data = e.args?.data;
    if (!data) continue;
    if (e.name === 'ResourceSendRequest') {
      urls.set(String(data.requestId), String(data.url));
      if (String(data.url).endsWith('/graphql') && Number.isNaN(sent)) sent = e.ts;
    }
    if (e.name !== 'ResourceFinish') continue;
    const url = urls.get(String(data.requestId)) ?? '';
    if (url.endsWith('/graphql') && Number.isNaN(answer)) answer = e.ts;
    if (/\/chunks\/(en|zh-CN)-/.test(url)) texts = e.ts;
    else if (url.endsWith('.js') && Number.isNaN(script)) script = e.ts;
  }
  const tasks = events.filter(
    (e) => e.pid === ready.pid && e.tid === ready.tid && e.name === 'RunTask' && e.dur,
  );
  /** Thread time of the main thread's tasks between `from` and `to` (a task cut in proportion). */
  const cpu = (from: number, to: number) => {
    let sum = 0;
    for (const task of tasks) {
      const overlap = Math.min(to, task.ts + (task.dur ?? 0)) - Math.max(from, task.ts);
      if (overlap > 0) sum += ((task.tdur ?? 0) * overlap) / (task.dur ?? 1);
    }
    return sum / 1000;
  };
  const both = Math.max(answer, texts);
  const since = (ts: number) => (ts - start.ts) / 1000;
  return {
    cpuToReady: cpu(start.ts, ready.ts),
    cpuAfterAnswer: cpu(both, ready.ts),
    wallAfterAnswer: (ready.ts - both) / 1000,
    textsLate: Math.max(0, texts - answer) / 1000,
    scriptIn: since(script),
    readSent: since(sent),
    answerIn: since(answer),
    textsIn: texts ? since(texts) : 0,
    ready: since(ready.ts),
  };
}

/**
 * Runs `run` with a `navigate(url)` that opens `url` in a fresh browser context and resolves
 * with the page's `umf-ready` time. With `traced`, each navigation is traced (which slows it:
 * not for the figure itself) and `traced` gets where its main thread went.
 */
export async function withBrowser<T>(
  run: (navigate: (url: string) => Promise<number>) => Promise<T>,
  traced?: (url: string, cpu: NavCpu) => void,
) {
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    return await run(async (url) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const ready = page.waitForEvent('console', {
          predicate: (message) => message.text().startsWith(READY),
          timeout: 15_000,
        });
        ready.catch(() => undefined); // awaited below, after the navigation
        const failed = new Promise<never>((_, reject) => {
          page.on('pageerror', reject);
        });
        if (traced) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
        await Promise.race([page.goto(url), failed]);
        const message = await Promise.race([ready, failed]);
        if (traced) {
          const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
            traceEvents: TraceEvent[];
          };
          traced(url, navCpu(trace.traceEvents));
        }
        return Number(message.text().slice(READY.length));
      } finally {
        await context.close();
      }
    });
  } finally {
    await browser.close();
  }
}
