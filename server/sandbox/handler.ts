// The shape of one UMF endpoint's implementation: a parsed request in, a result member out.
// The router wraps results in the signed envelope; refusals are thrown as UmfRefusal.
import type { SandboxContext } from './context.ts';

export type ApiRequest = {
  method: string;
  url: URL;
  /** Path parameters, e.g. the payment id. */
  params: string[];
  /** The parsed JSON body of a POST ({} for GET), or its form fields. */
  body: Record<string, unknown>;
  /** The body came as application/x-www-form-urlencoded. */
  form: boolean;
  /** The exact body bytes. */
  raw: Buffer;
};

export type ApiResult =
  | { kind: 'json'; status?: number; body: Record<string, unknown>; metaAfter?: string }
  | { kind: 'text'; contentType: string; text: string };

export type Handler = (ctx: SandboxContext, request: ApiRequest) => ApiResult;

export const json = (body: Record<string, unknown>, status?: number): ApiResult => ({
  kind: 'json',
  status,
  body,
});
