// GET /payments/wechat_openid?notify_url=… (docs/umf-protocol.md §5 #12): the WeChat OAuth page that
// yields the customer's open_id, from the `weChat` link.
import { resultOf } from './parse.ts';
import { lookup, type Requester, withQuery } from './request.ts';
import type { WechatOpenidResult } from './types.ts';

export type WechatResource = { openidUrl(notifyUrl: string): Promise<WechatOpenidResult> };

export function createWechatResource(requester: Requester): WechatResource {
  const base = '/payments/wechat_openid';
  const get = lookup(requester, base, resultOf.wechatUrl, 'url');
  return { openidUrl: (notifyUrl) => get(withQuery(base, { notify_url: notifyUrl })) };
}
