// What the page hears when a step appears: umf-ready for the first one, umf-step after that,
// and umf-success or umf-failure with the result. Pure: the controller dispatches them.
import type { Checkout } from '../api/client.ts';
import {
  type CheckoutSummary,
  UmfFailureEvent,
  UmfReadyEvent,
  UmfStepEvent,
  UmfSuccessEvent,
} from '../flow/events.ts';
import type { FlowState, Step } from '../flow/flow.ts';

const summary = (c: Checkout): CheckoutSummary => ({
  id: c.id,
  orderId: c.orderId,
  status: c.status,
  amount: c.amount,
  amountCny: c.amountCny,
});

/** The events for the step now on screen, in the order the page should get them. */
export function stepEvents(flow: FlowState, previous: Step): Event[] {
  if (flow.step === 'loading') return [];
  const checkout = summary(flow.checkout);
  const events: Event[] = [
    previous === 'loading'
      ? new UmfReadyEvent({ checkout, step: flow.step })
      : new UmfStepEvent({ step: flow.step, previous }),
  ];
  if (flow.step !== 'result') return events;
  if (flow.outcome === 'success') return [...events, new UmfSuccessEvent({ checkout })];
  const attempt = flow.checkout.attempt;
  const failure = new UmfFailureEvent({
    checkout,
    code: attempt?.failureCode ?? null,
    message: attempt?.failureMessage ?? null,
    canRetry: flow.checkout.status === 'OPEN',
  });
  return [...events, failure];
}
