// The first Checkout read of the <umf-checkout> already in the page, sent as the bundle starts to
// run: index.ts imports this module first, so it runs before Lit and the elements are evaluated
// and the answer and the locale's texts are on their way meanwhile. The element takes the read
// when its first load is for the same endpoint, locale and client secret
// (CheckoutController.load), and that load's abort cancels it; otherwise it asks itself and the
// read nobody takes is cancelled.

import { checkoutClient } from '../api/requests.ts';
import { loadTranslation, resolveLocale } from '../localize/localize.ts';

type Read = ReturnType<ReturnType<typeof checkoutClient>['checkout']>;

let first: { key: string; read: Read; cancel: AbortController } | null = null;

/** What a read is for: the endpoint, the locale it is asked in and the client secret. */
export const readKey = (endpoint: string, locale: string, clientSecret: string) =>
  `${endpoint} ${locale} ${clientSecret}`;

/**
 * The read sent for `key`, to the first load that asks (a later load asks itself); `signal`
 * (the load's) cancels it from then on. A read sent for another key is cancelled.
 */
export function takeFirstRead(key: string, signal: AbortSignal): Read | undefined {
  const sent = first;
  first = null;
  if (!sent) return undefined;
  if (sent.key !== key || signal.aborted) {
    sent.cancel.abort();
    return undefined;
  }
  signal.addEventListener('abort', () => sent.cancel.abort(), { once: true });
  return sent.read;
}

// Not when the element is defined already (the script loaded twice): it has asked itself.
const element = customElements.get('umf-checkout') ? null : document.querySelector('umf-checkout');
const endpoint = element?.getAttribute('endpoint');
const clientSecret = element?.getAttribute('client-secret');
if (endpoint && clientSecret) {
  const locale = resolveLocale(element?.getAttribute('locale'));
  const cancel = new AbortController();
  const read = checkoutClient({ endpoint, locale, clientSecret }).checkout(cancel.signal);
  read.catch(() => undefined); // the element sees a failure when it takes the read
  first = { key: readKey(endpoint, locale, clientSecret), read, cancel };
  void loadTranslation(locale).catch(() => undefined);
}
