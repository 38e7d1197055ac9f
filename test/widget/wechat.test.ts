/// <reference types="mocha" />
// WeChat's payment sheet (widget/controllers/wechat.ts) as the page sees it: WeixinJSBridge
// exists only inside WeChat's browser, so each test plays WeChat by putting a bridge on the page
// that answers `getBrandWCPayRequest` with the `err_msg` WeChat sends.
import { expect } from '@open-wc/testing';
import type { WechatPayParams } from '../../widget/api/client.ts';
import { requestWechatPayment } from '../../widget/controllers/wechat.ts';

const PARAMS: WechatPayParams = {
  appId: 'wx0',
  timeStamp: '1',
  nonceStr: 'n',
  package: 'prepay_id=p',
  signType: 'RSA',
  paySign: 's',
};

type Page = { WeixinJSBridge?: unknown };

/** WeChat's bridge on this page, answering every payment request with `res`. */
function bridge(res: { err_msg?: string } | undefined) {
  const asked: { name: string; params: WechatPayParams }[] = [];
  (globalThis as Page).WeixinJSBridge = {
    invoke(name: string, params: WechatPayParams, done: (res: unknown) => void) {
      asked.push({ name, params });
      setTimeout(() => done(res), 0);
    },
  };
  return asked;
}

afterEach(() => {
  delete (globalThis as Page).WeixinJSBridge;
});

describe("WeChat's payment sheet", () => {
  const answers: [string | undefined, string][] = [
    ['get_brand_wcpay_request:ok', 'ok'],
    ['get_brand_wcpay_request:cancel', 'cancel'],
    ['get_brand_wcpay_request:fail', 'fail'],
    ['get_brand_wcpay_request:ok but not', 'fail'],
    [undefined, 'fail'],
  ];
  for (const [message, outcome] of answers) {
    it(`err_msg ${message ?? '(none)'} → ${outcome}`, async () => {
      const asked = bridge(message === undefined ? {} : { err_msg: message });
      expect(await requestWechatPayment(PARAMS)).to.equal(outcome);
      expect(asked).to.deep.equal([{ name: 'getBrandWCPayRequest', params: PARAMS }]);
    });
  }

  it('waits for WeixinJSBridgeReady when the bridge comes later', async () => {
    const outcome = requestWechatPayment(PARAMS);
    const asked = bridge({ err_msg: 'get_brand_wcpay_request:ok' });
    document.dispatchEvent(new Event('WeixinJSBridgeReady'));
    expect(await outcome).to.equal('ok');
    expect(asked).to.have.length(1);
  });

  it('fails when no bridge becomes ready in time', async () => {
    expect(await requestWechatPayment(PARAMS, 50)).to.equal('fail');
  });
});
