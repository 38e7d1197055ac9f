// The table a chaos run prints: the counts that must be zero, then the totals.
import type { Counts, Report } from './reconcile.ts';

const LABELS: Record<keyof Counts, string> = {
  doubleChargesKept: 'double charges kept',
  doubleRefunds: 'double refunds',
  lostResults: 'lost results',
  unresolved: "unresolved after the reconciler's window",
  serverErrors: '5xx answers',
  unexpectedErrors: 'unexpected (masked) errors',
  webhooksDisagreeing: 'webhooks disagreeing with the ledger',
};

export function formatReport(report: Report, header: string, durationMs: number): string {
  const { counts, totals } = report;
  const rows: [string, string | number][] = [
    ...(Object.keys(LABELS) as (keyof Counts)[]).map((k): [string, number] => [
      LABELS[k],
      counts[k],
    ]),
    ['—', ''],
    ['checkouts', totals.checkouts],
    ['UMF payments (succeeded)', `${totals.payments} (${totals.paymentsSucceeded})`],
    ['UMF refunds', totals.refunds],
    ['faults injected (requests + notifications dropped)', totals.faultsInjected],
    ['left open for the customer (expire later)', totals.leftOpen],
    ['BFF restarts', totals.restarts],
    ['BFF requests', totals.requests],
    ['webhook events received', totals.webhooks],
    ['duration', `${(durationMs / 1000).toFixed(1)} s`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) =>
    label === '—' ? '-'.repeat(width + 10) : `${label.padEnd(width)}  ${String(value).padStart(8)}`,
  );
  return [header, ...lines].join('\n');
}

/** Whether any count is not zero (the run fails). */
export function dirty(report: Report): boolean {
  return Object.values(report.counts).some((count) => count > 0);
}
