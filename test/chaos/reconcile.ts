// After a chaos run: every checkout as the merchant reads it (checkoutById — not the widget's
// read, which may itself ask UMF), against UMF's ledger and the webhooks received. Money is
// compared in cents, from decimal strings.
import type { Ledger, LedgerPayment, RequestLogEntry } from '../../server/sandbox/types.ts';
import type { MerchantCheckout } from './actors.ts';
import type { Tally } from './client.ts';
import { toCents } from './plan.ts';
import { FINAL, type Outcome } from './scenario.ts';
import type { ReceivedEvent } from './webhook-receiver.ts';

export type Counts = {
  doubleChargesKept: number;
  doubleRefunds: number;
  lostResults: number;
  unresolved: number;
  serverErrors: number;
  unexpectedErrors: number;
  webhooksDisagreeing: number;
};

export type Totals = {
  checkouts: number;
  payments: number;
  paymentsSucceeded: number;
  refunds: number;
  faultsInjected: number;
  notificationsDropped: number;
  webhooks: number;
  requests: number;
  restarts: number;
};

export type Report = {
  counts: Counts;
  totals: Totals;
  details: string[];
  /** One line per checkout (what happened), for --verbose. */
  lines: string[];
};

export type Evidence = {
  outcomes: Outcome[];
  checkouts: Map<string, MerchantCheckout | undefined>;
  ledger: Ledger;
  requests: RequestLogEntry[];
  events: ReceivedEvent[];
  badWebhookSignatures: number;
  tally: Tally;
  restarts: number;
  /** Per outcome: the last status its customer's live stream showed (watchers only). */
  streamed?: (string | undefined)[];
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const kept = (p: LedgerPayment) => toCents(p.amount) - toCents(p.refundedAmount);

/** UMF's payments of one checkout: their order ids are `<orderId>-<attempt number>`. */
function paymentsOf(ledger: Ledger, orderId: string): LedgerPayment[] {
  const pattern = new RegExp(`^${orderId}-\\d+$`);
  return ledger.payments.filter((p) => pattern.test(p.orderId));
}

/** The payment the merchant's refunds went to, when the refunds say so. */
function countedPayment(
  outcome: Outcome,
  bff: MerchantCheckout,
  ledger: Ledger,
  paid: LedgerPayment[],
): LedgerPayment | undefined {
  if (paid.length === 1) return paid[0];
  const umfIds = new Set(
    bff.refunds.filter((r) => outcome.refundIds.has(r.id)).map((r) => r.umfRefundId),
  );
  const paymentIds = new Set(
    ledger.refunds.filter((r) => umfIds.has(r.id)).map((r) => r.paymentId),
  );
  return paymentIds.size === 1 ? paid.find((p) => paymentIds.has(p.id)) : undefined;
}

type Verdict = { problems: (keyof Counts)[]; why: string[] };

function judgeCheckout(
  outcome: Outcome,
  bff: MerchantCheckout | undefined,
  ledger: Ledger,
): Verdict {
  const verdict: Verdict = { problems: [], why: [] };
  const flag = (problem: keyof Counts, why: string) => {
    verdict.problems.push(problem);
    verdict.why.push(why);
  };
  const payments = paymentsOf(ledger, outcome.plan.orderId);
  const paid = payments.filter((p) => p.state === 'TRADE_SUCCESS');
  const ids = new Set(payments.map((p) => p.id));
  const refunds = ledger.refunds.filter((r) => ids.has(r.paymentId));
  if (!bff) {
    flag('lostResults', 'checkoutById has no such checkout');
    return verdict;
  }
  const amount = toCents(bff.amount.amount);
  const counted = countedPayment(outcome, bff, ledger, paid);
  // The customer pays once: every other success must be refunded in full.
  const extraKept =
    counted === undefined
      ? Math.max(0, paid.filter((p) => kept(p) > 0).length - 1)
      : paid.filter((p) => p.id !== counted.id && kept(p) > 0).length;
  if (extraKept > 0) flag('doubleChargesKept', `${extraKept} extra payment(s) keep money`);
  // Refunded beyond what the merchant asked for (and the extra payments in full).
  const refunded = counted
    ? toCents(counted.refundedAmount)
    : sum(paid.map((p) => toCents(p.refundedAmount))) - Math.max(0, paid.length - 1) * amount;
  if (refunded > outcome.askedRefundCents)
    flag('doubleRefunds', `refunded ${refunded} > asked ${outcome.askedRefundCents} (cents)`);
  if ((bff.status === 'SUCCEEDED') !== paid.length > 0)
    flag('lostResults', `BFF ${bff.status}, UMF ${paid.length} paid`);
  const bffRefunded = sum(
    bff.refunds.filter((r) => r.status === 'SUCCEEDED').map((r) => toCents(r.amount.amount)),
  );
  const umfRefunded = sum(
    refunds.filter((r) => r.state === 'REFUND_SUCCESS').map((r) => toCents(r.amount)),
  );
  if (bffRefunded !== umfRefunded)
    flag('lostResults', `BFF refunded ${bffRefunded}, UMF ${umfRefunded} (cents)`);
  const pending = bff.refunds.filter((r) => r.status === 'PENDING').length;
  if (!FINAL.has(bff.status) || pending > 0)
    flag('unresolved', `BFF ${bff.status}${pending ? `, ${pending} refund(s) PENDING` : ''}`);
  return verdict;
}

/** The last word of the webhooks on a checkout and its refunds (highest version wins). */
function webhookView(events: ReceivedEvent[], checkoutId: string) {
  let status: { status: string; version: number } | undefined;
  const refunds = new Map<string, string>();
  for (const event of events) {
    const checkout = event.data.checkout;
    if (event.type.startsWith('checkout.') && checkout?.id === checkoutId)
      if (!status || checkout.version > status.version) status = checkout;
    const refund = event.data.refund;
    if (refund?.checkoutId === checkoutId && refunds.get(refund.id) !== 'SUCCEEDED')
      refunds.set(refund.id, refund.status);
  }
  return { status: status?.status, refunds };
}

function judgeWebhooks(
  checkoutId: string,
  bff: MerchantCheckout | undefined,
  paidAtUmf: boolean,
  events: ReceivedEvent[],
): string | undefined {
  const view = webhookView(events, checkoutId);
  if ((view.status === 'SUCCEEDED') !== paidAtUmf)
    return `webhooks say ${view.status ?? 'nothing'}, UMF ${paidAtUmf ? 'paid' : 'unpaid'}`;
  for (const refund of bff?.refunds ?? []) {
    const said = view.refunds.get(refund.id);
    if (refund.status !== 'PENDING' && said !== refund.status)
      return `refund ${refund.id}: webhooks say ${said ?? 'nothing'}, BFF ${refund.status}`;
  }
  return undefined;
}

export function reconcile(evidence: Evidence): Report {
  const { ledger, tally } = evidence;
  const counts: Counts = {
    doubleChargesKept: 0,
    doubleRefunds: 0,
    lostResults: 0,
    unresolved: 0,
    serverErrors: sum([...tally.serverErrors.values()]),
    unexpectedErrors: sum([...tally.unexpected.values()]),
    webhooksDisagreeing: evidence.badWebhookSignatures,
  };
  const details: string[] = [];
  const lines: string[] = [];
  for (const outcome of evidence.outcomes) {
    const { plan } = outcome;
    const tag = `#${plan.index} ${plan.orderId} ${plan.kind}`;
    lines.push(`${tag}: ${summary(outcome, evidence)}`);
    if (outcome.createLost || !outcome.checkoutId) {
      counts.lostResults += 1;
      details.push(`${tag}: lost result: ${outcome.notes.join('; ')}`);
      continue;
    }
    const bff = evidence.checkouts.get(outcome.checkoutId);
    const verdict = judgeCheckout(outcome, bff, ledger);
    const streamed = evidence.streamed?.[evidence.outcomes.indexOf(outcome)];
    if (
      plan.watches &&
      evidence.streamed &&
      bff &&
      FINAL.has(bff.status) &&
      !FINAL.has(streamed ?? '')
    ) {
      verdict.problems.push('lostResults');
      verdict.why.push(
        `the live stream still shows ${streamed ?? 'nothing'}, the store ${bff.status}`,
      );
    }
    for (const problem of new Set(verdict.problems)) counts[problem] += 1;
    if (verdict.why.length) details.push(`${tag} ${outcome.checkoutId}: ${verdict.why.join('; ')}`);
    const paidAtUmf = paymentsOf(ledger, plan.orderId).some((p) => p.state === 'TRADE_SUCCESS');
    const webhook = judgeWebhooks(outcome.checkoutId, bff, paidAtUmf, evidence.events);
    if (webhook) {
      counts.webhooksDisagreeing += 1;
      details.push(`${tag} ${outcome.checkoutId}: ${webhook}`);
    }
  }
  const ours = evidence.outcomes.flatMap((o) => paymentsOf(ledger, o.plan.orderId));
  const totals: Totals = {
    checkouts: evidence.outcomes.length,
    payments: ours.length,
    paymentsSucceeded: ours.filter((p) => p.state === 'TRADE_SUCCESS').length,
    refunds: ledger.refunds.length,
    faultsInjected:
      evidence.requests.filter((r) => r.fault !== undefined || r.status === 500).length +
      ledger.notifications.filter((n) => n.status === null).length,
    notificationsDropped: ledger.notifications.filter((n) => n.status === null).length,
    webhooks: evidence.events.length,
    requests: tally.requests,
    restarts: evidence.restarts,
  };
  return { counts, totals, details, lines };
}

function summary(outcome: Outcome, evidence: Evidence): string {
  const bff = outcome.checkoutId ? evidence.checkouts.get(outcome.checkoutId) : undefined;
  const payments = paymentsOf(evidence.ledger, outcome.plan.orderId)
    .map((p) => `${p.paymentMethod}:${p.state}:${p.refundedAmount}`)
    .join(',');
  const refunds = bff?.refunds.map((r) => `${r.amount.amount}:${r.status}`).join(',') ?? '';
  return (
    `BFF ${bff?.status ?? '-'} refunds [${refunds}] asked ${outcome.askedRefundCents}; ` +
    `UMF [${payments}]${outcome.notes.length ? `; ${outcome.notes.join('; ')}` : ''}`
  );
}

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

export function failed(report: Report): boolean {
  return Object.values(report.counts).some((count) => count > 0);
}
