// A refusal the sandbox answers with: HTTP status, UMF ret_code and message, and optionally a
// result object (a declined execute still returns its payment).

export class UmfRefusal extends Error {
  readonly status: number;
  readonly retCode: string;
  readonly body: Record<string, unknown> | undefined;
  /** Sent as a Retry-After header (429 answers). */
  retryAfterSeconds: number | undefined;

  constructor(status: number, retCode: string, message: string, body?: Record<string, unknown>) {
    super(message);
    this.name = 'UmfRefusal';
    this.status = status;
    this.retCode = retCode;
    this.body = body;
  }
}

/** 400: a missing or malformed parameter. */
export const badRequest = (retCode: string, message: string): UmfRefusal =>
  new UmfRefusal(400, retCode, message);

/** 402: valid parameters, but UMF or the bank refuses. */
export const refused = (retCode: string, message: string, body?: Record<string, unknown>) =>
  new UmfRefusal(402, retCode, message, body);

export const notFound = (retCode: string, message: string): UmfRefusal =>
  new UmfRefusal(404, retCode, message);

export const conflict = (retCode: string, message: string): UmfRefusal =>
  new UmfRefusal(409, retCode, message);

export function tooMany(retCode: string, message: string, retryAfterSeconds: number): UmfRefusal {
  const refusal = new UmfRefusal(429, retCode, message);
  refusal.retryAfterSeconds = retryAfterSeconds;
  return refusal;
}

export const invalidParameter = (message: string): UmfRefusal => badRequest('00060700', message);
