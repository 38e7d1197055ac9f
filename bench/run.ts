// `npm run bench`: every figure of the performance table in one run, each beside its baseline
// measured in the same run on the same machine (a bare graphql-yoga answering the same
// document with the same bytes; a bare Lit element doing the same Checkout POST), medians of 3
// rounds with their spread, and whether each goal is met. `--quick`: short rounds (a smoke
// run, not for the table). `--profile`: afterwards, CPU profiles of the BFF under the checkout
// read and under whole checkouts, and traced navigations, summarised. `--only <group>[,…]`:
// only those figures (GROUPS below; the default is all of them). README.md in this folder
// explains each figure.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentHash, OPERATIONS } from '../widget/api/client.ts';
import {
  alternate,
  embedPage,
  floorOnBff,
  type NavCpu,
  startPageServer,
  withBrowser,
} from './lib/browser.ts';
import {
  buildFloor,
  buildServer,
  buildWidget,
  type Sizes,
  type WidgetSizes,
  widgetSizes,
} from './lib/bundle.ts';
import { exchange } from './lib/exchange.ts';
import { type LoadResult, runLoad } from './lib/load.ts';
import { type Child, freePort, machineCpuMicros, startChild } from './lib/procs.ts';
import { mainThreadProfile, monotonicMicros, summarise } from './lib/profile.ts';
import {
  type Bff,
  type BffRuntime,
  checkoutRun,
  compiledRuntime,
  createCheckout,
  post,
  ROOT,
  reuse,
  startBff,
  startSandboxProcess,
  tsxRuntime,
  WIDGET_HEADERS,
  widgetBody,
} from './lib/stack.ts';
import { median, percentile, type Spread, spread, spreadPct } from './lib/stats.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profiling = args.includes('--profile');
const compiledOnly = args.includes('--compiled-only');
/** The figures' groups, for `--only` (the default: every group). */
const GROUPS = ['bundles', 'reads', 'wire', 'nav', 'checkouts', 'memory'] as const;
type Group = (typeof GROUPS)[number];
const only = args.flatMap((arg, i) =>
  arg === '--only'
    ? (args[i + 1] ?? '').split(',')
    : arg.startsWith('--only=')
      ? arg.slice('--only='.length).split(',')
      : [],
);
const unknown = only.filter((name) => !(GROUPS as readonly string[]).includes(name));
if (unknown.length) {
  console.error(`bench: unknown --only group ${unknown.join(', ')} (groups: ${GROUPS.join(', ')})`);
  process.exit(2);
}
const wants = (...groups: Group[]) =>
  only.length === 0 || groups.some((group) => (only as string[]).includes(group));
const ROUNDS = 3;
const T = quick
  ? { readMs: 1500, warmupMs: 500, p99Ms: 2000, checkouts: 30, customers: 10, navigations: 2 }
  : { readMs: 5000, warmupMs: 1000, p99Ms: 5000, checkouts: 334, customers: 10, navigations: 10 };

type Row = {
  figure: string;
  now: string;
  baseline: string;
  ratio: string;
  goal: string;
  met: string;
};
const rows: Row[] = [];
const notes: string[] = [];
const profileLines: string[] = [];
const log = (line: string) => console.error(`· ${line}`);

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
const pm = (s: Spread) => ` ±${spreadPct(s).toFixed(0)} %`;
const met = (ok: boolean | undefined) => (ok === undefined ? '—' : ok ? 'met' : 'NOT met');

function add(row: Row) {
  rows.push(row);
  log(`${row.figure}: ${row.now} vs ${row.baseline} → ${row.ratio} (${row.met})`);
}

const dir = mkdtempSync(join(tmpdir(), 'umf-bench-'));
const children: Child[] = [];
const track = <T extends { child: Child }>(started: T) => {
  children.push(started.child);
  return started;
};

async function startBare(answerFile: string): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const { child, match } = await startChild(
    [join(ROOT, 'bench/bare-yoga.mjs')],
    { BARE_ANSWER_FILE: answerFile, BARE_PORT: String(port) },
    /listening on (http:\/\/\S+)/,
    join(dir, `bare-${port}.log`),
  );
  return track({ child, url: match[1] });
}

/** One load run against `child`: its result and the child's CPU µs per answer. */
async function loadWithCpu(child: Child, run: () => Promise<LoadResult>) {
  const before = child.cpuMicros();
  const result = await run();
  const cpu = (child.cpuMicros() - before) / Math.max(1, result.total);
  if (result.errors > 0)
    notes.push(`${result.errors} errors in a load run (last HTTP ${result.lastStatus})`);
  return { result, cpu };
}

/** A GET's status, headers and the bytes on the wire (as sent, compressed or not). */
async function get(url: string, headers: Record<string, string>) {
  const answer = await exchange(url, { headers });
  return { status: answer.status, headers: answer.headers, bytes: answer.bytes.length };
}

const settle = (milliseconds: number) =>
  new Promise((resolve) => setTimeout(resolve, milliseconds));

async function main() {
  console.error(
    `bench: ${quick ? 'quick' : 'full'} run${only.length ? ` (only ${only.join(', ')})` : ''}, ${ROUNDS} rounds; load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  // The production build is made fresh (a stale one would measure old code), unless
  // BENCH_COMPILED_ENTRY names one to measure.
  const bffFigures = wants('reads', 'wire', 'nav', 'checkouts', 'memory');
  if (bffFigures && !process.env.BENCH_COMPILED_ENTRY) {
    log('building the server (build:server)');
    buildServer();
  }
  const compiled = compiledRuntime();
  const runtimes: BffRuntime[] = compiledOnly && compiled ? [] : [tsxRuntime()];
  if (compiled) runtimes.push(compiled);
  else if (bffFigures)
    notes.push(
      'no compiled server build found (build:server): BFF figures are for the tsx loader only',
    );

  // ---- bundles (built first: the BFF serves dist/) ----
  let built: { widget: WidgetSizes; floor: Floor } | undefined;
  if (wants('bundles', 'wire', 'nav')) {
    log('building the widget (vite build) and the floor element');
    buildWidget();
    const checkoutHash = await documentHash(OPERATIONS.Checkout);
    built = {
      widget: await widgetSizes(),
      floor: await buildFloor(join(dir, 'floor'), checkoutHash),
    };
    if (wants('bundles')) bundleRows(built.widget, built.floor.sizes);
  }
  if (!bffFigures) return;
  const pages = await startPageServer();
  const sandbox = track(await startSandboxProcess(dir));
  const origins = `${pages.origin},https://shop.example`;

  // ---- checkout read: req/s at 10 connections, CPU per read, p99 at 50 connections; the
  // bundle on the wire and the navigations with the first runtime's BFF ----
  const readRuntimes = wants('reads') ? runtimes : wants('wire', 'nav') ? runtimes.slice(0, 1) : [];
  for (const runtime of readRuntimes) {
    const tag = runtimes.length > 1 ? ` (${runtime.name})` : '';
    log(`checkout read${tag}: starting a BFF${wants('reads') ? ' and a bare Yoga' : ''}`);
    const bff = track(
      await startBff({
        dir,
        sandbox,
        runtime,
        allowedOrigins: origins,
        name: `read-${runtime.name}`,
      }),
    );
    const read = await checkoutRead(bff.url);
    if (wants('reads')) await readRows(bff, read, tag, runtime === runtimes[0]);
    if (runtime === runtimes[0] && built) {
      if (wants('wire')) await wireRow(bff, built.widget);
      if (wants('nav')) await navRow(bff, pages, built.floor, read.clientSecret);
    }
    await bff.child.stop();
  }

  // ---- whole card checkouts/s and RSS ----
  if (wants('checkouts', 'memory')) await checkoutRows(runtimes, sandbox, origins);
  notes.push(
    `keep-alive, the merchant's and customers' calls: ${reuse.late} sent on a connection idle over 4 s (longest idle ${ms(reuse.maxIdleMs)}); ${reuse.errors.length} failed${reuse.errors.length ? `: ${reuse.errors.slice(0, 5).join('; ')}` : ''}`,
  );
  if (profiling) await profile(sandbox, origins);
  await pages.close();
}

type Floor = Awaited<ReturnType<typeof buildFloor>>;
type Pages = Awaited<ReturnType<typeof startPageServer>>;
type SandboxProcess = Awaited<ReturnType<typeof startSandboxProcess>>;

function bundleRows(widget: WidgetSizes, floor: Sizes) {
  const size = (s: Sizes) => `${int(s.gzip)} / ${int(s.brotli)} B`;
  add({
    figure: 'widget IIFE gzip / brotli',
    now: size(widget.iife),
    baseline: `Lit floor ${size(floor)}`,
    ratio: `${(widget.iife.gzip / floor.gzip).toFixed(2)}×`,
    goal: '≤ 24,576 B gzip',
    met: met(widget.iife.gzip <= 24_576),
  });
  add({
    figure: 'widget ES entry chunk gzip / brotli',
    now: `${size(widget.es)}${widget.esChunks.length ? ` (+${widget.esChunks.length} lazy chunks, ${int(widget.esChunks.reduce((sum, chunk) => sum + chunk.sizes.gzip, 0))} B gzip)` : ''}`,
    baseline: `Lit floor ${size(floor)}`,
    ratio: `${(widget.es.gzip / floor.gzip).toFixed(2)}×`,
    goal: '≤ 20,480 B gzip',
    met: met(widget.es.gzip <= 20_480),
  });
  if (widget.esChunks.length)
    notes.push(
      `ES lazy chunks (gzip / brotli): ${widget.esChunks.map((chunk) => `${chunk.name} ${size(chunk.sizes)}`).join('; ')}`,
    );
}

/** A fresh checkout's widget `Checkout` read from `bffUrl`: its body and the answer's text. */
async function checkoutRead(bffUrl: string) {
  const clientSecret = await createCheckout(bffUrl);
  const body = await widgetBody('Checkout', { clientSecret });
  const answer = await post({ url: `${bffUrl}/graphql`, body, headers: WIDGET_HEADERS });
  return { clientSecret, body, text: answer.text };
}

/** The bare Yoga's answer file: what the BFF answered to the widget's `Checkout` read. */
const answerFile = () => join(dir, 'answer.json');

async function readRows(
  bff: Bff,
  bffRead: Awaited<ReturnType<typeof checkoutRead>>,
  tag: string,
  first: boolean,
) {
  const { clientSecret, body: bffBody } = bffRead;
  writeFileSync(answerFile(), bffRead.text);
  const bare = await startBare(answerFile());
  const bareBody = JSON.stringify({
    query: OPERATIONS.Checkout,
    variables: { clientSecret },
    operationName: 'Checkout',
  });
  const bareAnswer = await post({
    url: `${bare.url}/graphql`,
    body: bareBody,
    headers: WIDGET_HEADERS,
  });
  if (bareAnswer.text !== bffRead.text)
    throw new Error(
      `the bare Yoga's answer differs from the BFF's:\n${bareAnswer.text}\n${bffRead.text}`,
    );
  if (first)
    notes.push(
      `checkout read: both servers answer the same ${bffRead.text.length} bytes (checked)`,
    );
  const read =
    (url: string, body: string, connections: number, durationMs: number, warmupMs: number) => () =>
      runLoad({
        url: `${url}/graphql`,
        body,
        headers: WIDGET_HEADERS,
        connections,
        durationMs,
        warmupMs,
      });
  const rps = { bff: [] as number[], bare: [] as number[] };
  const cpu = { bff: [] as number[], bare: [] as number[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const a = await loadWithCpu(bff.child, read(bff.url, bffBody, 10, T.readMs, T.warmupMs));
    const b = await loadWithCpu(bare.child, read(bare.url, bareBody, 10, T.readMs, T.warmupMs));
    rps.bff.push(a.result.rps);
    rps.bare.push(b.result.rps);
    cpu.bff.push(a.cpu);
    cpu.bare.push(b.cpu);
  }
  const [rb, rr, cb, cr] = [spread(rps.bff), spread(rps.bare), spread(cpu.bff), spread(cpu.bare)];
  add({
    figure: `checkout read, req/s at 10 connections${tag}`,
    now: `${int(rb.median)}${pm(rb)}`,
    baseline: `bare Yoga ${int(rr.median)}${pm(rr)}`,
    ratio: `${(rr.median / rb.median).toFixed(2)}× slower`,
    goal: '≤ 2.0× slower',
    met: met(rr.median / rb.median <= 2.0),
  });
  add({
    figure: `BFF CPU per checkout read${tag}`,
    now: `${int(cb.median)} µs${pm(cb)}`,
    baseline: `bare Yoga ${int(cr.median)} µs${pm(cr)}`,
    ratio: `${(cb.median / cr.median).toFixed(2)}×`,
    goal: '≤ 700 µs',
    met: met(cb.median <= 700),
  });
  const p99 = { bff: [] as number[], bare: [] as number[] };
  const slow = { bff: [] as string[], bare: [] as string[] };
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, url, body] of [
      ['bff', bff.url, bffBody],
      ['bare', bare.url, bareBody],
    ] as const) {
      // No warm-up: the 50 connections open inside the measured window, as a burst of new
      // customers would open them.
      const result = await read(url, body, 50, T.p99Ms, 0)();
      const latencies = result.samples.map((s) => s.ms);
      p99[name].push(percentile(latencies, 99));
      const outliers = result.samples.filter((s) => s.ms > 500);
      const connects = outliers.flatMap((s) => (s.connectMs === undefined ? [] : [s.connectMs]));
      slow[name].push(
        `${outliers.length} > 500 ms of ${result.requests} (${connects.length} on a new connection, TCP connect ${connects.length ? ms(median(connects)) : '—'}); max ${ms(Math.max(0, ...latencies))}`,
      );
    }
  }
  const [pb, pr] = [spread(p99.bff), spread(p99.bare)];
  add({
    figure: `p99 at 50 connections${tag}`,
    now: `${ms(pb.median)}${pm(pb)}`,
    baseline: `bare Yoga ${ms(pr.median)}${pm(pr)}`,
    ratio: `${(pb.median / pr.median).toFixed(2)}×`,
    goal: '≤ 4× bare Yoga',
    met: met(pb.median / pr.median <= 4),
  });
  notes.push(`p99 outliers${tag}: BFF ${slow.bff.join('; ')} — bare Yoga ${slow.bare.join('; ')}`);
  await bare.child.stop();
}

/** The bundle on the wire, as this BFF serves it. */
async function wireRow(bff: Bff, widget: WidgetSizes) {
  const stable = await get(`${bff.url}/umf-checkout.js`, { 'accept-encoding': 'br, gzip' });
  const encoding = String(stable.headers['content-encoding'] ?? 'identity');
  const cache = String(stable.headers['cache-control'] ?? '(none)');
  const versioned = [...Object.values(stable.headers)]
    .join(' ')
    .match(/umf-checkout\.[\w-]{8,}\.js/)?.[0];
  let immutable = false;
  if (versioned) {
    const hashed = await get(`${bff.url}/${versioned}`, { 'accept-encoding': 'br, gzip' });
    immutable = String(hashed.headers['cache-control'] ?? '').includes('immutable');
  }
  add({
    figure: 'ES bundle on the wire (stable URL)',
    now: `${int(stable.bytes)} B, ${encoding}, ${cache}`,
    baseline: `brotli of the file ${int(widget.es.brotli)} B`,
    ratio: `${(stable.bytes / widget.es.brotli).toFixed(2)}×`,
    goal: 'brotli/gzip; versioned immutable URL',
    met: met(/br|gzip/.test(encoding) && immutable),
  });
  if (!versioned) notes.push('wire: no content-hash URL advertised with the stable bundle URL');
}

/** Navigation → umf-ready: the widget and the floor element, alternating, cold cache. */
async function navRow(bff: Bff, pages: Pages, floor: Floor, clientSecret: string) {
  log('navigation → umf-ready in headless Chromium');
  const floorFile = floorOnBff(floor.es);
  const page = (script: string, tag: string) => ({
    type: 'text/html',
    body: embedPage(`${bff.url}${script}`, tag, `${bff.url}/graphql`, clientSecret),
  });
  pages.set({
    '/widget.html': page('/umf-checkout.js', 'umf-checkout'),
    '/floor.html': page(floorFile.path, 'bench-floor'),
  });
  const urls = [`${pages.origin}/widget.html`, `${pages.origin}/floor.html`];
  try {
    const [widget, bare] = await withBrowser(async (navigate) => {
      for (const url of urls) await navigate(url); // warm-up (the BFF's first asset reads)
      return alternate(navigate, urls, ROUNDS, T.navigations);
    });
    const [nw, nf] = [spread(widget.map(median)), spread(bare.map(median))];
    add({
      figure: 'navigation → umf-ready (ES module, cold cache)',
      now: `${ms(nw.median)}${pm(nw)}`,
      baseline: `bare Lit element ${ms(nf.median)}${pm(nf)}`,
      ratio: `${(nw.median / nf.median).toFixed(2)}×`,
      goal: '≤ 1.25×',
      met: met(nw.median / nf.median <= 1.25),
    });
    const quartiles = (rounds: number[][]) =>
      [25, 50, 75].map((p) => ms(percentile(rounds.flat(), p))).join(' / ');
    notes.push(
      `navigation: ${ROUNDS} × ${T.navigations} navigations each, alternating; all of them, 25th / 50th / 75th percentile: widget ${quartiles(widget)}, floor ${quartiles(bare)}`,
    );
    if (profiling) await navProfile(urls);
  } finally {
    floorFile.remove();
  }
}

/**
 * `--profile`: afterwards, traced navigations of each page (tracing slows them, so they are
 * apart from the figure): where the main thread went, medians (NavCpu in lib/browser.ts).
 */
async function navProfile(urls: string[]) {
  log('tracing navigations (widget and floor)');
  const cpu = new Map<string, NavCpu[]>(urls.map((url) => [url, []]));
  await withBrowser(
    (navigate) => alternate(navigate, urls, 1, T.navigations),
    (url, figures) => cpu.get(url)?.push(figures),
  );
  const line = (url: string) => {
    const list = cpu.get(url) ?? [];
    const of = (key: keyof NavCpu) => ms(median(list.map((figures) => figures[key])));
    return `main-thread CPU to umf-ready ${of('cpuToReady')}, after the answer and the texts ${of('cpuAfterAnswer')} (${of('wallAfterAnswer')} of wall time), texts later than the answer by ${of('textsLate')}; after navigation start: script in ${of('scriptIn')}, read sent ${of('readSent')}, answer in ${of('answerIn')}, texts in ${of('textsIn')}, umf-ready ${of('ready')}`;
  };
  const [widget, floor] = urls;
  profileLines.push(
    `\n### Navigation: ${T.navigations} traced navigations of each page, medians\n`,
    `- widget: ${line(widget)}`,
    `- floor: ${line(floor)}`,
  );
}

/**
 * Whole card checkouts (`checkouts`: rate and CPU per checkout, each store) and the BFF's
 * resident memory around them (`memory`: SQLite, beside a bare Yoga run the same way).
 */
async function checkoutRows(runtimes: BffRuntime[], sandbox: SandboxProcess, origins: string) {
  const stores: { name: string; url?: string; goal: number }[] = [{ name: 'SQLite', goal: 100 }];
  if (!wants('checkouts')) {
    // memory alone: the SQLite rounds it measures around
  } else if (process.env.TEST_DATABASE_URL)
    stores.push({ name: 'PostgreSQL', url: process.env.TEST_DATABASE_URL, goal: 75 });
  else notes.push('TEST_DATABASE_URL unset: no PostgreSQL figure');
  for (const runtime of runtimes) {
    const tag = runtimes.length > 1 ? `, ${runtime.name}` : '';
    for (const store of stores) {
      log(`whole card checkouts (${store.name}${tag})`);
      const bff: Bff = track(
        await startBff({
          dir,
          sandbox,
          runtime,
          allowedOrigins: origins,
          databaseUrl: store.url,
          name: `co-${store.name}-${runtime.name}`,
        }),
      );
      await settle(1000);
      const idle = bff.child.rss();
      // One round unmeasured first, as the read runs have their warm-up: a fresh BFF spends
      // its first hundreds of checkouts compiling its hot code (V8's optimising compiler runs
      // on other threads of the same process, counted in its CPU), which a server that stays up
      // pays once. Its checkouts count for the memory figure below.
      const warm = await checkoutRun(bff.url, sandbox.url, T.customers, T.checkouts);
      await settle(500);
      if (warm.failed)
        notes.push(
          `${store.name}${tag}: ${warm.failed} warm-up checkouts failed: ${warm.firstError}`,
        );
      const cps: number[] = [];
      const cpu: number[] = [];
      const umfCpu: number[] = [];
      const ownCpu: number[] = [];
      const machineCpu: number[] = [];
      const machineBusy: number[] = [];
      let done = warm.done;
      for (let round = 0; round < ROUNDS; round += 1) {
        const [bffBefore, umfBefore] = [bff.child.cpuMicros(), sandbox.child.cpuMicros()];
        const machineBefore = machineCpuMicros();
        const own = process.cpuUsage();
        const run = await checkoutRun(bff.url, sandbox.url, T.customers, T.checkouts);
        const ownUsed = process.cpuUsage(own);
        ownCpu.push((ownUsed.user + ownUsed.system) / Math.max(1, run.done));
        await settle(500); // the payment notifications UMF sends after each confirmation
        if (run.failed)
          notes.push(`${store.name}${tag}: ${run.failed} checkouts failed: ${run.firstError}`);
        cps.push(run.done / run.seconds);
        cpu.push((bff.child.cpuMicros() - bffBefore) / Math.max(1, run.done));
        umfCpu.push((sandbox.child.cpuMicros() - umfBefore) / Math.max(1, run.done));
        const machine = machineCpuMicros();
        machineCpu.push((machine.busy - machineBefore.busy) / Math.max(1, run.done));
        machineBusy.push(
          (machine.busy - machineBefore.busy) / (machine.total - machineBefore.total),
        );
        done += run.done;
      }
      const after = bff.child.rss();
      if (wants('checkouts')) {
        const s = spread(cps);
        add({
          figure: `whole card checkouts/s, ${store.name}, ${T.customers} customers${tag}`,
          now: `${s.median.toFixed(1)}${pm(s)}`,
          baseline: '—',
          ratio: '—',
          goal: `≥ ${store.goal}`,
          met: met(s.median >= store.goal),
        });
        // What the rate above costs, independent of how much CPU the other processes leave:
        // one core gives ≥ goal checkouts/s when a checkout costs ≤ 1 s / goal of BFF CPU.
        const c = spread(cpu);
        add({
          figure: `BFF CPU per whole checkout, ${store.name}${tag}`,
          now: `${(c.median / 1000).toFixed(1)} ms${pm(c)}`,
          baseline: `UMF sandbox ${(median(umfCpu) / 1000).toFixed(1)} ms (its own process)`,
          ratio: '—',
          goal: `≤ ${(1000 / store.goal).toFixed(1)} ms (${store.goal}/s on one core)`,
          met: met(c.median <= 1e6 / store.goal),
        });
        notes.push(
          `${store.name}${tag}: the load generator (this process: the customers' and the merchant's calls) used ${(median(ownCpu) / 1000).toFixed(1)} ms of CPU per checkout, on the same cores`,
        );
        // Every process on the machine shares its cores: the rate above cannot pass what they
        // allow, however little of it the BFF takes.
        const all = median(machineCpu);
        const rest = all - c.median - median(umfCpu) - median(ownCpu);
        const cores = availableParallelism();
        notes.push(
          `${store.name}${tag}: the machine's ${cores} cores were ${Math.round(median(machineBusy) * 100)} % busy during the rounds, at ${(all / 1000).toFixed(1)} ms of CPU per checkout in all (BFF ${(c.median / 1000).toFixed(1)}, UMF sandbox ${(median(umfCpu) / 1000).toFixed(1)}, load generator ${(median(ownCpu) / 1000).toFixed(1)}, everything else ${(Math.max(0, rest) / 1000).toFixed(1)}${store.url ? ', PostgreSQL among it' : ''}): at that cost this machine carries at most ${((cores * 1e6) / all).toFixed(0)} checkouts/s`,
        );
      }
      if (store.name === 'SQLite' && wants('memory')) {
        // The bare Yoga's answer, when no read run wrote it: asked after the RSS readings.
        if (!existsSync(answerFile()))
          writeFileSync(answerFile(), (await checkoutRead(bff.url)).text);
        await bareMemoryRow(idle, after, done, tag);
      }
      await bff.child.stop();
    }
  }
}

/** The bare Yoga run the way the BFF was: fresh, idle, then as many requests as it answered. */
async function bareMemoryRow(idle: number, after: number, done: number, tag: string) {
  const bffRequests = done * 4;
  const bare = await startBare(answerFile());
  await settle(1000);
  const bareIdle = bare.child.rss();
  const bareBody = JSON.stringify({
    query: OPERATIONS.Checkout,
    variables: { clientSecret: 'x' },
    operationName: 'Checkout',
  });
  await runLoad({
    url: `${bare.url}/graphql`,
    body: bareBody,
    headers: WIDGET_HEADERS,
    connections: 10,
    durationMs: 0,
    limit: bffRequests,
  });
  const bareAfter = bare.child.rss();
  await bare.child.stop();
  const worst = Math.max(idle / bareIdle, after / bareAfter);
  add({
    figure: `BFF RSS idle / after ${int(done)} checkouts${tag}`,
    now: `${mb(idle)} / ${mb(after)}`,
    baseline: `bare Yoga ${mb(bareIdle)} / ${mb(bareAfter)} (${int(bffRequests)} reads)`,
    ratio: `${(idle / bareIdle).toFixed(2)}× / ${(after / bareAfter).toFixed(2)}×`,
    goal: '≤ 1.2×',
    met: met(worst <= 1.2),
  });
}

async function profile(sandbox: SandboxProcess, origins: string) {
  // Through tsx: the profile then names the sources' files and lines (the compiled build is
  // one file); the same functions run in both.
  const runtime = tsxRuntime();
  const profileDir = join(dir, 'profiles');
  const nodeArgs = (name: string) => ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`];
  const section = (title: string, lines: string[]) =>
    profileLines.push(`\n### Profile: ${title}\n`, ['```', ...lines, '```'].join('\n'));
  if (wants('reads')) {
    log(`profiling the BFF (${runtime.name}) under the checkout read`);
    const reads = track(
      await startBff({
        dir,
        sandbox,
        runtime,
        allowedOrigins: origins,
        name: 'profile-read',
        nodeArgs: nodeArgs('read'),
      }),
    );
    const clientSecret = await createCheckout(reads.url);
    const body = await widgetBody('Checkout', { clientSecret });
    const from = monotonicMicros();
    const result = await runLoad({
      url: `${reads.url}/graphql`,
      body,
      headers: WIDGET_HEADERS,
      connections: 10,
      durationMs: T.readMs * 2,
      warmupMs: T.warmupMs,
    });
    const to = monotonicMicros();
    await reads.child.stop();
    section(
      `checkout read at 10 connections (${runtime.name})`,
      summarise(mainThreadProfile(join(profileDir, 'read')), result.total, 'read', { from, to }),
    );
  }
  if (wants('checkouts')) {
    // A profiled sandbox of its own beside the profiled BFF: both sides of each checkout.
    log(`profiling the BFF (${runtime.name}) and the sandbox under whole checkouts`);
    const umf = track(await startSandboxProcess(dir, nodeArgs('sandbox')));
    const cos = track(
      await startBff({
        dir,
        sandbox: umf,
        runtime,
        allowedOrigins: origins,
        name: 'profile-co',
        nodeArgs: nodeArgs('checkout'),
      }),
    );
    const from = monotonicMicros();
    const run = await checkoutRun(cos.url, umf.url, T.customers, T.checkouts);
    await settle(2000); // the notifications UMF sends after each payment
    const to = monotonicMicros();
    await cos.child.stop();
    await umf.child.stop();
    const title = `whole card checkouts, SQLite, ${T.customers} customers`;
    section(
      `${title}: the BFF (${runtime.name})`,
      summarise(mainThreadProfile(join(profileDir, 'checkout')), run.done, 'checkout', {
        from,
        to,
      }),
    );
    section(
      `${title}: the UMF sandbox (tsx)`,
      summarise(
        mainThreadProfile(join(profileDir, 'sandbox'), '/server/sandbox/'),
        run.done,
        'checkout',
        {
          from,
          to,
        },
      ),
    );
  }
}

function printTable() {
  const header: Row = {
    figure: 'figure',
    now: 'now',
    baseline: 'baseline (same run)',
    ratio: 'ratio',
    goal: 'goal',
    met: 'met',
  };
  const line = (r: Row) =>
    `| ${r.figure} | ${r.now} | ${r.baseline} | ${r.ratio} | ${r.goal} | ${r.met} |`;
  console.log([line(header), '|---|---|---|---|---|---|', ...rows.map(line)].join('\n'));
  console.log(
    `\n${quick ? 'quick run (short rounds)' : 'full run'}; medians of ${ROUNDS} rounds, ± half the range; load average at the end ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  for (const note of notes) console.log(`- ${note}`);
  for (const line of profileLines) console.log(line);
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  for (const child of children.reverse()) await child.stop().catch(() => undefined);
  if (!profiling || process.exitCode !== 1) printTable();
  if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${dir}`);
}
