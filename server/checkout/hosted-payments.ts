// UMF's hosted cashier (checkout method HOSTED): one attempt whose UMF payment is created as
// NOT_APPLICABLE + SERVER_TO_WEB; the customer is sent to UMF's page, pays there and comes back
// to the merchant's page, where the widget reads the checkout (a read of an AWAITING_CUSTOMER
// checkout asks UMF); UMF's notification or the reconciler settles it otherwise. Like the wallet
// payments: the attempt awaits the customer meanwhile, its UMF reference is stable, and the
// create is never re-sent — an ambiguous answer leaves the attempt without a payment.

import { CheckoutError, checkoutErrorFromUmf, validationError } from '../domain/errors.ts';
import { isCheckoutOpen } from '../domain/state.ts';
import type { Attempt, Checkout } from '../domain/types.ts';
import { UmfError } from '../umf/errors.ts';
import type { ServiceCore } from './core.ts';
import { originAllowed, refusalError } from './payment-steps.ts';
import { createPaymentRequest } from './umf-requests.ts';

export type StartHostedPaymentInput = { clientSecret: string; returnUrl: string };

/** What a HOSTED attempt keeps of UMF's answer: the page the customer is sent to. */
type HostedPage = { pageUrl: string };

function pageOf(attempt: Attempt | undefined): string | null {
  const page = attempt?.method === 'HOSTED' ? (attempt.payInfo as HostedPage | null) : null;
  return typeof page?.pageUrl === 'string' ? page.pageUrl : null;
}

export function createHostedPayments(core: ServiceCore) {
  return {
    /** Where to send the customer: UMF's page of this checkout's live HOSTED attempt (or a new one). */
    async startHostedPayment(input: StartHostedPaymentInput) {
      const checkout = await core.bySecret(input.clientSecret);
      if (!originAllowed(input.returnUrl, core.allowedOrigins)) throw validationError('returnUrl');
      if (!isCheckoutOpen(checkout.status))
        throw new CheckoutError('CHECKOUT_CLOSED', { checkout });
      const live = checkout.currentAttemptId
        ? await core.store.getAttempt({ attemptId: checkout.currentAttemptId })
        : undefined;
      // A double click or a second tab: the same page, not a second payment.
      const reused = live?.status === 'AWAITING_CUSTOMER' ? pageOf(live) : null;
      const redirectUrl = reused ?? (await start(core, checkout, input.returnUrl));
      const current = await core.store.getCheckout(checkout.id);
      if (!current) throw new CheckoutError('CHECKOUT_NOT_FOUND');
      return { checkout: current, redirectUrl };
    },
  };
}

async function start(core: ServiceCore, checkout: Checkout, returnUrl: string): Promise<string> {
  const started = await core.store.startAttempt(checkout.id, { method: 'HOSTED' });
  if (!started.ok) throw refusalError(started);
  core.publish(core.known(started.checkout, started.attempt), started.changed);
  const { attempt } = started;
  const { order, notify_url, risk_info } = createPaymentRequest(
    core,
    started.checkout,
    attempt,
    {},
  );
  let created: { id: string; pageUrl: string };
  try {
    const answer = await core.umf.payments.createHosted({
      order,
      notify_url,
      risk_info,
      ret_url: returnUrl,
      ...(core.subMerchantId ? { subMerchantId: core.subMerchantId } : {}),
    });
    created = { id: answer.payment.id, pageUrl: answer.pageUrl };
  } catch (error) {
    const code = error instanceof UmfError ? (error.retCode ?? error.code) : 'CREATE_FAILED';
    await core.store.recordAttemptError(attempt.id, code);
    throw checkoutErrorFromUmf(error, { checkout: started.checkout });
  }
  const page: HostedPage = { pageUrl: created.pageUrl };
  const attached = await core.store.attachUmfPayment(attempt.id, {
    umfPaymentId: created.id,
    payInfo: page,
  });
  if (!attached.ok) throw refusalError(attached);
  core.publish(core.known(attached.checkout, attached.attempt), attached.changed);
  return created.pageUrl;
}
