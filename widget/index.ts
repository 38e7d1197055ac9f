// The bundle's entry: defines the tags once (a page may load the script twice) and re-exports the
// public element and its events. The QR and WeChat steps are defined when a checkout offers them
// (steps/wallet-steps.ts).
import { UmfBankStep } from './steps/bank-step.ts';
import { UmfCardStep } from './steps/card-step.ts';
import { UmfMethodStep } from './steps/method-step.ts';
import { UmfProcessingStep, UmfResultStep } from './steps/result-step.ts';
import { UmfSmsStep } from './steps/sms-step.ts';
import { UmfCheckout } from './umf-checkout.ts';

const TAGS: [string, CustomElementConstructor][] = [
  ['umf-method-step', UmfMethodStep],
  ['umf-bank-step', UmfBankStep],
  ['umf-card-step', UmfCardStep],
  ['umf-sms-step', UmfSmsStep],
  ['umf-processing-step', UmfProcessingStep],
  ['umf-result-step', UmfResultStep],
  ['umf-checkout', UmfCheckout],
];

for (const [tag, element] of TAGS)
  if (!customElements.get(tag)) customElements.define(tag, element);

export {
  UmfErrorEvent,
  UmfFailureEvent,
  UmfReadyEvent,
  UmfRedirectEvent,
  UmfStepEvent,
  UmfSuccessEvent,
} from './flow/events.ts';
export { UmfCheckout };
