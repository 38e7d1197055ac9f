// The test data every suite shares: the sandbox's test cards, phone and resident IDs, amounts and
// a valid createCheckout input. Plain values only (no node: imports), so the browser suites
// under web-test-runner import this file as the node suites do.

/** Sandbox test cards: the last four digits pick the outcome (README "The UMF sandbox"). */
export const CARDS = {
  /** Debit card that pays. */
  debit: '6222020000070000',
  /** Credit card that pays (expiry and CVV2 asked). */
  credit: '6258070000090000',
  /** Execute declined: insufficient balance (00060730). */
  insufficient: '6222020000050002',
  /** Verify refused: card information incorrect (00200025). */
  incorrect: '6222020000080025',
  /** Verify refused: card expired (00200026). */
  expired: '6222020000070026',
  /** Verify refused: bank not enabled (00200027). */
  notEnabled: '6222020000060027',
  /** Execute accepted, the payment ends TRADE_FAIL (00060765). */
  tradeFail: '6222020000090065',
} as const;

/** One digit off `CARDS.debit`: fails the Luhn check, so the widget refuses it unsent. */
export const LUHN_FAIL_CARD = '6222020000070001';

/** The sandbox's test phone: its SMS codes are read back through the control API. */
export const PHONE = '13800138000';
/** Another valid mainland mobile number (not the sandbox's test phone). */
export const OTHER_PHONE = '13812345678';
/** A resident ID that passes GB 11643-1999 (check character X). */
export const RESIDENT_ID = '11010519491231002X';
/** The same birth date and sequence with a wrong check digit. */
export const BAD_RESIDENT_ID = '110105194912310021';
/** The card holder the tests type (outside ASCII, so charsets matter). */
export const HOLDER = '张三';
/** An expiry in the future: December 2039, MMYY and YYMM. */
export const EXPIRY = { MMYY: '1239', YYMM: '3912' } as const;
export const CVV2 = '123';

/** The usual checkout amount: a decimal string, never a float. */
export const AMOUNT = '100.00';

/** A createCheckout input: one sub-order of one item, paying `amount` USD. */
export function checkoutInput(orderId: string, amount: string = AMOUNT, methods?: string[]) {
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

/**
 * A checkout of 30.00 whose sub-orders add up: `plain` (10.00 of tea) and `customs` (20.00, a
 * silk scarf marked `isCustoms`, to declare once it is paid).
 */
export function customsCheckoutInput(orderId: string, ids = { plain: 'S1', customs: 'S2' }) {
  const base = checkoutInput(orderId, '30.00');
  const [tea] = base.subOrders;
  return {
    ...base,
    subOrders: [
      { ...tea, id: ids.plain, amount: '10.00', items: [{ ...tea.items[0], amount: '10.00' }] },
      {
        id: ids.customs,
        amount: '20.00',
        description: 'Silk scarf',
        transCode: '01121990', // goods cleared through customs
        isCustoms: true,
        items: [{ id: 'I2', type: 'CLOTHING', name: 'Silk scarf', quantity: 1, amount: '20.00' }],
      },
    ],
  };
}

/** A QR code as the BFF draws one (`qrCode`): a 1-module code in its 4-module quiet zone. */
export const QR_CODE = { size: 9, path: 'M4 4h1v1h-1z' };
