// The create-payment body the UMF client suites and the sandbox suites send: one card order of
// one sub-order and one item, in UMF's wire members.
import type { CreatePaymentRequest, PaymentMethod } from '../../server/umf/types.ts';
import { PHONE } from './fixtures.ts';

export type PaymentBodyOptions = {
  method?: PaymentMethod;
  bank?: string;
  total?: string;
  currency?: string;
  orderId?: string;
  /** YYYYMMDD; the caller's date (UMF's reports are read by it). */
  merDate: string;
  notifyUrl: string;
  expireMinutes?: string;
  riskInfo: Record<string, string>;
};

let sequence = 0;
/** A new merchant order number, unique in this process. */
export function newOrderId(): string {
  sequence += 1;
  return `T-${process.pid}-${Date.now().toString(36)}-${sequence}`;
}

export function umfPaymentBody(options: PaymentBodyOptions): CreatePaymentRequest {
  const total = options.total ?? '100.00';
  const currency = options.currency ?? 'USD';
  return {
    payer: {
      payment_method: options.method ?? 'DEBIT_CARD',
      bank_code: options.bank ?? 'ICBC',
      interface_type: 'SERVER_TO_SERVER',
      business_type: 'B2C',
      payer_info: { phone: PHONE },
    },
    order: {
      mer_reference_id: options.orderId ?? newOrderId(),
      mer_date: options.merDate,
      amount: { total, currency },
      order_summary: 'Test order',
      expire_time: options.expireMinutes ?? '360',
      sub_orders: [
        {
          mer_sub_reference_id: 'S1',
          amount: { total, currency },
          trans_code: '01122030',
          is_customs: 'FALSE',
          items: [
            {
              mer_item_id: 'I1',
              type: 'FOOD',
              name: 'Tea',
              quantity: '1',
              amount: { total, currency },
            },
          ],
        },
      ],
    },
    notify_url: options.notifyUrl,
    risk_info: options.riskInfo,
  };
}
