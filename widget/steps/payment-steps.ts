// The steps after the first screen, in one chunk of the ES build (on-demand.ts loads it once
// the first screen has its checkout): the card form, the SMS code, the payment in progress and
// the result.
import { UmfCardStep } from './card-step.ts';
import { UmfProcessingStep, UmfResultStep } from './result-step.ts';
import { UmfSmsStep } from './sms-step.ts';

export const PAYMENT_STEPS = {
  'umf-card-step': UmfCardStep,
  'umf-sms-step': UmfSmsStep,
  'umf-processing-step': UmfProcessingStep,
  'umf-result-step': UmfResultStep,
};
