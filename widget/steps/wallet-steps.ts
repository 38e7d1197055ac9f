// The QR and WeChat steps, with the QR encoder they draw with, are defined when a checkout
// offers a wallet payment: the ES build puts them in a chunk of their own, so a card payer
// does not download them; the IIFE keeps them in its one file.

let defining: Promise<void> | undefined;

/** Defines <umf-qr-step> and <umf-wechat-step> once (a failed load is tried again next time). */
export function defineWalletSteps(): Promise<void> {
  defining ??= import('./qr-step.ts').then(
    ({ UmfQrStep, UmfWechatStep }) => {
      if (!customElements.get('umf-qr-step')) customElements.define('umf-qr-step', UmfQrStep);
      if (!customElements.get('umf-wechat-step'))
        customElements.define('umf-wechat-step', UmfWechatStep);
    },
    (error: unknown) => {
      defining = undefined;
      throw error;
    },
  );
  return defining;
}
