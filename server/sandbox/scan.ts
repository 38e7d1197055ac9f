// The customer's side of a QR / WeChat payment: the sandbox has no wallet app, so the control
// API (or the QR page's buttons) pays or fails the payment.
import type { SandboxContext } from './context.ts';
import { closeIfExpired } from './expiry.ts';
import { finalizePayment } from './finalize.ts';
import type { PaymentRecord } from './state.ts';

export type ScanOutcome = 'success' | 'fail';

export type ScanResult =
  | { ok: true; payment: PaymentRecord }
  | { ok: false; status: 404 | 409; message: string; payment?: PaymentRecord };

const WALLET_METHODS = new Set(['WECHAT_SCAN', 'ALIPAY_SCAN', 'WECHAT_WEB', 'WECHAT_IN_APP']);

export function scanPayment(ctx: SandboxContext, id: string, outcome: ScanOutcome): ScanResult {
  const payment = ctx.state.payments.get(id);
  if (!payment) return { ok: false, status: 404, message: `payment ${id} does not exist` };
  if (!WALLET_METHODS.has(payment.method))
    return {
      ok: false,
      status: 409,
      message: `payment ${id} is a ${payment.method} payment`,
      payment,
    };
  closeIfExpired(ctx, payment);
  if (payment.state !== 'WAIT_BUYER_PAY')
    return {
      ok: false,
      status: 409,
      message: `payment ${id} is already ${payment.state}`,
      payment,
    };
  payment.executions += 1;
  if (outcome === 'success') finalizePayment(ctx, payment, 'TRADE_SUCCESS');
  else finalizePayment(ctx, payment, 'TRADE_FAIL', '00060750');
  return { ok: true, payment };
}
