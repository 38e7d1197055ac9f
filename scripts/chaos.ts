// `npm run chaos -- --checkouts N --seed S [--store sqlite|postgres] [--instances 1|2] …`:
// drives N card and QR checkouts through real BFF processes against the sandbox with seeded
// faults and restarts, reconciles them with UMF's ledger and the webhooks, prints the table,
// and exits 1 when any count is not zero (2 on a usage error).
import { parseArgs } from 'node:util';
import { dirty, formatReport } from '../test/chaos/report.ts';
import { type ChaosOptions, runChaos } from '../test/chaos/run.ts';

const USAGE = `usage: npm run chaos -- [options]
  --checkouts N        checkouts to play (default 40)
  --seed S             seed of the faults and of every choice (default 1)
  --store S            sqlite (default), postgres (TEST_DATABASE_URL, or --database-url), or
                       auto: postgres with two instances when TEST_DATABASE_URL is set (required
                       when CI is set), else sqlite
  --instances N        BFF instances: 1 (default) or 2 (postgres only)
  --concurrency N      checkouts in flight at once (default 8)
  --fault-rate R       chance of each kind of UMF fault per request (default 0.04)
  --restart-every S    mean seconds between BFF restarts (default 8; 0: none)
  --kill-share R       share of restarts that are crashes, SIGKILL (default 0.5); the rest SIGTERM
  --window S           the reconciler's window after the last checkout (default 60)
  --bff-env K=V        extra BFF environment, repeatable (e.g. reconciler settings)
  --keep               keep the run folder (BFF logs) even when every count is zero
  --details N          problem lines to print (default 30)
  --verbose            print one line per checkout`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function number(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) fail(`--${name} must be a number ≥ 0`);
  return parsed;
}

function parse(argv: string[]): ChaosOptions & { details: number; verbose: boolean } {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        checkouts: { type: 'string' },
        seed: { type: 'string' },
        store: { type: 'string' },
        instances: { type: 'string' },
        concurrency: { type: 'string' },
        'fault-rate': { type: 'string' },
        'restart-every': { type: 'string' },
        'kill-share': { type: 'string' },
        window: { type: 'string' },
        'database-url': { type: 'string' },
        'bff-env': { type: 'string', multiple: true },
        keep: { type: 'boolean' },
        verbose: { type: 'boolean' },
        details: { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const text = (name: string) => values[name] as string | undefined;
  const databaseUrl = text('database-url') ?? process.env.TEST_DATABASE_URL;
  let store = text('store') ?? 'sqlite';
  let instances = number(text('instances'), 1, 'instances');
  if (store === 'auto') {
    if (!databaseUrl && process.env.CI) fail('--store auto on CI needs TEST_DATABASE_URL');
    if (!databaseUrl) console.log('chaos: TEST_DATABASE_URL unset, so SQLite with one instance');
    store = databaseUrl ? 'postgres' : 'sqlite';
    instances = databaseUrl ? 2 : 1;
  }
  if (store !== 'sqlite' && store !== 'postgres') fail('--store must be sqlite, postgres or auto');
  if (instances !== 1 && instances !== 2) fail('--instances must be 1 or 2');
  if (instances === 2 && store !== 'postgres') fail('--instances 2 needs --store postgres');
  const env: Record<string, string> = {};
  for (const pair of (values['bff-env'] as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) fail(`--bff-env ${pair}: expected KEY=VALUE`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    checkouts: Math.floor(number(text('checkouts'), 40, 'checkouts')),
    seed: Math.floor(number(text('seed'), 1, 'seed')),
    store,
    instances,
    concurrency: Math.max(1, Math.floor(number(text('concurrency'), 8, 'concurrency'))),
    faultRate: number(text('fault-rate'), 0.04, 'fault-rate'),
    restartEverySeconds: number(text('restart-every'), 8, 'restart-every'),
    killShare: Math.min(1, number(text('kill-share'), 0.5, 'kill-share')),
    windowSeconds: number(text('window'), 60, 'window'),
    databaseUrl,
    env,
    timing: { customerMs: 20_000, merchantMs: 15_000 },
    keep: Boolean(values.keep),
    details: Math.floor(number(text('details'), 30, 'details')),
    verbose: Boolean(values.verbose),
  };
}

const options = parse(process.argv.slice(2));
const header =
  `chaos: ${options.checkouts} checkouts, seed ${options.seed}, ${options.store}, ` +
  `${options.instances} BFF instance(s), fault rate ${options.faultRate}`;
console.log(header);
const stamp = () => `[${new Date().toISOString().slice(11, 19)}]`;
const result = await runChaos(options, (line) => console.log(`${stamp()} ${line}`));
const { report } = result;
if (options.verbose) for (const line of report.lines) console.log(line);
if (report.details.length) {
  console.log(`\nproblems (${report.details.length}):`);
  for (const line of report.details.slice(0, options.details)) console.log(`  ${line}`);
}
console.log(`\n${formatReport(report, header, result.durationMs)}`);
if (result.kept) console.log(`\nrun folder (BFF logs): ${result.workDir}`);
process.exit(dirty(report) ? 1 : 0);
