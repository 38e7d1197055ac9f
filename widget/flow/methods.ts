// The `methods` attribute of <umf-checkout>: which of the checkout's methods the page offers.
import { PAYMENT_METHODS as METHODS, type PaymentMethod } from '../api/client.ts';

/**
 * The methods a `methods` attribute names, space or comma separated: the checkout's
 * `PaymentMethod` values, and `CARD` for both card types. Unknown words are left out with a
 * console warning naming them; undefined (no narrowing) when no known method remains.
 */
export function parseMethods(value: string | null): PaymentMethod[] | undefined {
  const words: string[] = value?.split(/[\s,]+/).filter(Boolean) ?? [];
  const unknown = words.filter((word) => word !== 'CARD' && !METHODS.includes(word as never));
  if (unknown.length) console.warn(`<umf-checkout> methods: unknown ${unknown.join(' ')} ignored`);
  const card = words.includes('CARD');
  const methods = METHODS.filter((m) => words.includes(m) || (card && m.endsWith('_CARD')));
  return methods.length ? methods : undefined;
}
