// The merchant's order as a checkout keeps it (the store holds it as JSON): what createCheckout
// was given, in our names, and the CNY estimate shown to the customer.

export type OrderItem = {
  id: string;
  type: 'CLOTHING' | 'FOOD' | 'ELECTRONICS' | 'OTHER';
  name: string;
  description?: string | null;
  quantity: number;
  amount: string;
};

export type SubOrder = {
  id: string;
  amount: string;
  description: string;
  transCode: string;
  isCustoms: boolean;
  invoiceId?: string | null;
  items: OrderItem[];
};

export type CheckoutOrder = {
  description: string;
  subOrders: SubOrder[];
  /** UMF risk_info, string values (docs/umf-protocol.md §7). */
  riskInfo: Record<string, string>;
  customerIp?: string | null;
  /** CNY per unit of the checkout currency when the checkout was created, and the estimate. */
  exchangeRate?: string | null;
  amountCny?: string | null;
};

export function orderOf(order: unknown): CheckoutOrder {
  return order as CheckoutOrder;
}

/** UMF's transaction codes (docs/umf-protocol.md §10). */
export const TRANS_CODES = [
  '01121990',
  '01122030',
  '02223022',
  '02223023',
  '03222024',
  '03223010',
  '03223021',
  '03223022',
  '03223023',
  '03223029',
  '04223010',
  '04223021',
  '04223022',
  '04223023',
  '04223029',
  '05227010',
  '06223010',
  '06223021',
  '06223022',
  '06223023',
  '06223029',
  '07222012',
  '07222022',
  '07222032',
  '08227020',
  '08231030',
  '09228025',
] as const;
