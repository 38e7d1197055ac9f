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
  /** Checkouts still open for their customer (OPEN, SMS_SENT, AWAITING_CUSTOMER). */
  leftOpen: number;
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

type Verdict = { problems: (keyof Counts)[]; why: string[] };

const PAID_ATTEMPT = new Set(['SUCCEEDED', 'DUPLICATE_PAID']);

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
  if (!bff) {
    flag('lostResults', 'checkoutById has no such checkout');
    return verdict;
  }
  const payments = paymentsOf(ledger, outcome.plan.orderId);
  const counted = bff.attempts.find((a) => a.counted);
  for (const payment of payments.filter((p) => p.state === 'TRADE_SUCCESS')) {
    const attempt = bff.attempts.find((a) => a.umfPaymentId === payment.id);
    if (!attempt || !PAID_ATTEMPT.has(attempt.status))
      flag('lostResults', `UMF paid ${payment.id}, its attempt is ${attempt?.status ?? 'unknown'}`);
    // The customer pays once: every other payment must be refunded in full.
    if (attempt !== counted && kept(payment) > 0)
      flag('doubleChargesKept', `${payment.id} (not the counted payment) keeps ${payment.amount}`);
  }
  const countedPayment = payments.find((p) => p.id === counted?.umfPaymentId);
  if ((bff.status === 'SUCCEEDED') !== (countedPayment?.state === 'TRADE_SUCCESS'))
    flag(
      'lostResults',
      `BFF ${bff.status}, counted payment at UMF ${countedPayment?.state ?? 'none'}`,
    );
  const twice = refundedTwice(outcome.askedParts, ledger, countedPayment);
  if (twice) flag('doubleRefunds', twice);
  judgeRefunds(bff, ledger, payments, flag);
  // Unknown results: an execute not settled, a refund not settled. An open checkout waiting for
  // its customer (OPEN, SMS_SENT, a QR code shown) is no one's unknown: it expires in time.
  const pending = bff.refunds.filter((r) => r.status === 'PENDING').length;
  if (bff.status === 'PROCESSING' || pending > 0)
    flag('unresolved', `BFF ${bff.status}${pending ? `, ${pending} refund(s) PENDING` : ''}`);
  return verdict;
}

/**
 * Whether UMF refunded the counted payment more than the merchant asked: each part asked for
 * may match one UMF refund of its amount, and no more.
 */
function refundedTwice(
  parts: number[],
  ledger: Ledger,
  payment: LedgerPayment | undefined,
): string | undefined {
  if (!payment) return undefined;
  const left = new Map<number, number>();
  for (const part of parts) left.set(part, (left.get(part) ?? 0) + 1);
  const refunds = ledger.refunds.filter(
    (r) => r.paymentId === payment.id && r.state !== 'REFUND_FAIL' && r.state !== 'REFUND_CLOSE',
  );
  for (const refund of refunds) {
    const amount = toCents(refund.amount);
    const remaining = left.get(amount) ?? 0;
    if (remaining === 0)
      return `UMF refunded ${refund.amount} more often than asked (asked ${parts.join('+')} cents)`;
    left.set(amount, remaining - 1);
  }
  return undefined;
}

/** Each refund as the BFF tells it against UMF's word, and no UMF refund the BFF never knew. */
function judgeRefunds(
  bff: MerchantCheckout,
  ledger: Ledger,
  payments: LedgerPayment[],
  flag: (problem: keyof Counts, why: string) => void,
) {
  for (const refund of bff.refunds) {
    const atUmf = ledger.refunds.find((r) => r.id === refund.umfRefundId);
    if (
      refund.status !== 'PENDING' &&
      (refund.status === 'SUCCEEDED') !== (atUmf?.state === 'REFUND_SUCCESS')
    )
      flag('lostResults', `refund ${refund.id} ${refund.status}, at UMF ${atUmf?.state ?? 'none'}`);
  }
  const ids = new Set(payments.map((p) => p.id));
  const known = new Set(bff.refunds.map((r) => r.umfRefundId));
  for (const refund of ledger.refunds.filter((r) => ids.has(r.paymentId) && !known.has(r.id)))
    flag('lostResults', `UMF refund ${refund.id} (${refund.amount}) unknown to the BFF`);
}

/** The webhooks' word on a checkout: its last status (highest version), refunds, duplicates. */
function webhookView(events: ReceivedEvent[], checkoutId: string) {
  let status: { status: string; version: number } | undefined;
  const refunds = new Map<string, string>();
  const duplicates = new Set<string>();
  for (const event of events) {
    const checkout = event.data.checkout;
    if (event.type.startsWith('checkout.') && checkout?.id === checkoutId)
      if (!status || checkout.version > status.version) status = checkout;
    const refund = event.data.refund;
    if (refund?.checkoutId === checkoutId && refunds.get(refund.id) !== 'SUCCEEDED')
      refunds.set(refund.id, refund.status);
    if (event.type === 'payment.duplicate' && checkout?.id === checkoutId && event.data.attempt)
      duplicates.add(event.data.attempt.id);
  }
  return { status: status?.status, refunds, duplicates };
}

/** What the merchant's webhook endpoint was told, against UMF's ledger. */
function judgeWebhooks(
  bff: MerchantCheckout | undefined,
  checkoutId: string,
  ledger: Ledger,
  events: ReceivedEvent[],
): string | undefined {
  const view = webhookView(events, checkoutId);
  const counted = bff?.attempts.find((a) => a.counted);
  const paid = ledger.payments.some(
    (p) => p.id === counted?.umfPaymentId && p.state === 'TRADE_SUCCESS',
  );
  if ((view.status === 'SUCCEEDED') !== paid)
    return `webhooks say ${view.status ?? 'nothing'}, UMF ${paid ? 'paid' : 'unpaid'}`;
  for (const refund of bff?.refunds ?? []) {
    const said = view.refunds.get(refund.id);
    const atUmf = ledger.refunds.find((r) => r.id === refund.umfRefundId)?.state;
    if (refund.status !== 'PENDING' && (said === 'SUCCEEDED') !== (atUmf === 'REFUND_SUCCESS'))
      return `refund ${refund.id}: webhooks say ${said ?? 'nothing'}, UMF ${atUmf ?? 'none'}`;
  }
  for (const attempt of bff?.attempts ?? [])
    if (attempt.status === 'DUPLICATE_PAID' && !view.duplicates.has(attempt.id))
      return `no payment.duplicate for attempt ${attempt.id}`;
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
    const webhook = judgeWebhooks(bff, outcome.checkoutId, ledger, evidence.events);
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
    leftOpen: [...evidence.checkouts.values()].filter(
      (c) => c && !FINAL.has(c.status) && c.status !== 'PROCESSING',
    ).length,
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
    `BFF ${bff?.status ?? '-'} refunds [${refunds}] asked [${outcome.askedParts.join(',')}]; ` +
    `UMF [${payments}]${outcome.notes.length ? `; ${outcome.notes.join('; ')}` : ''}`
  );
}
