// The widget's hosted-cashier mutation: UMF's own payment page for this checkout, to send the
// customer to. Authorised by the client secret; the return URL must be on an allowed origin.

import type { Checkout } from '../domain/types.ts';
import { builder } from './builder.ts';
import { CheckoutRef } from './checkout.ts';
import { errorResult } from './errors.ts';

const StartHostedPaymentInput = builder.inputType('StartHostedPaymentInput', {
  fields: (t) => ({
    clientSecret: t.string(),
    returnUrl: t.string({
      description:
        "Where UMF's page sends the customer back (an allowed origin): the widget's page.",
    }),
  }),
});

const HostedPaymentRef = builder
  .objectRef<{ checkout: Checkout; redirectUrl: string }>('HostedPayment')
  .implement({
    description: "The checkout awaits the customer on UMF's page: send the browser to redirectUrl.",
    fields: (t) => ({
      checkout: t.field({ type: CheckoutRef, resolve: (r) => r.checkout }),
      redirectUrl: t.exposeString('redirectUrl'),
    }),
  });

builder.mutationFields((t) => ({
  startHostedPayment: t.field({
    type: HostedPaymentRef,
    errors: errorResult('StartHostedPayment'),
    args: { input: t.arg({ type: StartHostedPaymentInput }) },
    resolve: (_root, { input }, context) => context.service.startHostedPayment(input),
  }),
}));
