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

/** One row per endpoint: method, path (anchored; `ID` matches one id segment), log name, handler. */
const route = (
  method: Route['method'],
  path: string,
  endpoint: SandboxEndpoint,
  handler: Handler,
) => ({ method, pattern: new RegExp(`^${path}$`), endpoint, handler }) satisfies Route;

// biome-ignore format: one row per endpoint
export const ROUTES: readonly Route[] = [
  route('POST', '/oauth/authorize', 'token', issueToken),
  route('GET', '/bank', 'bank', listBanks),
  route('POST', '/payments/payment', 'createPayment', createPayment),
  route('GET', `/payments/payment/${ID}`, 'getPayment', getPayment),
  route('POST', `/payments/payment/${ID}/verify`, 'verify', verifyPayment),
  route('POST', `/payments/payment/${ID}/execute`, 'execute', executePayment),
  route('POST', `/payments/payment/${ID}/refund`, 'refund', createRefund),
  route('GET', `/payments/refund/${ID}`, 'getRefund', getRefund),
  route('POST', `/payments/payment/${ID}/apply_to_customs`, 'applyToCustoms', applyToCustoms),
  route('GET', `/payments/customs_declarations/${ID}`, 'getCustoms', getCustoms),
  route('GET', '/exchange_rate', 'exchangeRate', exchangeRate),
  route('GET', '/payments/wechat_openid', 'wechatOpenid', wechatOpenid),
  route('GET', '/payments/transactions', 'transactions', transactions),
  route('GET', '/payments/reconciliation_statement', 'reconciliation', reconciliation),
  route('GET', '/payments/transactions_download', 'transactionsDownload', transactionsDownload),
  route('GET', '/payments/reconciliation_statement_download', 'reconciliationDownload', reconciliationDownload),
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
