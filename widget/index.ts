// The bundle's entry: defines the tags of the first screens once (a page may load the script
// twice) and re-exports the public element and its events. The other steps are defined when a
// checkout needs them (steps/on-demand.ts). The first import sends the first Checkout read of
// the elements already in the page, before the rest of the bundle runs.
import './controllers/first-read.ts';
import { UmfBankStep } from './steps/bank-step.ts';
import { UmfMethodStep } from './steps/method-step.ts';
import { defineTags } from './steps/on-demand.ts';
import { UmfCheckout } from './umf-checkout.ts';

defineTags({
  'umf-method-step': UmfMethodStep,
  'umf-bank-step': UmfBankStep,
  'umf-checkout': UmfCheckout,
});

export {
  UmfErrorEvent,
  UmfFailureEvent,
  UmfReadyEvent,
  UmfRedirectEvent,
  UmfStepEvent,
  UmfSuccessEvent,
} from './flow/events.ts';
export { UmfCheckout };
