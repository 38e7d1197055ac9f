// The one error the UMF client throws, and the one factory that makes it.
import { inspect } from 'node:util';
import { redactSecrets, redactText } from './redact.ts';

export const UMF_ERROR_CODES = [
  /** UMF answered with a ret_code other than 0000 (a business refusal). */
  'UMF_REFUSED',
  /** A non-2xx answer without a usable UMF envelope. */
  'HTTP_ERROR',
  /** The request could not be sent or its answer was lost (connection refused, reset …). */
  'NETWORK_ERROR',
  /** No answer within the per-call timeout. */
  'TIMEOUT',
  /** meta.sign missing or wrong: the answer is not trusted. */
  'SIGNATURE_INVALID',
  /** The answer is not the JSON shape the protocol promises. */
  'MALFORMED_RESPONSE',
  /** The request was refused by this client before sending (e.g. a card field in clear). */
  'INVALID_REQUEST',
  /** An execute whose outcome could not be learned, even by querying the payment. */
  'OUTCOME_UNKNOWN',
] as const;
export type UmfErrorCode = (typeof UMF_ERROR_CODES)[number];

export type UmfErrorDetails = {
  code: UmfErrorCode;
  endpoint: string;
  requestId: string;
  retCode?: string | null;
  retMsg?: string | null;
  httpStatus?: number | null;
  /** A short reason in the client's words (never containing request data). */
  reason?: string;
  /** The request body; stored redacted. */
  request?: unknown;
  /** UMF's answer without `meta` (a declined execute carries its payment); stored redacted. */
  response?: unknown;
  cause?: unknown;
};

export class UmfError extends Error {
  override readonly name = 'UmfError';
  readonly code: UmfErrorCode;
  readonly retCode: string | null;
  readonly retMsg: string | null;
  readonly httpStatus: number | null;
  readonly requestId: string;
  /** Method and path template, e.g. `POST /payments/payment/{id}/execute`. */
  readonly endpoint: string;
  /** The request body with card fields and secrets replaced. */
  readonly request: unknown;
  /** UMF's answer without `meta`, when it sent one (e.g. the declined payment). */
  readonly response: unknown;

  constructor(message: string, details: UmfErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: safeCause(details.cause) });
    this.code = details.code;
    this.retCode = details.retCode ?? null;
    this.retMsg = details.retMsg == null ? null : redactText(details.retMsg);
    this.httpStatus = details.httpStatus ?? null;
    this.requestId = details.requestId;
    this.endpoint = details.endpoint;
    this.request = details.request === undefined ? undefined : redactSecrets(details.request);
    this.response = details.response === undefined ? undefined : redactSecrets(details.response);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      retCode: this.retCode,
      retMsg: this.retMsg,
      httpStatus: this.httpStatus,
      requestId: this.requestId,
      endpoint: this.endpoint,
      request: this.request,
      response: this.response,
    };
  }

  [inspect.custom](): string {
    return `UmfError ${inspect(this.toJSON(), { depth: 6 })}`;
  }
}

/** The only way the client makes a UmfError: the message is built from safe parts only. */
export function umfErrorFrom(details: UmfErrorDetails): UmfError {
  const parts = [`UMF ${details.endpoint}`];
  if (details.retCode) parts.push(`ret_code ${details.retCode}`);
  if (details.retMsg) parts.push(JSON.stringify(redactText(details.retMsg)));
  if (details.httpStatus) parts.push(`HTTP ${details.httpStatus}`);
  parts.push(`(${details.code}${details.reason ? `: ${redactText(details.reason)}` : ''})`);
  parts.push(`request ${details.requestId}`);
  return new UmfError(parts.join(' '), details);
}

/** True when a call may have had its effect although no trustworthy answer came back. */
export function isOutcomeUnknown(error: unknown): boolean {
  if (!(error instanceof UmfError)) return false;
  if (['NETWORK_ERROR', 'TIMEOUT', 'SIGNATURE_INVALID', 'MALFORMED_RESPONSE'].includes(error.code))
    return true;
  return error.httpStatus !== null && error.httpStatus >= 500;
}

// Network errors carry no request data, but keep only their name, message and code anyway.
function safeCause(cause: unknown): unknown {
  if (!(cause instanceof Error)) return undefined;
  const inner = (cause as { cause?: unknown }).cause;
  const code = inner instanceof Error ? (inner as { code?: unknown }).code : undefined;
  const copy = new Error(redactText(cause.message));
  copy.name = cause.name;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}
