// The UMF B2C endpoints (docs/umf-protocol.md §5), relative to /cberest/v1.
import { exchangeRate, listBanks } from './catalog.ts';
import { applyToCustoms, getCustoms } from './customs.ts';
import { executePayment } from './execute.ts';
import type { Handler } from './handler.ts';
import { createPayment, getPayment } from './payments.ts';
import { createRefund, getRefund } from './refunds.ts';
import {
  reconciliation,
  reconciliationDownload,
  transactions,
  transactionsDownload,
} from './reports.ts';
import { issueToken } from './tokens.ts';
import type { SandboxEndpoint } from './types.ts';
import { verifyPayment } from './verify.ts';
import { wechatOpenid } from './wechat-openid.ts';

export type Route = {
  method: 'GET' | 'POST';
  pattern: RegExp;
  endpoint: SandboxEndpoint;
  handler: Handler;
};

const ID = '([A-Za-z0-9_-]{1,64})';
const p = (path: string) => new RegExp(`^${path}$`);

export const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: p('/oauth/authorize'), endpoint: 'token', handler: issueToken },
  { method: 'GET', pattern: p('/bank'), endpoint: 'bank', handler: listBanks },
  {
    method: 'POST',
    pattern: p('/payments/payment'),
    endpoint: 'createPayment',
    handler: createPayment,
  },
  {
    method: 'GET',
    pattern: p(`/payments/payment/${ID}`),
    endpoint: 'getPayment',
    handler: getPayment,
  },
  {
    method: 'POST',
    pattern: p(`/payments/payment/${ID}/verify`),
    endpoint: 'verify',
    handler: verifyPayment,
  },
  {
    method: 'POST',
    pattern: p(`/payments/payment/${ID}/execute`),
    endpoint: 'execute',
    handler: executePayment,
  },
  {
    method: 'POST',
    pattern: p(`/payments/payment/${ID}/refund`),
    endpoint: 'refund',
    handler: createRefund,
  },
  {
    method: 'GET',
    pattern: p(`/payments/refund/${ID}`),
    endpoint: 'getRefund',
    handler: getRefund,
  },
  {
    method: 'POST',
    pattern: p(`/payments/payment/${ID}/apply_to_customs`),
    endpoint: 'applyToCustoms',
    handler: applyToCustoms,
  },
  {
    method: 'GET',
    pattern: p(`/payments/customs_declarations/${ID}`),
    endpoint: 'getCustoms',
    handler: getCustoms,
  },
  { method: 'GET', pattern: p('/exchange_rate'), endpoint: 'exchangeRate', handler: exchangeRate },
  {
    method: 'GET',
    pattern: p('/payments/wechat_openid'),
    endpoint: 'wechatOpenid',
    handler: wechatOpenid,
  },
  {
    method: 'GET',
    pattern: p('/payments/transactions'),
    endpoint: 'transactions',
    handler: transactions,
  },
  {
    method: 'GET',
    pattern: p('/payments/reconciliation_statement'),
    endpoint: 'reconciliation',
    handler: reconciliation,
  },
  {
    method: 'GET',
    pattern: p('/payments/transactions_download'),
    endpoint: 'transactionsDownload',
    handler: transactionsDownload,
  },
  {
    method: 'GET',
    pattern: p('/payments/reconciliation_statement_download'),
    endpoint: 'reconciliationDownload',
    handler: reconciliationDownload,
  },
];

export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match) return { route, params: match.slice(1) };
  }
  return undefined;
}

/** The endpoint a path belongs to, whatever the method (for the request log). */
export function endpointOf(path: string): SandboxEndpoint | 'unknown' {
  return ROUTES.find((route) => route.pattern.test(path))?.endpoint ?? 'unknown';
}
