// Steps a checkout may not need at first are defined on demand: the ES build puts each group in
// a chunk of its own, so the entry a card payer loads first holds only the first screens; the
// IIFE keeps them in its one file. The element's StepController gives a step focus once its tag
// is defined, so a step shown before its chunk arrives appears when it does.

/** Tag → element class. */
export type Tags = Record<string, CustomElementConstructor>;

/** Defines each tag once (a page may load the script twice). */
export function defineTags(tags: Tags) {
  for (const [tag, element] of Object.entries(tags))
    if (!customElements.get(tag)) customElements.define(tag, element);
}

/** A function that loads a group's tags and defines them, once (a failed load is tried again). */
function onDemand(load: () => Promise<Tags>): () => Promise<void> {
  let defining: Promise<void> | undefined;
  return () => {
    defining ??= load().then(defineTags, (error: unknown) => {
      defining = undefined;
      throw error;
    });
    return defining;
  };
}

/** <umf-qr-step> and <umf-wechat-step>: when a checkout offers a wallet. */
export const defineWalletSteps = onDemand(() =>
  import('./qr-step.ts').then((chunk) => chunk.WALLET_STEPS),
);

/** The SMS, processing and result steps: once the checkout has loaded (after the first screen). */
export const definePaymentSteps = onDemand(() =>
  import('./payment-steps.ts').then((chunk) => chunk.PAYMENT_STEPS),
);

/** <umf-saved-cards>: when the customer has saved cards to show. */
export const defineSavedCards = onDemand(() =>
  import('./saved-card-step.ts').then((chunk) => chunk.SAVED_CARD_STEPS),
);
