// The steps after the first screen, in one chunk of the ES build (on-demand.ts loads it): the
// SMS code, the payment in progress and the result.
import { UmfProcessingStep, UmfResultStep } from './result-step.ts';
import { UmfSmsStep } from './sms-step.ts';

export const PAYMENT_STEPS = {
  'umf-sms-step': UmfSmsStep,
  'umf-processing-step': UmfProcessingStep,
  'umf-result-step': UmfResultStep,
};
