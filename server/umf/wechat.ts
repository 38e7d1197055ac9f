// GET /payments/wechat_openid?notify_url=… (docs/umf-protocol.md §5 #12): the WeChat OAuth page that
// yields the customer's open_id, from the `weChat` link.
import { resultOf } from './parse.ts';
import { type Requester, withQuery } from './request.ts';
import type { WechatOpenidResult } from './types.ts';

export type WechatResource = { openidUrl(notifyUrl: string): Promise<WechatOpenidResult> };

export function createWechatResource(requester: Requester): WechatResource {
  return {
    async openidUrl(notifyUrl) {
      const { info, result } = await requester.json(
        {
          method: 'GET',
          endpoint: 'GET /payments/wechat_openid',
          path: withQuery('/payments/wechat_openid', { notify_url: notifyUrl }),
          retry: true,
        },
        resultOf.wechatUrl,
      );
      return { ...info, url: result };
    },
  };
}
