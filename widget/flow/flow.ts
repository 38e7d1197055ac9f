// The checkout's flow as one pure reducer: (state, action) → state. No DOM, no fetch, no clock:
// the element performs requests and reports their outcomes here as actions.

import type { ClientErrorCode } from '../../common/client-error-messages.ts';
import type { FieldProblem } from '../../common/validate.ts';
import type {
  Attempt,
  Bank,
  CardType,
  Checkout,
  CheckoutError,
  PaymentMethod,
  QrCode,
  QrMethod,
} from '../api/client.ts';

/** Inputs a server error or a validation problem can point at (the server's `field` names). */
export const FIELDS = [
  'cardNumber',
  'holderName',
  'idNumber',
  'phone',
  'expiry',
  'cvv2',
  'smsCode',
  'bank',
] as const;
export type Field = (typeof FIELDS)[number];

/**
 * What the method step offers: bank cards are one choice (credit/debit is picked with the bank);
 * HOSTED sends the customer to UMF's own payment page and back.
 */
export type Choice = 'CARD' | 'WECHAT_SCAN' | 'ALIPAY_SCAN' | 'WECHAT_WEB' | 'HOSTED';

/** A client-side problem (the view translates it) or the server's message (already localised). */
export type FieldError = { problem: FieldProblem } | { message: string };
export type FieldErrors = Partial<Record<Field, FieldError>>;

/**
 * A message above the step: a typed server error (with the server's message, in the customer's
 * language), or one the widget sets itself: a lost connection, a canceled or failed WeChat
 * payment (the view words those).
 */
export type Notice =
  | { code: CheckoutError['code']; message: string; retryAt?: string | null }
  | {
      code: ClientErrorCode | 'NETWORK' | 'WECHAT_CANCELED';
      message?: undefined;
      retryAt?: undefined;
    };

export type Ready = {
  checkout: Checkout;
  choices: Choice[];
  cardTypes: CardType[];
  cardType: CardType;
  bankCode: string | null;
  banks: Partial<Record<CardType, Bank[]>>;
  pending: boolean;
  notice: Notice | null;
  errors: FieldErrors;
};

export type FlowState =
  | { step: 'loading'; notice: Notice | null }
  | (Ready & { step: 'method' | 'processing' | 'wechat' })
  | (Ready & { step: 'bank'; query: string })
  | (Ready & { step: 'card'; resume: Attempt | null })
  | (Ready & { step: 'sms'; attemptId: string; phone: string; retryAt: string | null })
  | (Ready & {
      step: 'qr';
      method: QrMethod;
      /** The code's content and its drawing, both null while it is made or once it expired. */
      qrContent: string | null;
      qrCode: QrCode | null;
      expiresAt: string;
    })
  | (Ready & { step: 'result'; outcome: 'success' | 'failure' });

export type Step = FlowState['step'];
type ReadyState = Exclude<FlowState, { step: 'loading' }>;

export type FlowAction =
  | { type: 'loaded'; checkout: Checkout; allowed: readonly string[] | null; inWechat: boolean }
  | { type: 'load-failed'; notice: Notice }
  | { type: 'updated'; checkout: Checkout; settled?: boolean }
  | { type: 'choose'; choice: Choice }
  | { type: 'card-type'; cardType: CardType }
  | { type: 'banks'; cardType: CardType; banks: Bank[] }
  | { type: 'search'; query: string }
  | { type: 'bank'; bankCode: string }
  | { type: 'back' }
  | { type: 'pending' }
  | { type: 'field'; field: Field; error: FieldError | null }
  | { type: 'invalid'; errors: FieldErrors }
  | { type: 'resume-sms'; attempt: Attempt }
  | {
      type: 'sms-sent';
      checkout: Checkout;
      attemptId: string;
      retryAt: string | null;
      /** Paying a saved card: no bank chosen, no card typed. */
      saved?: boolean;
    }
  | {
      type: 'qr';
      checkout: Checkout;
      method: QrMethod;
      qrContent: string;
      qrCode: QrCode;
      expiresAt: string;
    }
  | { type: 'failed'; error: CheckoutError }
  | { type: 'network' }
  | { type: 'notice'; notice: Notice | null }
  | { type: 'another-card' }
  | { type: 'other-method' };

export const initialState: FlowState = { step: 'loading', notice: null };

const QR_METHODS: readonly string[] = ['WECHAT_SCAN', 'ALIPAY_SCAN'];

/**
 * What the method step offers for these enabled methods, narrowed by the `methods` attribute.
 * Inside WeChat's browser a QR code cannot be scanned by the same phone: WeChat pays in place.
 */
export function choicesFor(
  methods: readonly PaymentMethod[],
  allowed: readonly string[] | null,
  inWechat: boolean,
): { choices: Choice[]; cardTypes: CardType[] } {
  const on = (m: PaymentMethod) => methods.includes(m) && (!allowed || allowed.includes(m));
  const cardTypes = (['DEBIT_CARD', 'CREDIT_CARD'] as const).filter(on);
  const choices: Choice[] = cardTypes.length ? ['CARD'] : [];
  if (inWechat && on('WECHAT_WEB')) choices.push('WECHAT_WEB');
  else if (on('WECHAT_SCAN')) choices.push('WECHAT_SCAN');
  if (on('ALIPAY_SCAN')) choices.push('ALIPAY_SCAN');
  if (on('HOSTED')) choices.push('HOSTED');
  return { choices, cardTypes };
}

function ready(state: Ready, patch: Partial<Ready> = {}): Ready {
  const { checkout, choices, cardTypes, cardType, bankCode, banks, pending, notice, errors } =
    state;
  return {
    checkout,
    choices,
    cardTypes,
    cardType,
    bankCode,
    banks,
    pending,
    notice,
    errors,
    ...patch,
  };
}

const cardTypeOf = (method: PaymentMethod, fallback: CardType): CardType =>
  method === 'CREDIT_CARD' || method === 'DEBIT_CARD' ? method : fallback;

/** The step a choice leads to. */
function choose(state: Ready, choice: Choice): ReadyState {
  const base = ready(state, { notice: null, errors: {} });
  if (choice === 'CARD') return { ...base, step: 'bank', query: '' };
  if (choice === 'WECHAT_WEB') return { ...base, step: 'wechat' };
  // UMF's page: the element sends the customer there; the method step stays meanwhile.
  if (choice === 'HOSTED') return { ...base, step: 'method' };
  return {
    ...base,
    step: 'qr',
    method: choice,
    qrContent: null,
    qrCode: null,
    expiresAt: base.checkout.expiresAt,
  };
}

/**
 * Where a fresh (or reloaded) open checkout starts: the only choice, or the method step (always
 * for UMF's page: leaving the merchant's page is the customer's choice).
 */
function start(state: Ready): ReadyState {
  // Saved cards are offered on the method step, first.
  const saved = state.checkout.savedCards?.length && state.choices.includes('CARD');
  return state.choices.length === 1 && state.choices[0] !== 'HOSTED' && !saved
    ? choose(state, state.choices[0])
    : { ...ready(state), step: 'method' };
}

/** Follows the server's checkout from the step the customer is on; a reload resumes mid-flow. */
export function follow(state: ReadyState, checkout: Checkout): ReadyState {
  const base = ready(state, { checkout });
  const attempt = checkout.attempt;
  const step = state.step;
  switch (checkout.status) {
    case 'SUCCEEDED':
      return { ...base, step: 'result', outcome: 'success', notice: null };
    case 'FAILED':
    case 'EXPIRED':
    case 'CANCELED':
      return { ...base, step: 'result', outcome: 'failure', notice: null };
    case 'PROCESSING':
      return { ...base, step: 'processing', notice: null };
    case 'AWAITING_CUSTOMER':
      if (attempt?.method === 'WECHAT_WEB') return { ...base, step: 'wechat' };
      // Back from UMF's page: the result is on its way (a query, the notification).
      if (attempt?.method === 'HOSTED') return { ...base, step: 'processing' };
      if (attempt && QR_METHODS.includes(attempt.method)) {
        const expiresAt = step === 'qr' ? state.expiresAt : checkout.expiresAt;
        // The attempt's code, else the one on screen (an update without it keeps it).
        const { qrContent = null, qrCode = null } = attempt.qrContent
          ? attempt
          : step === 'qr'
            ? state
            : {};
        const method = attempt.method as QrMethod;
        return { ...base, step: 'qr', method, qrContent, qrCode, expiresAt };
      }
      return { ...state, ...base };
    case 'SMS_SENT':
      if (step === 'sms' || step === 'card') return { ...state, ...base };
      if (!attempt) return { ...state, ...base };
      if (step === 'processing') return smsStep(base, attempt);
      // A reload: the card never leaves the page in clear, so it must be typed again.
      return {
        ...base,
        step: 'card',
        cardType: cardTypeOf(attempt.method, base.cardType),
        bankCode: attempt.bankCode,
        resume: attempt,
      };
    case 'OPEN':
      // The attempt ended unpaid (declined); the customer may try another card.
      if (step === 'processing' || step === 'sms')
        return { ...base, step: 'result', outcome: 'failure' };
      if (step === 'qr' && state.checkout.status === 'AWAITING_CUSTOMER') {
        return { ...state, ...base, qrContent: null, qrCode: null };
      }
      if (step === 'wechat' && state.checkout.status === 'AWAITING_CUSTOMER') {
        return { ...base, step: 'result', outcome: 'failure' };
      }
      return { ...state, ...base };
  }
}

function smsStep(base: Ready, attempt: Attempt): ReadyState {
  return {
    ...base,
    step: 'sms',
    attemptId: attempt.id,
    phone: attempt.phone ?? '',
    retryAt: attempt.smsRetryAt,
  };
}

function back(state: ReadyState): FlowState {
  const base = ready(state, { notice: null, errors: {}, pending: false });
  switch (state.step) {
    case 'bank':
    case 'qr':
    case 'wechat':
      return state.choices.length > 1 ? { ...base, step: 'method' } : state;
    case 'card':
      return { ...base, step: 'bank', query: '' };
    case 'sms':
      // A saved card has no form to go back to: the methods (and saved cards) again.
      return base.bankCode ? { ...base, step: 'card', resume: null } : start(base);
    default:
      return state;
  }
}

const serverField = (name: string | null): Field | null =>
  name && (FIELDS as readonly string[]).includes(name) ? (name as Field) : null;

/** A typed error: its checkout moves the flow; its field (if shown on this step) is marked. */
function failed(state: ReadyState, error: CheckoutError): ReadyState {
  const moved = error.errorCheckout ? follow(state, error.errorCheckout) : state;
  const next = { ...moved, pending: false };
  if (next.step === 'result') return next;
  const field = serverField(error.field);
  const notice: Notice = { code: error.code, message: error.message, retryAt: error.errorRetryAt };
  if (field && (field === 'smsCode' ? next.step === 'sms' : next.step === 'card')) {
    return {
      ...next,
      notice: null,
      errors: { ...next.errors, [field]: { message: error.message } },
    };
  }
  return { ...next, notice };
}

export function reduce(state: FlowState, action: FlowAction): FlowState {
  if (state.step === 'loading') {
    if (action.type === 'load-failed') return { step: 'loading', notice: action.notice };
    if (action.type === 'pending') return { step: 'loading', notice: null };
    if (action.type !== 'loaded') return state;
    const { checkout } = action;
    const { choices, cardTypes } = choicesFor(checkout.methods, action.allowed, action.inWechat);
    const base: Ready = {
      checkout,
      choices,
      cardTypes,
      cardType: cardTypes[0] ?? 'DEBIT_CARD',
      bankCode: null,
      banks: {},
      pending: false,
      notice: null,
      errors: {},
    };
    const first = start(base);
    if (checkout.status !== 'OPEN') return follow(first, checkout);
    // Back from UMF's page after a decline: say so, as after any declined payment.
    const { attempt } = checkout;
    return attempt?.method === 'HOSTED' && attempt.status === 'FAILED'
      ? { ...base, step: 'result', outcome: 'failure' }
      : first;
  }
  return reduceReady(state, action);
}

function reduceReady(state: ReadyState, action: FlowAction): FlowState {
  switch (action.type) {
    case 'updated': {
      const { version } = action.checkout;
      if (version < state.checkout.version) return state;
      // Nothing happened since: a customer who went back to the methods stays there.
      if (version === state.checkout.version && state.step === 'method')
        return { ...state, checkout: action.checkout, pending: state.pending && !action.settled };
      const next = follow(state, action.checkout);
      return action.settled ? { ...next, pending: false } : next;
    }
    case 'choose':
      return choose(state, action.choice);
    case 'card-type':
      return state.step === 'bank'
        ? { ...state, cardType: action.cardType, bankCode: null }
        : state;
    case 'banks':
      return { ...state, banks: { ...state.banks, [action.cardType]: action.banks } };
    case 'search':
      return state.step === 'bank' ? { ...state, query: action.query } : state;
    case 'bank':
      return {
        ...ready(state, { bankCode: action.bankCode, errors: {}, notice: null }),
        step: 'card',
        resume: null,
      };
    case 'back':
      return back(state);
    case 'pending':
      return { ...state, pending: true, notice: null };
    case 'field': {
      const errors = { ...state.errors };
      if (action.error) errors[action.field] = action.error;
      else delete errors[action.field];
      return { ...state, errors };
    }
    case 'invalid':
      return { ...state, errors: action.errors, pending: false };
    case 'resume-sms':
      return { ...smsStep(ready(state, { pending: false, errors: {} }), action.attempt) };
    case 'sms-sent': {
      const base = ready(state, {
        checkout: action.checkout,
        pending: false,
        errors: {},
        notice: null,
        ...(action.saved && { bankCode: null }),
      });
      return {
        ...base,
        step: 'sms',
        attemptId: action.attemptId,
        phone: action.checkout.attempt?.phone ?? '',
        retryAt: action.retryAt,
      };
    }
    case 'qr': {
      const base = ready(state, { checkout: action.checkout, pending: false, notice: null });
      return {
        ...base,
        step: 'qr',
        method: action.method,
        qrContent: action.qrContent,
        qrCode: action.qrCode,
        expiresAt: action.expiresAt,
      };
    }
    case 'failed':
      return failed(state, action.error);
    case 'network':
      return { ...state, pending: false, notice: { code: 'NETWORK' } };
    case 'notice':
      return { ...state, notice: action.notice, pending: false };
    case 'another-card':
      return {
        ...ready(state, { notice: null, errors: {} }),
        ...(state.bankCode ? { step: 'card', resume: null } : { step: 'bank', query: '' }),
      } as ReadyState;
    case 'other-method':
      return start(ready(state, { notice: null, errors: {}, pending: false }));
    default:
      return state;
  }
}
