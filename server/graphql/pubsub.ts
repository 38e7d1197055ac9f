// Checkout events for the `checkoutUpdated` subscription. In-process now; with PostgreSQL,
// LISTEN/NOTIFY feeds the same pub/sub so events cross instances.
import { createPubSub } from 'graphql-yoga';
import type { Checkout } from '../checkout/types.ts';

export type CheckoutEvents = {
  'checkout:updated': [checkoutId: string, checkout: Checkout];
};

export type CheckoutPubSub = ReturnType<typeof createCheckoutPubSub>;

export function createCheckoutPubSub() {
  return createPubSub<CheckoutEvents>();
}
