// GET /payments/wechat_openid (docs/umf-protocol.md §5.12): a link to the (sandbox) WeChat OAuth page,
// which redirects the customer to notify_url with ?open_id=….
import type { SandboxContext } from './context.ts';
import { invalidParameter } from './errors.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { isHttpUrl } from './payments.ts';
import { wechatAuthorizePath } from './wechat.ts';

export function wechatOpenid(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const notifyUrl = request.url.searchParams.get('notify_url');
  if (!isHttpUrl(notifyUrl)) throw invalidParameter('notify_url must be an http(s) URL');
  const href = `${ctx.origin()}${wechatAuthorizePath(notifyUrl)}`;
  return json({ links: [{ ref: 'weChat', method: 'GET', href }] });
}
