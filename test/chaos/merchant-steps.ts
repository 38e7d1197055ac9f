// The merchant's side of a chaos checkout: it waits for the result as its backend would
// (checkoutById), refunds a paid checkout in parts — the same idempotency key again when no
// answer came, a new one after the refund failed — and cancels what was not paid.
import type { Answer, Merchant, MerchantCheckout } from './actors.ts';
import { cents, type Plan } from './plan.ts';
import { type Actors, FINAL, type Outcome, sleep } from './types.ts';

export async function cancel(actors: Actors, checkoutId: string, plan: Plan, deadline: number) {
  let round = 0;
  while (Date.now() < deadline) {
    const answer = await actors.merchant.cancelCheckout(checkoutId, keyOf(plan, `cancel-${round}`));
    if (answer?.__typename === 'Checkout' && FINAL.has(String(answer.status))) return;
    const now = await actors.merchant.checkoutById(checkoutId);
    if (now && FINAL.has(now.status)) return;
    round += 1;
    await sleep(1000);
  }
}

async function settled(
  merchant: Merchant,
  checkoutId: string,
  done: (checkout: MerchantCheckout) => boolean,
  deadline: number,
): Promise<MerchantCheckout | undefined> {
  let last: MerchantCheckout | undefined;
  while (Date.now() < deadline) {
    last = (await merchant.checkoutById(checkoutId)) ?? last;
    if (last && done(last)) return last;
    await sleep(500);
  }
  return last;
}

/**
 * The same call with the same key until it is answered (a merchant's retry of an error), and
 * again when the key is still in use by a concurrent or cut-off request.
 */
export async function answered<T extends Answer>(
  call: () => Promise<T | undefined>,
  tries = 4,
): Promise<T | undefined> {
  let answer: T | undefined;
  for (let n = 0; n < tries; n += 1) {
    answer = await call();
    const inUse = answer?.code === 'IDEMPOTENCY_KEY_IN_USE';
    if (answer !== undefined && !inUse) return answer;
    const retryAt = inUse && answer?.errorRetryAt ? Date.parse(answer.errorRetryAt) : 0;
    await sleep(Math.min(5000, Math.max(300 * (n + 1), retryAt - Date.now())));
  }
  // Still in use: its first request never finished (cut off); the caller decides.
  return answer;
}

/** An idempotency key of this checkout's (16+ characters, as the API asks). */
export const keyOf = (plan: Plan, what: string) => `chaos-${plan.orderId}-${what}`;

/** One part: the same key again after no answer; a new key after the refund failed. */
async function refundPart(actors: Actors, outcome: Outcome, part: number, partIndex: number) {
  const { merchant } = actors;
  const { plan } = outcome;
  const checkoutId = outcome.checkoutId!;
  for (let round = 0; round < 3; round += 1) {
    const key = keyOf(plan, `refund-${partIndex}-${round}`);
    const send = () => answered(() => merchant.refundPayment(checkoutId, cents(part), key));
    const answers = await Promise.all(plan.doubleSubmit ? [send(), send()] : [send()]);
    const refund = answers.find((a) => a?.__typename === 'Refund');
    if (!refund) {
      const error = answers.find((a) => a?.__typename === 'CheckoutError');
      // No answer, or the key is held by a request that never finished: a new key could refund
      // twice, so this part stops here.
      if (!error || error.code === 'IDEMPOTENCY_KEY_IN_USE')
        return outcome.notes.push(`refund ${partIndex}: ${error?.code ?? 'no answer'}`);
      if (['REFUND_NOT_ALLOWED', 'REFUND_AMOUNT_INVALID'].includes(error.code ?? '')) {
        return outcome.notes.push(`refund ${partIndex}: ${error.code}`);
      }
      continue;
    }
    if (refund.status === 'SUCCEEDED') return;
    const final = await settled(
      merchant,
      checkoutId,
      (c) => c.refunds.some((r) => r.id === refund.id && r.status !== 'PENDING'),
      Date.now() + actors.timing.merchantMs,
    );
    const status = final?.refunds.find((r) => r.id === refund.id)?.status ?? 'PENDING';
    if (status !== 'FAILED') return;
  }
}

export async function merchantAfter(actors: Actors, outcome: Outcome) {
  const { plan } = outcome;
  const checkoutId = outcome.checkoutId!;
  const deadline = Date.now() + actors.timing.merchantMs;
  const now = await settled(actors.merchant, checkoutId, (c) => FINAL.has(c.status), deadline);
  if (now?.status === 'SUCCEEDED') {
    for (const [i, part] of plan.refunds.entries()) {
      outcome.askedParts.push(part);
      await refundPart(actors, outcome, part, i);
    }
  } else if (!now || !FINAL.has(now.status)) {
    await cancel(actors, checkoutId, plan, Date.now() + actors.timing.merchantMs);
  }
}
