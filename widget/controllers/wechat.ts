// WeChat's in-browser payment (JSAPI): inside WeChat the page gets the customer's open_id from
// WeChat's authorisation page, then asks WeixinJSBridge to show the payment sheet.
import type { WechatPayParams } from '../api/client.ts';

type Bridge = {
  invoke(name: string, params: WechatPayParams, done: (res: { err_msg?: string }) => void): void;
};

export type WechatOutcome = 'ok' | 'cancel' | 'fail';

/** True inside WeChat's built-in browser. */
export function inWechatBrowser(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent);
}

/** The `open_id` WeChat's authorisation page appended to this page's address, if any. */
export function openIdFrom(href: string): string | null {
  return new URL(href).searchParams.get('open_id');
}

/** This page's address without a previous `open_id`: where WeChat should send the customer back. */
export function returnUrlFrom(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('open_id');
  return url.href;
}

const bridgeOf = () => (globalThis as { WeixinJSBridge?: Bridge }).WeixinJSBridge;

/**
 * Shows WeChat's payment sheet; resolves with what the customer did. Fails when the bridge does
 * not become ready within `timeout` ms (the customer may take as long as they like in the sheet).
 */
export function requestWechatPayment(
  params: WechatPayParams,
  timeout = 10_000,
): Promise<WechatOutcome> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      clearTimeout(timer);
      const bridge = bridgeOf();
      if (!bridge) return resolve('fail');
      bridge.invoke('getBrandWCPayRequest', params, (res) =>
        resolve((/:(ok|cancel)$/.exec(res?.err_msg ?? '')?.[1] as WechatOutcome) ?? 'fail'),
      );
    };
    if (bridgeOf()) return run();
    document.addEventListener('WeixinJSBridgeReady', run, { once: true });
    timer = setTimeout(() => {
      document.removeEventListener('WeixinJSBridgeReady', run);
      resolve('fail');
    }, timeout);
  });
}
