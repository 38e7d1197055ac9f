// One checkout of a chaos run, played as its customer and its merchant would: the merchant
// creates it, the customer pays (customer.ts), the merchant refunds or cancels
// (merchant-steps.ts). What each side intended is kept for the reconciliation.
import { checkoutInput as fixtureInput } from '../support/fixtures.ts';
import { customer } from './customer.ts';
import { answered, keyOf, merchantAfter } from './merchant-steps.ts';
import { cents, type Plan } from './plan.ts';
import { type Actors, FINAL, type Outcome, sleep } from './types.ts';

export { FINAL, type Outcome, type Timing } from './types.ts';

export function checkoutInput(plan: Plan) {
  return fixtureInput(plan.orderId, cents(plan.amountCents), [
    'DEBIT_CARD',
    'CREDIT_CARD',
    'WECHAT_SCAN',
    'ALIPAY_SCAN',
  ]);
}

/**
 * createCheckout: the same key again while no answer comes; a new key after UMF was
 * unavailable (the exchange-rate lookup), since nothing was created — were something created
 * behind that answer, the new key would meet the order id and the order would be lost.
 */
async function create(plan: Plan, actors: Actors) {
  let created: Awaited<ReturnType<Actors['merchant']['createCheckout']>>;
  for (let round = 0; round < 3; round += 1) {
    created = await answered(() =>
      actors.merchant.createCheckout(checkoutInput(plan), keyOf(plan, `create-${round}`)),
    );
    if (created?.code !== 'UPSTREAM_UNAVAILABLE') return created;
    await sleep(500);
  }
  return created;
}

export async function playCheckout(plan: Plan, actors: Actors): Promise<Outcome> {
  const outcome: Outcome = {
    plan,
    createLost: false,
    askedParts: [],
    notes: [],
  };
  const created = await create(plan, actors);
  if (created?.__typename !== 'CheckoutCreated' || !created.clientSecret || !created.checkout) {
    outcome.createLost = true;
    outcome.notes.push(
      `createCheckout: ${created?.__typename ?? 'no answer'} ${created?.code ?? ''}`,
    );
    return outcome;
  }
  outcome.checkoutId = created.checkout.id;
  const widget = actors.widget(created.clientSecret);
  if (plan.watches) outcome.streamed = widget.watch(actors.stopWatching, FINAL);
  await customer(plan, widget, actors, outcome.checkoutId);
  await merchantAfter(actors, outcome);
  return outcome;
}
