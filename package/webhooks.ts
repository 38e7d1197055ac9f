// `umf-checkout/webhooks` (Node): verify the BFF's signed webhooks in a merchant's backend — the
// very function the BFF signs with, re-exported (common/webhook-signature.ts; node:crypto only).
export {
  DEFAULT_TOLERANCE_SECONDS,
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signWebhookPayload,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
} from '../common/webhook-signature.ts';
