// `umf-checkout/headless`: the widget's own request layer for custom frontends — the trusted
// documents (sent by hash only), one typed function per operation, card encryption and the live
// updates. Re-exported from widget/api/, not copied: the element runs exactly this code.

export type {
  ApiOptions,
  Attempt,
  Bank,
  CardInput,
  CardType,
  Checkout,
  CheckoutError,
  CheckoutStatus,
  EncryptedCard,
  ErrorCode,
  Money,
  OperationName,
  PaymentMethod,
  QrMethod,
  QrPayment,
  SmsCodeSent,
  WechatPayment,
  WechatPayParams,
} from '../widget/api/client.ts';
export {
  createApi,
  documentHash,
  ERROR_CODES,
  isFinal,
  OPERATIONS,
  PAYMENT_METHODS,
  subscribe,
} from '../widget/api/client.ts';
export type { EncryptionKey } from '../widget/api/encrypt.ts';
export { encryptField } from '../widget/api/encrypt.ts';
export { encryptCard } from '../widget/api/encrypt-card.ts';
export type { WatchOptions } from '../widget/api/live.ts';
export { watchCheckout } from '../widget/api/live.ts';
export type { CheckoutClient, ConfirmRequest, SmsRequest } from '../widget/api/requests.ts';
export { checkoutClient, isError } from '../widget/api/requests.ts';
