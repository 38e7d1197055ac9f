// Expected failures of checkout operations: one error class with a stable code, the UMF code when
// UMF produced it, the field at fault, and when the customer may try again. The GraphQL layer
// turns it into a typed result with a message in the request's locale.

import type { ErrorCode, ErrorField } from '../../common/error-codes.ts';
import { UmfError } from '../umf/errors.ts';
import { returnCodeEntry } from '../umf/return-codes.ts';
import type { Checkout } from './types.ts';

export class CheckoutError extends Error {
  readonly code: ErrorCode;
  readonly umfCode: string | null;
  readonly field: ErrorField | null;
  /** When the same request may be tried again (SMS throttles, rate limits). */
  readonly retryAt: Date | null;
  /** The checkout as it stands after the failure, when the caller may show it. */
  readonly checkout: Checkout | null;

  constructor(
    code: ErrorCode,
    options: {
      umfCode?: string | null;
      field?: ErrorField | null;
      retryAt?: Date | null;
      checkout?: Checkout | null;
      detail?: string;
    } = {},
  ) {
    super(options.detail ?? code);
    this.name = 'CheckoutError';
    this.code = code;
    this.umfCode = options.umfCode ?? null;
    this.field = options.field ?? null;
    this.retryAt = options.retryAt ?? null;
    this.checkout = options.checkout ?? null;
  }
}

/**
 * A UMF business refusal as the CheckoutError its code means; no trustworthy answer as
 * UPSTREAM_UNAVAILABLE; anything else (a request this client refused to send) is rethrown, to
 * be masked as an unexpected fault.
 */
type FromCodeOptions = {
  retryAt?: Date | null;
  checkout?: Checkout | null;
  /** The attempt's payment method: a debit card form has no expiry or CVV2 to point at. */
  method?: string;
};

const CREDIT_ONLY_FIELDS: ReadonlySet<string> = new Set(['expiry', 'cvv2']);

/**
 * No answer, or none to trust: UMF could not be reached, answered no usable envelope, or its
 * signature did not verify. The customer may try again shortly; what UMF did (if anything) is
 * learned by a query, never assumed.
 */
const UNTRUSTED_ANSWERS: ReadonlySet<UmfError['code']> = new Set([
  'NETWORK_ERROR',
  'TIMEOUT',
  'SIGNATURE_INVALID',
  'MALFORMED_RESPONSE',
  'HTTP_ERROR',
  'OUTCOME_UNKNOWN',
]);

export function checkoutErrorFromUmf(error: unknown, options: FromCodeOptions = {}): CheckoutError {
  if (error instanceof UmfError && error.code === 'UMF_REFUSED' && error.retCode) {
    return checkoutErrorForCode(error.retCode, options);
  }
  if (error instanceof UmfError && UNTRUSTED_ANSWERS.has(error.code)) {
    return new CheckoutError('UPSTREAM_UNAVAILABLE', options);
  }
  throw error;
}

/** What a read of UMF answers; its UMF failure thrown as the CheckoutError it means. */
export async function askUmf<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw checkoutErrorFromUmf(error);
  }
}

/** The CheckoutError a UMF return code means (a code the table lacks is PAYMENT_FAILED). */
export function checkoutErrorForCode(
  umfCode: string,
  options: FromCodeOptions = {},
): CheckoutError {
  const entry = returnCodeEntry(umfCode);
  const code: ErrorCode = entry && entry.code !== 'OK' ? entry.code : 'PAYMENT_FAILED';
  const { method, ...rest } = options;
  const field =
    entry?.field && !(method === 'DEBIT_CARD' && CREDIT_ONLY_FIELDS.has(entry.field))
      ? entry.field
      : null;
  return new CheckoutError(code, { umfCode, field, ...rest });
}

export function validationError(field: ErrorField, detail?: string): CheckoutError {
  return new CheckoutError('VALIDATION', { field, detail });
}
