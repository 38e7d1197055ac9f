// The wallet payments' requests: a QR code to scan with WeChat or Alipay, and WeChat's own
// payment sheet inside WeChat's browser.
import type { PaymentHost } from './card-payment.ts';
import { openIdFrom, requestWechatPayment, returnUrlFrom } from './wechat.ts';

export class WalletPayment {
  private readonly host: PaymentHost;

  constructor(host: PaymentHost) {
    this.host = host;
  }

  /** Asks for a QR code (a new one when `refresh`) for the method on screen. */
  async startQr(refresh: boolean) {
    const { host } = this;
    const flow = host.flow;
    if (flow.step !== 'qr') return;
    const { method } = flow;
    const qr = await host.run(
      () => host.client.startQrPayment(method, refresh),
      () => void this.startQr(refresh),
    );
    if (!qr) return;
    const { checkout, qrContent, qrCode, expiresAt } = qr;
    host.dispatch({ type: 'qr', checkout, method, qrContent, qrCode, expiresAt });
  }

  /** Inside WeChat: learn the open_id (a round trip through WeChat), then show the payment sheet. */
  async payInWechat() {
    const { host } = this;
    const { client } = host;
    const openId = openIdFrom(location.href);
    const retry = () => void this.payInWechat();
    if (!openId) {
      const returnUrl = returnUrlFrom(location.href);
      const url = await host.run(() => client.wechatAuthorizeUrl(returnUrl), retry);
      if (url) location.assign(url.data);
      return;
    }
    const payment = await host.run(() => client.startWechatPayment(openId), retry);
    if (!payment) return;
    host.dispatch({ type: 'updated', checkout: payment.checkout });
    const outcome = await requestWechatPayment(payment.payParams);
    if (outcome !== 'ok') {
      const code = outcome === 'cancel' ? 'WECHAT_CANCELED' : 'PAYMENT_FAILED';
      host.dispatch({ type: 'notice', notice: { code } });
    }
    // ok: the result arrives through the subscription; the button stays busy until then.
  }
}
