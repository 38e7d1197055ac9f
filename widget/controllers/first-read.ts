// The first Checkout read of the <umf-checkout> already in the page, sent as the bundle starts to
// run: index.ts imports this module first, so it runs before Lit and the elements are evaluated
// and the answer and the locale's texts are on their way meanwhile. The element takes the read
// when its first load is for the same endpoint, locale and client secret
// (CheckoutController.load); otherwise it asks itself.

import { checkoutClient } from '../api/requests.ts';
import { loadTranslation, resolveLocale } from '../localize/localize.ts';

let first: { key: string; read: ReturnType<ReturnType<typeof checkoutClient>['checkout']> } | null =
  null;

/** What a read is for: the endpoint, the locale it is asked in and the client secret. */
export const readKey = (endpoint: string, locale: string, clientSecret: string) =>
  `${endpoint} ${locale} ${clientSecret}`;

/** The read sent for `key`, to the first load that asks (a later load asks itself). */
export function takeFirstRead(key: string) {
  const read = first?.key === key ? first.read : undefined;
  first = null;
  return read;
}

// Not when the element is defined already (the script loaded twice): it has asked itself.
const element = customElements.get('umf-checkout') ? null : document.querySelector('umf-checkout');
const endpoint = element?.getAttribute('endpoint');
const clientSecret = element?.getAttribute('client-secret');
if (endpoint && clientSecret) {
  const locale = resolveLocale(element?.getAttribute('locale'), navigator.languages);
  const read = checkoutClient({ endpoint, locale, clientSecret }).checkout();
  read.catch(() => undefined); // the element sees a failure when it takes the read
  first = { key: readKey(endpoint, locale, clientSecret), read };
  void loadTranslation(locale).catch(() => undefined);
}
