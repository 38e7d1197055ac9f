// The checkout statuses of the public contract and the three groups everyone asks about, shared
// by the browser and the server. Imports nothing.

export const CHECKOUT_STATUSES = [
  'OPEN',
  'SMS_SENT',
  'PROCESSING',
  'AWAITING_CUSTOMER',
  'SUCCEEDED',
  'FAILED',
  'EXPIRED',
  'CANCELED',
] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

/** Open: the customer may still act on it (it has not ended). */
export const OPEN_STATUSES: readonly CheckoutStatus[] = [
  'OPEN',
  'SMS_SENT',
  'PROCESSING',
  'AWAITING_CUSTOMER',
];

/**
 * Open with no execute in flight: it may expire, be canceled or start a new attempt (while
 * PROCESSING an execute may still take the money).
 */
export const IDLE_STATUSES: readonly CheckoutStatus[] = ['OPEN', 'SMS_SENT', 'AWAITING_CUSTOMER'];

/** Ended: nothing about the checkout changes any more except a late payment landing. */
export const FINAL_STATUSES: readonly CheckoutStatus[] = [
  'SUCCEEDED',
  'FAILED',
  'EXPIRED',
  'CANCELED',
];

export function isOpenStatus(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export function isIdleStatus(status: string): boolean {
  return (IDLE_STATUSES as readonly string[]).includes(status);
}

export function isFinalStatus(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}
