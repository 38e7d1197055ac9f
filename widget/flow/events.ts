// The element's public events: bubbling, composed, `umf-` prefixed, each an Event subclass whose
// `detail` is documented on <umf-checkout>. Step views talk to the element with IntentEvent,
// which neither bubbles nor leaves the element's shadow root.
import type { CardInput, CardType, CheckoutStatus, ErrorCode, Money } from '../api/client.ts';
import type { Choice, Field, Step } from './flow.ts';

/** The checkout as the page may see it: no secrets, no card data. */
export type CheckoutSummary = {
  id: string;
  orderId: string;
  status: CheckoutStatus;
  amount: Money;
  amountCny: Money | null;
};

abstract class UmfEvent<T> extends Event {
  readonly detail: T;
  constructor(type: string, detail: T, cancelable = false) {
    super(type, { bubbles: true, composed: true, cancelable });
    this.detail = detail;
  }
}

/** The checkout loaded and the first step is on screen. */
export class UmfReadyEvent extends UmfEvent<{ checkout: CheckoutSummary; step: Step }> {
  constructor(detail: { checkout: CheckoutSummary; step: Step }) {
    super('umf-ready', detail);
  }
}

/** Another step is on screen. */
export class UmfStepEvent extends UmfEvent<{ step: Step; previous: Step }> {
  constructor(detail: { step: Step; previous: Step }) {
    super('umf-step', detail);
  }
}

/** The payment succeeded (final: the server says so). */
export class UmfSuccessEvent extends UmfEvent<{ checkout: CheckoutSummary }> {
  constructor(detail: { checkout: CheckoutSummary }) {
    super('umf-success', detail);
  }
}

export type FailureDetail = {
  checkout: CheckoutSummary;
  code: ErrorCode | null;
  message: string | null;
  /** True when the checkout is still open: the customer may try another card or method. */
  canRetry: boolean;
};

/** A payment attempt failed, or the checkout ended unpaid (expired, canceled, failed). */
export class UmfFailureEvent extends UmfEvent<FailureDetail> {
  constructor(detail: FailureDetail) {
    super('umf-failure', detail);
  }
}

export type ErrorDetail = {
  code: ErrorCode | 'NETWORK';
  message: string;
  field: Field | null;
};

/** An error was shown to the customer: a typed server error or a lost connection. */
export class UmfErrorEvent extends UmfEvent<ErrorDetail> {
  constructor(detail: ErrorDetail) {
    super('umf-error', detail);
  }
}

/** The customer is about to be sent to UMF's payment page; preventDefault() to go yourself. */
export class UmfRedirectEvent extends UmfEvent<{ url: string }> {
  constructor(detail: { url: string }) {
    super('umf-redirect', detail, true);
  }
}

/** A step view asks the element for something (internal: not composed, does not bubble). */
export class IntentEvent<T = unknown> extends Event {
  readonly detail: T;
  constructor(type: string, detail: T) {
    super(type);
    this.detail = detail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'umf-ready': UmfReadyEvent;
    'umf-step': UmfStepEvent;
    'umf-success': UmfSuccessEvent;
    'umf-failure': UmfFailureEvent;
    'umf-error': UmfErrorEvent;
    'umf-redirect': UmfRedirectEvent;
  }
}

/** What a step view may ask for; the element turns it into requests and flow actions. */
export type Intent =
  | { type: 'choose'; choice: Choice }
  | { type: 'saved-card'; savedCardId: string }
  | { type: 'remove-card'; savedCardId: string }
  | { type: 'card-type'; cardType: CardType }
  | { type: 'search'; query: string }
  | { type: 'bank'; bankCode: string }
  | { type: 'back' }
  | { type: 'check'; field: Field; value: string }
  | { type: 'input'; field: Field; value: string }
  | { type: 'card'; card: CardInput; remember?: boolean }
  | { type: 'sms'; code: string }
  | { type: 'resend' }
  | { type: 'another-card' }
  | { type: 'other-method' }
  | { type: 'refresh' }
  | { type: 'wechat' }
  | { type: 'retry' };
