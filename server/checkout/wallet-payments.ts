// QR (WeChat / Alipay scan) and WeChat in-browser payments: one attempt each, its UMF payment
// created at once; the customer pays in their app and UMF's notification ends it.

import { askUmf, CheckoutError, validationError } from '../domain/errors.ts';
import type { Attempt, Checkout } from '../domain/types.ts';
import type { PayInfo } from '../umf/types.ts';
import type { ServiceCore } from './core.ts';
import { createUmfPayment, originAllowed, refusalError } from './payment-steps.ts';

export type WechatPayParams = {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
};

const QR_METHODS = new Set(['WECHAT_SCAN', 'ALIPAY_SCAN']);

export function createWalletPayments(core: ServiceCore) {
  async function start(checkout: Checkout, method: string, openId?: string): Promise<Attempt> {
    const started = await core.store.startAttempt(checkout.id, {
      method: method as Attempt['method'],
    });
    if (!started.ok) throw refusalError(started);
    core.publish(core.known(started.checkout, started.attempt), started.changed);
    return createUmfPayment(core, started.checkout, started.attempt, { openId });
  }

  return {
    /** The QR content to draw; the same one again unless `refresh` asks for a new payment. */
    async startQrPayment(input: {
      clientSecret: string;
      method: string;
      refresh?: boolean | null;
    }) {
      const checkout = await core.bySecret(input.clientSecret);
      if (!QR_METHODS.has(input.method)) throw validationError('paymentMethod');
      const live = checkout.currentAttemptId
        ? await core.store.getAttempt({ attemptId: checkout.currentAttemptId })
        : undefined;
      const attempt =
        !input.refresh &&
        live?.method === input.method &&
        live.status === 'AWAITING_CUSTOMER' &&
        live.qrCodeUrl
          ? live
          : await start(checkout, input.method);
      if (!attempt.qrCodeUrl) throw new CheckoutError('PAYMENT_FAILED', { checkout });
      return {
        checkout: await reload(core, checkout.id),
        qrContent: attempt.qrCodeUrl,
        expiresAt: checkout.expiresAt,
      };
    },

    /** Where to send the customer inside WeChat to learn their open_id, then back to returnUrl. */
    async wechatAuthorizeUrl(input: { clientSecret: string; returnUrl: string }) {
      await core.bySecret(input.clientSecret);
      if (!originAllowed(input.returnUrl, core.allowedOrigins)) throw validationError('returnUrl');
      return (await askUmf(() => core.umf.wechat.openidUrl(input.returnUrl))).url;
    },

    async startWechatPayment(input: { clientSecret: string; openId: string }) {
      const checkout = await core.bySecret(input.clientSecret);
      if (!/^[\w-]{6,128}$/.test(input.openId)) throw validationError('openId');
      const attempt = await start(checkout, 'WECHAT_WEB', input.openId);
      const payInfo = (attempt.payInfo ?? {}) as PayInfo;
      if (!payInfo.app_id || !payInfo.pay_sign) {
        throw new CheckoutError('PAYMENT_FAILED', { checkout });
      }
      return {
        checkout: await reload(core, checkout.id),
        payParams: {
          appId: payInfo.app_id,
          timeStamp: payInfo.time_stamp ?? '',
          nonceStr: payInfo.nonce_str ?? '',
          package: payInfo.package ?? '',
          signType: payInfo.sign_type ?? 'MD5',
          paySign: payInfo.pay_sign,
        } satisfies WechatPayParams,
      };
    },
  };
}

async function reload(core: ServiceCore, id: string): Promise<Checkout> {
  const checkout = await core.store.getCheckout(id);
  if (!checkout) throw new CheckoutError('CHECKOUT_NOT_FOUND');
  return checkout;
}
