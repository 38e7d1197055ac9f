// WeChat pieces the sandbox plays: the JS-API pay_info of a WECHAT_WEB / WECHAT_IN_APP
// payment, and the OAuth page that yields an open_id and redirects to the merchant.
import { createHash, randomBytes } from 'node:crypto';

export const SANDBOX_WECHAT_APP_ID = 'wx5andb0x00000000';
const SANDBOX_WECHAT_KEY = 'umf-sandbox-wechat-key';

export function wechatPayInfo(paymentId: string, nowMs: number): Record<string, string> {
  const fields = {
    appId: SANDBOX_WECHAT_APP_ID,
    nonceStr: randomBytes(16).toString('hex'),
    package: `prepay_id=wx${paymentId.slice(4).toLowerCase()}`,
    signType: 'MD5',
    timeStamp: String(Math.floor(nowMs / 1000)),
  };
  const query = Object.entries(fields)
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const paySign = createHash('md5')
    .update(`${query}&key=${SANDBOX_WECHAT_KEY}`)
    .digest('hex')
    .toUpperCase();
  return {
    app_id: fields.appId,
    time_stamp: fields.timeStamp,
    nonce_str: fields.nonceStr,
    package: fields.package,
    sign_type: 'MD5',
    pay_sign: paySign,
  };
}

/** The OAuth step: where the customer's browser goes, and where it lands with its open_id. */
export function wechatAuthorizePath(notifyUrl: string): string {
  return `/__sandbox/wechat/authorize?redirect=${encodeURIComponent(notifyUrl)}`;
}

export function wechatRedirectTarget(redirect: string): string | undefined {
  let target: URL;
  try {
    target = new URL(redirect);
  } catch {
    return undefined;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  target.searchParams.set('open_id', `oSbx${randomBytes(12).toString('base64url')}`);
  return target.href;
}
