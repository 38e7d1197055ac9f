// Shared test data: a valid createCheckout input, the sandbox's test phone and resident ID.

export const PHONE = '13800138000';
export const RESIDENT_ID = '11010519491231002X';

/** A createCheckout input: one sub-order of one item, paying `amount` USD. */
export function checkoutInput(orderId: string, amount = '100.00', methods?: string[]) {
  return {
    orderId,
    amount,
    currency: 'USD',
    description: 'Green tea',
    subOrders: [
      {
        id: 'S1',
        amount,
        description: 'Tea',
        transCode: '01122030',
        items: [{ id: 'I1', type: 'FOOD', name: 'Green tea', quantity: 1, amount }],
      },
    ],
    riskInfo: { transType: '02', goodsType: '0' },
    ...(methods ? { methods } : {}),
  };
}
