// A whole chaos run: the stack up, seeded faults on, N checkouts through a bounded pool while
// BFF instances restart, then the reconciler's window, then the reconciliation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../../server/sandbox/random.ts';
import { createMerchant, createWidget, type MerchantCheckout } from './actors.ts';
import { createClient, createTally } from './client.ts';
import { faultPlan } from './fault-plan.ts';
import { planCheckout } from './plan.ts';
import { type Evidence, type Report, reconcile } from './reconcile.ts';
import { dirty } from './report.ts';
import { FINAL, type Outcome, playCheckout, type Timing } from './scenario.ts';
import { MERCHANT_KEY, removeWorkDir, type Stack, startStack, WEBHOOK_SECRET } from './stack.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

export type ChaosOptions = {
  checkouts: number;
  seed: number;
  store: 'sqlite' | 'postgres';
  instances: 1 | 2;
  /** Checkouts in flight at once. */
  concurrency: number;
  /** Chance of each kind of UMF fault per request. */
  faultRate: number;
  /** Mean seconds between BFF restarts while checkouts run (0: none). */
  restartEverySeconds: number;
  /** Share of restarts that are crashes (SIGKILL); the others are graceful stops (SIGTERM). */
  killShare: number;
  /** How long the reconciler may take, after the last checkout, to settle everything. */
  windowSeconds: number;
  databaseUrl?: string;
  /** Extra BFF environment (reconciler settings and the like). */
  env: Record<string, string>;
  timing: Timing;
  /** Keep the run folder (BFF logs) even when the run is clean. */
  keep: boolean;
};

export type ChaosResult = { report: Report; durationMs: number; workDir: string; kept: boolean };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pool<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

/** Restarts instances at seeded moments until `stop` is called; resolves when it has stopped. */
function startRestarter(stack: Stack, options: ChaosOptions, log: (line: string) => void) {
  const random = createRandom((options.seed ^ 0x7e57a7) >>> 0);
  let stopped = options.restartEverySeconds <= 0;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (!stopped) {
      const pause = options.restartEverySeconds * 1000 * (0.5 + random.next());
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pause);
      });
      if (stopped) return;
      const instance = stack.instances[Math.floor(random.next() * stack.instances.length)];
      const signal = random.next() < options.killShare ? 'SIGKILL' : 'SIGTERM';
      const downMs = 200 + Math.floor(random.next() * 1500);
      log(`restart: BFF ${instance.index} ${signal}, down ${downMs} ms`);
      await instance.restart(signal, downMs);
    }
  })();
  return async () => {
    stopped = true;
    wake();
    await loop;
  };
}

async function readAll(merchant: ReturnType<typeof createMerchant>, outcomes: Outcome[]) {
  const checkouts = new Map<string, MerchantCheckout | undefined>();
  await pool(
    outcomes.filter((o) => o.checkoutId),
    8,
    async (o) => {
      checkouts.set(o.checkoutId!, (await merchant.checkoutById(o.checkoutId!)) ?? undefined);
    },
  );
  return checkouts;
}

// A duplicate payment with money left is not settled: the BFF refunds it again (its sweep
// retries a refund that failed), so the window waits for that as for a pending refund.
const settled = (checkout: MerchantCheckout | undefined) =>
  checkout !== undefined &&
  FINAL.has(checkout.status) &&
  checkout.refunds.every((r) => r.status !== 'PENDING') &&
  checkout.attempts.every(
    (a) => a.status !== 'DUPLICATE_PAID' || a.refundableAmount.amount === '0.00',
  );

async function gather(
  stack: Stack,
  receiver: WebhookReceiver,
  outcomes: Outcome[],
  merchant: ReturnType<typeof createMerchant>,
  tally: Evidence['tally'],
  options: ChaosOptions,
): Promise<Evidence> {
  const deadline = Date.now() + options.windowSeconds * 1000;
  let checkouts = await readAll(merchant, outcomes);
  while (Date.now() < deadline && ![...checkouts.values()].every(settled)) {
    await sleep(2000);
    checkouts = await readAll(merchant, outcomes);
  }
  const evidence = async (): Promise<Evidence> => ({
    outcomes,
    checkouts,
    ledger: await stack.sandbox.control.ledger(),
    requests: await stack.sandbox.control.requests(),
    events: receiver.events,
    badWebhookSignatures: receiver.badSignatures,
    tally,
    restarts: stack.instances.reduce((n, i) => n + i.restarts, 0),
  });
  // Webhooks trail the state they report: give the outbox a few seconds to drain.
  const webhookDeadline = Date.now() + 15_000;
  let gathered = await evidence();
  while (Date.now() < webhookDeadline && reconcile(gathered).counts.webhooksDisagreeing > 0) {
    await sleep(1000);
    gathered = await evidence();
  }
  return gathered;
}

/** What a dirty run leaves for the post-mortem, next to the BFF logs. */
function writeEvidence(workDir: string, evidence: Evidence) {
  const { outcomes, checkouts, ledger, requests, events } = evidence;
  const plays = outcomes.map((o, i) => ({
    plan: o.plan,
    checkoutId: o.checkoutId,
    notes: o.notes,
    askedParts: o.askedParts,
    streamed: evidence.streamed?.[i],
    bff: o.checkoutId ? checkouts.get(o.checkoutId) : undefined,
  }));
  writeFileSync(join(workDir, 'checkouts.json'), JSON.stringify(plays, null, 1));
  writeFileSync(join(workDir, 'ledger.json'), JSON.stringify(ledger, null, 1));
  writeFileSync(join(workDir, 'requests.json'), JSON.stringify(requests, null, 1));
  writeFileSync(join(workDir, 'webhooks.json'), JSON.stringify(events, null, 1));
}

export async function runChaos(
  options: ChaosOptions,
  log: (line: string) => void,
): Promise<ChaosResult> {
  const started = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'umf-chaos-'));
  const receiver = await startWebhookReceiver(WEBHOOK_SECRET);
  let stack: Stack | undefined;
  let result: ChaosResult | undefined;
  try {
    stack = await startStack({ ...options, workDir, webhookUrl: receiver.url });
    log(`stack up in ${Date.now() - started} ms: ${stack.instances.map((i) => i.url).join(', ')}`);
    await stack.sandbox.control.faults(faultPlan(options.seed, options.faultRate));
    const tally = createTally();
    const up = stack.instances;
    const client = createClient(
      { urls: () => up.filter((i) => i.up).map((i) => i.url) },
      createRandom((options.seed ^ 0xba1a) >>> 0),
      tally,
    );
    const merchant = createMerchant(client, MERCHANT_KEY);
    const control = stack.sandbox.control;
    const stopRestarts = startRestarter(stack, options, log);
    const watching = new AbortController();
    const plans = Array.from({ length: options.checkouts }, (_, i) =>
      planCheckout(options.seed, i),
    );
    let done = 0;
    const outcomes = await pool(plans, options.concurrency, async (plan) => {
      const outcome = await playCheckout(plan, {
        merchant,
        widget: (secret) => createWidget(client, secret, plan.from),
        control,
        timing: options.timing,
        stopWatching: watching.signal,
      });
      done += 1;
      if (done % 20 === 0) log(`${done}/${plans.length} checkouts played`);
      return outcome;
    });
    await stopRestarts();
    log(
      `checkouts played in ${Date.now() - started} ms; reconciler window ${options.windowSeconds} s`,
    );
    const evidence = await gather(stack, receiver, outcomes, merchant, tally, options);
    watching.abort();
    const streamed = await Promise.all(outcomes.map((o) => o.streamed));
    const report = reconcile({ ...evidence, streamed });
    report.details.push(...tally.samples.map((s) => `sample: ${s}`));
    if (options.keep || dirty(report)) writeEvidence(workDir, { ...evidence, streamed });
    result = {
      report,
      durationMs: Date.now() - started,
      workDir,
      kept: options.keep || dirty(report),
    };
    return result;
  } finally {
    await stack?.close();
    await receiver.close();
    // A failed or dirty run keeps its folder: the BFF logs say what happened.
    if (result && !result.kept) removeWorkDir(workDir);
  }
}
