// Builds UMF request bodies from a checkout: one place that knows UMF's order shape.

import { orderOf, type SubOrder } from '../domain/order.ts';
import type { Attempt, Checkout } from '../domain/types.ts';
import type { CreatePaymentRequest, SubOrder as UmfSubOrder } from '../umf/types.ts';
import type { ServiceCore } from './core.ts';

/** Today in China (UTC+8), YYYYMMDD: UMF's mer_date. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Each attempt is its own UMF payment with its own merchant reference (`<order id>-<attempt>`):
 * UMF refuses a second payment for an order id that has an open one, and an order may need a
 * second attempt (another bank). The store guarantees at most one success per checkout.
 */
export function umfReference(checkout: Checkout, attempt: Attempt): string {
  return `${checkout.merchantOrderId}-${attempt.seq}`;
}

/** One sub-order as UMF's wire shape: in the payment's order and in a customs declaration. */
export function umfSubOrder(sub: SubOrder, currency: string): UmfSubOrder {
  return {
    mer_sub_reference_id: sub.id,
    amount: { total: sub.amount, currency },
    order_summary: sub.description,
    trans_code: sub.transCode,
    is_customs: sub.isCustoms ? 'TRUE' : 'FALSE',
    ...(sub.invoiceId ? { invoice_id: sub.invoiceId } : {}),
    items: sub.items.map((item) => ({
      mer_item_id: item.id,
      type: item.type,
      name: item.name,
      ...(item.description ? { description: item.description } : {}),
      item_quantity: String(item.quantity),
      amount: { total: item.amount, currency },
    })),
  };
}

export function createPaymentRequest(
  core: ServiceCore,
  checkout: Checkout,
  attempt: Attempt,
  payer: { phone?: string; bankCode?: string; openId?: string },
): CreatePaymentRequest {
  const order = orderOf(checkout.order);
  const currency = checkout.currency;
  const minutesLeft = Math.max(
    1,
    Math.ceil((checkout.expiresAt.getTime() - core.now().getTime()) / 60_000),
  );
  const subOrders = order.subOrders.map((sub) => umfSubOrder(sub, currency));
  const payerInfo = payer.openId
    ? { wechat_in_app_web: { open_id: payer.openId } }
    : payer.phone
      ? { phone: payer.phone }
      : {};
  return {
    payer: {
      payment_method: attempt.method === 'HOSTED' ? 'NOT_APPLICABLE' : attempt.method,
      ...(payer.bankCode ? { bank_code: payer.bankCode } : {}),
      interface_type: 'SERVER_TO_SERVER',
      business_type: 'B2C',
      payer_info: payerInfo,
    },
    order: {
      mer_reference_id: umfReference(checkout, attempt),
      mer_date: chinaDate(core.now()),
      amount: { total: checkout.amount, currency },
      order_summary: order.description,
      expire_time: String(minutesLeft),
      ...(order.customerIp ? { user_ip: order.customerIp } : {}),
      sub_orders: subOrders,
    },
    notify_url: core.notifyUrl,
    risk_info: order.riskInfo,
  };
}
