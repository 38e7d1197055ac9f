// The demo's pages rendered from checkouts as checkoutById returns them: the order's state
// after refunds, the order page's self-refresh, and Chinese punctuation in zh-CN.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGS } from '../../../examples/demo-shop/i18n.ts';
import type { Checkout, Refund } from '../../../examples/demo-shop/merchant-api.ts';
import {
  messagePage,
  orderPage,
  orderState,
  ordersPage,
} from '../../../examples/demo-shop/order-page.ts';
import type { ShopOrder } from '../../../examples/demo-shop/orders.ts';
import { payPage } from '../../../examples/demo-shop/pay-page.ts';
import { productPage } from '../../../examples/demo-shop/product-page.ts';
import { TEST_RESIDENT_ID } from '../../../examples/demo-shop/sandbox-phone.ts';

const order: ShopOrder = {
  id: 'DEMO-test-1',
  checkoutId: 'chk_1',
  clientSecret: 'cs_test',
};

const usd = (amount: string) => ({ amount, currency: 'USD' });

function refund(id: string, status: string, amount: string): Refund {
  return { id, status, amount: usd(amount), createdAt: '2026-11-26T01:05:00Z' };
}

function checkout(status: string, refunds: Refund[] = []): Checkout {
  return {
    id: 'chk_1',
    orderId: order.id,
    status,
    description: 'Silk Road Goods order, 1 item',
    amount: usd('64.50'),
    amountCny: { amount: '459.46', currency: 'CNY' },
    exchangeRate: '7.1234',
    createdAt: '2026-11-26T01:00:00Z',
    expiresAt: '2026-11-26T02:00:00Z',
    items: [
      { id: 'silk-scarf', name: 'Hangzhou mulberry silk scarf', quantity: 1, amount: usd('64.50') },
    ],
    attempt: { method: 'DEBIT_CARD', failureCode: null, failureMessage: null },
    refunds,
  };
}

const h1 = (page: string) => /<h1>([^<]*)<\/h1>/.exec(page)?.[1];
const refreshes = (page: string) => /<body[^>]* data-refresh="\d+"/.test(page);

test('a paid order without refunds says paid and does not refresh itself', () => {
  const page = orderPage({ lang: 'en', order, checkout: checkout('SUCCEEDED') });
  assert.equal(h1(page), 'Paid');
  assert.ok(!refreshes(page));
  assert.ok(page.includes('Refundable: <strong>$64.50</strong>'));
});

test('after a partial refund the order says partially refunded, with how much of what', () => {
  const paid = checkout('SUCCEEDED', [refund('r1', 'SUCCEEDED', '20.00')]);
  assert.deepEqual(orderState(paid), {
    key: 'PARTIALLY_REFUNDED',
    refundedCents: 2000,
    pendingCents: 0,
  });
  const en = orderPage({ lang: 'en', order, checkout: paid });
  assert.equal(h1(en), 'Partially refunded');
  assert.ok(en.includes('$20.00 of $64.50 refunded.'));
  assert.ok(en.includes('status-card status-refunded'));
  assert.ok(en.includes('Refundable: <strong>$44.50</strong>'), 'the form offers the rest');
  assert.ok(!refreshes(en));
  const zh = orderPage({ lang: 'zh-CN', order, checkout: paid });
  assert.equal(h1(zh), '部分退款');
  assert.ok(zh.includes('已退款 US$20.00（共 US$64.50）。'));
});

test("a duplicate payment's refund is not a refund of the order", () => {
  const paid = checkout('SUCCEEDED', [{ ...refund('r1', 'SUCCEEDED', '64.50'), duplicate: true }]);
  assert.deepEqual(orderState(paid), { key: 'SUCCEEDED', refundedCents: 0, pendingCents: 0 });
  const page = orderPage({ lang: 'en', order, checkout: paid });
  assert.equal(h1(page), 'Paid');
  assert.ok(page.includes('Refundable: <strong>$64.50</strong>'));
});

test('refunds that add up to the payment make the order refunded, with no refund form', () => {
  const paid = checkout('SUCCEEDED', [
    refund('r1', 'SUCCEEDED', '20.00'),
    refund('r2', 'FAILED', '5.00'),
    refund('r3', 'SUCCEEDED', '44.50'),
  ]);
  assert.equal(orderState(paid).key, 'REFUNDED');
  const page = orderPage({ lang: 'en', order, checkout: paid });
  assert.equal(h1(page), 'Refunded');
  assert.ok(page.includes('The whole payment, $64.50, was refunded.'));
  assert.ok(!page.includes('class="refund-form"'), 'nothing left to refund');
  const flash = { kind: 'success', about: 'refund', text: 'Refund of $44.50 submitted.' } as const;
  const submitted = orderPage({ lang: 'en', order, checkout: paid, flash });
  assert.ok(submitted.includes('Refund of $44.50 submitted.'));
  assert.ok(!submitted.includes('class="refund-form"'));
  assert.equal(h1(orderPage({ lang: 'zh-CN', order, checkout: paid })), '已退款');
});

test('a pending refund is shown as pending and the order page refreshes until it settles', () => {
  const pending = checkout('SUCCEEDED', [refund('r1', 'PENDING', '10.00')]);
  assert.deepEqual(orderState(pending), { key: 'SUCCEEDED', refundedCents: 0, pendingCents: 1000 });
  const page = orderPage({ lang: 'en', order, checkout: pending });
  assert.equal(h1(page), 'Paid', 'nothing went back yet');
  assert.ok(page.includes('A refund of $10.00 is being processed.'));
  assert.ok(page.includes('pill pill-pending">Processing</span>'));
  assert.ok(refreshes(page), 'data-refresh on <body> (demo.js reloads; no inline script)');
  assert.doesNotMatch(page, /<script(?![^>]* src="\/)/);

  const partlyPending = checkout('SUCCEEDED', [
    refund('r1', 'SUCCEEDED', '20.00'),
    refund('r2', 'PENDING', '4.50'),
  ]);
  const partly = orderPage({ lang: 'zh-CN', order, checkout: partlyPending });
  assert.equal(h1(partly), '部分退款');
  assert.ok(partly.includes('退款 US$4.50 正在处理中'));
  assert.ok(refreshes(partly));
  assert.ok(partly.includes('可退金额：<strong>US$40.00</strong>'));
});

test('the order page also refreshes while the payment is processing, not when it failed', () => {
  assert.ok(refreshes(orderPage({ lang: 'en', order, checkout: checkout('PROCESSING') })));
  assert.ok(!refreshes(orderPage({ lang: 'en', order, checkout: checkout('FAILED') })));
});

test('the orders list shows refund states too', () => {
  const page = ordersPage('en', [
    checkout('SUCCEEDED', [refund('r1', 'SUCCEEDED', '64.50')]),
    checkout('SUCCEEDED', [refund('r1', 'SUCCEEDED', '1.00')]),
    checkout('CANCELED'),
  ]);
  assert.ok(page.includes('<em class="pill pill-refunded">Refunded</em>'));
  assert.ok(page.includes('<em class="pill pill-refunded">Partially refunded</em>'));
  assert.ok(page.includes('<em class="pill pill-failed">Canceled</em>'));
});

/** The pay page of `order`'s open checkout, with the sandbox phone panel showing `phone`. */
function openPayPage(lang: (typeof LANGS)[number], phone: Parameters<typeof payPage>[0]['phone']) {
  return payPage({
    lang,
    orderId: order.id,
    checkout: checkout('OPEN'),
    clientSecret: 'cs_test',
    endpoint: '/graphql',
    widgetScriptUrl: '/umf-checkout.js',
    phone,
  });
}

test('the pay page tells how to pay by QR in the sandbox, and marks the order actions', () => {
  for (const lang of LANGS) {
    const page = openPayPage(lang, { messages: [], testCards: [] });
    assert.match(page, /<p class="qr-hint" data-qr-hint>/);
    assert.ok(page.includes(lang === 'en' ? 'QR payments: open the link under' : '扫码支付：'));
    assert.match(page, /<div class="pay-actions" data-order-actions>/);
  }
});

/** Every zh-CN page the demo renders, for the punctuation check. */
function zhPages(): string[] {
  const lang = 'zh-CN';
  const failed = checkout('OPEN');
  failed.attempt = { method: 'DEBIT_CARD', failureCode: 'X', failureMessage: '余额不足' };
  return [
    productPage({ lang }),
    productPage({ lang, error: '请至少选择一件商品。' }),
    openPayPage(lang, {
      messages: [{ phone: '13800138000', code: '123456', sentAt: '2026-11-26T09:16:00+08:00' }],
      testCards: [
        { number: '6222020000070000', type: 'DEBIT_CARD', outcome: 'ok', retCode: '0000' },
        { number: '6222020000050002', type: 'DEBIT_CARD', outcome: 'no', retCode: '00060730' },
      ],
    }),
    orderPage({ lang, order, checkout: failed }),
    orderPage({
      lang,
      order,
      checkout: checkout('SUCCEEDED', [
        refund('r1', 'SUCCEEDED', '20.00'),
        refund('r2', 'PENDING', '1.00'),
      ]),
      flash: { kind: 'error', about: 'refund', text: '退款未成功：金额超出可退金额' },
    }),
    ordersPage(lang, [checkout('SUCCEEDED')]),
    messagePage(lang, '找不到这个订单。', '没有这个订单号的订单。'),
  ];
}

test('zh-CN pages use the full-width colon after Chinese text', () => {
  for (const page of zhPages()) {
    const text = page.replace(/<[^>]*>/g, '');
    assert.doesNotMatch(page, /[\u4e00-\u9fff\u3001-\u303f\uff01-\uff5e]\s*:/);
    assert.doesNotMatch(text, /[\u4e00-\u9fff]\s*:/);
    assert.doesNotMatch(text, /：\s/, 'no space after a full-width colon');
  }
  const zhPhone = zhPages()[2];
  assert.ok(zhPhone.includes(`身份证号：<code>${TEST_RESIDENT_ID}</code>`));
});
