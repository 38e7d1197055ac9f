// The payment object as UMF sends it (docs/umf-protocol.md §7). Card data never appears: the payer is
// rebuilt from a whitelist at creation.
import { agreementMember, agreementView } from './agreements.ts';
import { chinaDate, formatChinaTime } from './clock.ts';
import { type Link, link, type SandboxContext } from './context.ts';
import { hostedPageLinks } from './hosted-payment.ts';
import type { PaymentRecord } from './state.ts';

export function paymentLinks(ctx: SandboxContext, payment: PaymentRecord): Link[] {
  const base = `/payments/payment/${payment.id}`;
  const links = [link(ctx, 'self', 'GET', base), ...hostedPageLinks(ctx, payment)];
  const isCard = payment.method === 'CREDIT_CARD' || payment.method === 'DEBIT_CARD';
  if (payment.state === 'WAIT_BUYER_PAY' && !payment.processing && isCard) {
    links.push(link(ctx, 'sms_verify', 'POST', `${base}/verify`));
    if (payment.smsCode) links.push(link(ctx, 'confirm', 'POST', `${base}/execute`));
  }
  if (payment.state === 'TRADE_SUCCESS') {
    links.push(link(ctx, 'refund', 'POST', `${base}/refund`));
    links.push(link(ctx, 'apply_to_customs', 'POST', `${base}/apply_to_customs`));
  }
  return links;
}

export function paymentView(ctx: SandboxContext, payment: PaymentRecord): Record<string, unknown> {
  const agreement = agreementView(ctx, payment);
  const payer = agreement
    ? {
        ...payment.payer,
        payer_info: {
          ...(payment.payer.payer_info as Record<string, unknown>),
          [agreementMember(ctx.settings.strict)]: agreement,
        },
      }
    : payment.payer;
  const view: Record<string, unknown> = {
    id: payment.id,
    payer,
    order: payment.order,
    state: payment.state,
    notify_url: payment.notifyUrl,
  };
  if (payment.retUrl !== undefined) view.ret_url = payment.retUrl;
  if (payment.state === 'TRADE_SUCCESS' && payment.finishedAt !== undefined) {
    view.execute_success_time = formatChinaTime(payment.finishedAt);
    view.mer_check_date = chinaDate(payment.finishedAt);
    view.settle_date = chinaDate(payment.finishedAt);
  }
  if (payment.riskInfo !== undefined) view.risk_info = payment.riskInfo;
  view.links = paymentLinks(ctx, payment);
  return view;
}
