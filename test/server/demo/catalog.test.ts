import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cartFrom, checkoutInputFor } from '../../../examples/demo-shop/catalog.ts';
import { createOrderBook } from '../../../examples/demo-shop/orders.ts';

test('a cart becomes one sub-order per kind of goods, each with its trans code', () => {
  const cart = cartFrom(
    new URLSearchParams({
      'qty.longjing-tea': '2',
      'qty.silk-scarf': '1',
      'qty.manuka-honey': '1',
      'qty.lakeside-hotel': '1',
    }),
  );
  const input = checkoutInputFor('DEMO-x-1', cart, 'en');
  assert.equal(input.amount, '321.50');
  assert.deepEqual(
    input.subOrders.map((sub) => [sub.transCode, sub.isCustoms, sub.amount, sub.items.length]),
    [
      ['01122030', false, '140.50', 2],
      ['01121990', true, '52.00', 1],
      ['04223010', false, '129.00', 1],
    ],
  );
  assert.equal(input.riskInfo.goodsType, '1');
  assert.ok(input.riskInfo.receiverAddress);
});

test('a hotel-only order is virtual goods without a receiver', () => {
  const cart = cartFrom(new URLSearchParams({ 'qty.lakeside-hotel': '3' }));
  const input = checkoutInputFor('DEMO-x-2', cart, 'zh-CN');
  assert.equal(input.amount, '387.00');
  assert.equal(input.riskInfo.goodsType, '0');
  assert.equal('receiverAddress' in input.riskInfo, false);
});

test('quantities are clamped and junk is ignored', () => {
  const cart = cartFrom(
    new URLSearchParams({ 'qty.longjing-tea': '99', 'qty.silk-scarf': 'x', 'qty.nope': '1' }),
  );
  assert.deepEqual(
    cart.map((line) => [line.product.id, line.quantity]),
    [['longjing-tea', 9]],
  );
});

test('order ids are unique and fit UMF: at most 28 of [A-Za-z0-9_-]', () => {
  const book = createOrderBook(() => 8_640_000_000_000_000);
  const ids = new Set(Array.from({ length: 1000 }, () => book.nextId()));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{1,28}$/);
});
