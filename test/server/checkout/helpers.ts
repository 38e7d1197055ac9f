import assert from 'node:assert/strict';
import type { Refused } from '../../../server/domain/types.ts';
import type { CheckoutStore } from '../../../server/store/store.ts';

/** Narrows a store result to its success, failing the test with the refusal otherwise. */
export function ok<T extends { ok: true }>(result: T | Refused): T {
  if (!result.ok) assert.fail(`refused: ${result.refusal}`);
  return result;
}

export function refusalOf(result: { ok: true } | Refused): string | undefined {
  return result.ok ? undefined : result.refusal;
}

let orderSeq = 0;

export const ORDER = {
  order_summary: 'Two T-shirts',
  sub_orders: [
    {
      mer_sub_reference_id: 'sub-1',
      amount: { total: '100.02', currency: 'USD' },
      trans_code: '01122030',
      items: [{ mer_item_id: 'tee', type: 'CLOTHING', name: 'T-shirt', item_quantity: 2 }],
    },
  ],
  risk_info: { trans_type: '02', goods_type: '1' },
};

export async function newCheckout(
  store: CheckoutStore,
  now: Date,
  overrides: { amount?: string; minutes?: number } = {},
) {
  orderSeq += 1;
  return ok(
    await store.createCheckout({
      merchantOrderId: `order-${orderSeq}-${Math.random().toString(36).slice(2)}`,
      amount: overrides.amount ?? '100.02',
      currency: 'USD',
      order: ORDER,
      methods: ['CREDIT_CARD', 'DEBIT_CARD', 'WECHAT_SCAN', 'ALIPAY_SCAN'],
      expiresAt: new Date(now.getTime() + (overrides.minutes ?? 30) * 60_000),
    }),
  );
}

/** A card attempt up to SMS_SENT, as the BFF drives it. */
export async function cardAttemptWithSms(store: CheckoutStore, checkoutId: string, n = 1) {
  const started = ok(
    await store.startAttempt(checkoutId, {
      method: 'DEBIT_CARD',
      bankCode: 'ICBC',
      phone: '13812345678',
    }),
  );
  ok(
    await store.attachUmfPayment(started.attempt.id, {
      umfPaymentId: `PAY_${started.attempt.id}_${n}`,
    }),
  );
  return ok(await store.recordSmsSent(started.attempt.id));
}

/** A QR attempt awaiting the customer's scan. */
export async function qrAttempt(store: CheckoutStore, checkoutId: string) {
  const started = ok(await store.startAttempt(checkoutId, { method: 'WECHAT_SCAN' }));
  return ok(
    await store.attachUmfPayment(started.attempt.id, {
      umfPaymentId: `PAY_${started.attempt.id}`,
      qrCodeUrl: 'weixin://wxpay/bizpayurl?pr=abc',
    }),
  );
}

/** UMF's word that the attempt's payment succeeded, applied as the BFF applies it. */
export async function paySucceeded(store: CheckoutStore, attemptId: string) {
  return ok(await store.applyPaymentResult({ attemptId }, { state: 'TRADE_SUCCESS' }));
}

/** A QR attempt, then a card attempt (superseding it) whose execute is claimed. */
export async function qrThenClaimedCard(store: CheckoutStore, checkoutId: string) {
  const qr = await qrAttempt(store, checkoutId);
  const card = await cardAttemptWithSms(store, checkoutId);
  ok(await store.claimExecute(card.attempt.id));
  return { qr, card };
}
