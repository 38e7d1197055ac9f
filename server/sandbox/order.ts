// Validation and normalisation of the order of a new payment (docs/umf-protocol.md §7): amounts as
// strings on integer cents, accepted currency, sub-orders adding up, expire_time in minutes.
import { badRequest, invalidParameter, refused } from './errors.ts';
import { asRecord } from './http.ts';
import { formatCents, isAmountString, toCents } from './money.ts';
import type { RateTable } from './rates.ts';
import { itemQuantity } from './spelling.ts';
import type { PaymentRecord } from './state.ts';
import type { SandboxStrict } from './strict.ts';
import { isYyyymmdd } from './validate.ts';

export type ParsedAmount = { total: string; cents: bigint; currency: string };

export const DEFAULT_EXPIRE_MINUTES = 360;

/** Parses an amount object {total, currency}; `what` names it in messages. */
export function parseAmount(value: unknown, what: string, rates: RateTable): ParsedAmount {
  const amount = asRecord(value);
  if (!amount || amount.total === undefined || amount.total === '')
    throw badRequest('00202001', `${what}.total is blank`);
  const { total, currency } = amount;
  if (!isAmountString(total))
    throw invalidParameter(`${what}.total must be a string with at most 2 decimals, ≤ 10 chars`);
  const cents = toCents(total);
  if (cents <= 0n) throw badRequest('00202003', `${what}.total must be greater than 0`);
  if (typeof currency !== 'string' || !rates.has(currency))
    throw refused('00281017', `${what}.currency ${String(currency)} is not accepted`);
  return { total, cents, currency };
}

function normaliseItem(value: unknown, where: string, strict: SandboxStrict) {
  const item = asRecord(value);
  if (!item) throw invalidParameter(`${where} must be an object`);
  const count = itemQuantity(item, where, strict);
  const { quantity: _quantity, item_quantity: _itemQuantity, ...rest } = item;
  return count === undefined ? rest : { ...rest, item_quantity: count };
}

function normaliseSubOrders(
  value: unknown,
  order: ParsedAmount,
  rates: RateTable,
  strict: SandboxStrict,
): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidParameter('order.sub_orders must be an array');
  let sum = 0n;
  const subOrders = value.map((entry, i) => {
    const where = `order.sub_orders[${i}]`;
    const subOrder = asRecord(entry);
    if (!subOrder) throw invalidParameter(`${where} must be an object`);
    const amount = parseAmount(subOrder.amount, `${where}.amount`, rates);
    if (amount.currency !== order.currency)
      throw invalidParameter(`${where}.amount.currency differs from the order currency`);
    sum += amount.cents;
    const items = subOrder.items;
    if (items !== undefined && !Array.isArray(items))
      throw invalidParameter(`${where}.items must be an array`);
    return items === undefined
      ? subOrder
      : {
          ...subOrder,
          items: items.map((item, j) => normaliseItem(item, `${where}.items[${j}]`, strict)),
        };
  });
  if (subOrders.length > 0 && sum !== order.cents)
    throw invalidParameter(
      `sub-order amounts add up to ${formatCents(sum)}, not the order amount ${order.total}`,
    );
  return subOrders;
}

function parseExpireMinutes(value: unknown): number {
  if (value === undefined || value === '') return DEFAULT_EXPIRE_MINUTES;
  const minutes = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && !/^\d+$/.test(value))
    throw invalidParameter('order.expire_time must be a whole number of minutes');
  if (!Number.isInteger(minutes) || minutes <= 0)
    throw invalidParameter('order.expire_time must be a whole number of minutes');
  return minutes;
}

/** A new payment's order: the record's order id and date from it, its amount and its life. */
export type ParsedOrder = Pick<PaymentRecord, 'orderId' | 'merDate'> & {
  amount: ParsedAmount;
  expireMinutes: number;
  /** The order as sent, sub-orders normalised (item_quantity), amount not yet converted. */
  order: Record<string, unknown>;
};

export function parseOrder(value: unknown, rates: RateTable, strict: SandboxStrict): ParsedOrder {
  const order = asRecord(value);
  if (!order) throw invalidParameter('order is required');
  const orderId = order.mer_reference_id;
  if (typeof orderId !== 'string' || !/^[\w-]{1,64}$/.test(orderId))
    throw invalidParameter('order.mer_reference_id must be 1–64 letters, digits, _ or -');
  if (!isYyyymmdd(order.mer_date)) throw invalidParameter('order.mer_date must be YYYYMMDD');
  const amount = parseAmount(order.amount, 'order.amount', rates);
  const subOrders = normaliseSubOrders(order.sub_orders, amount, rates, strict);
  const expireMinutes = parseExpireMinutes(order.expire_time);
  const normalised = order.sub_orders === undefined ? order : { ...order, sub_orders: subOrders };
  return { orderId, merDate: order.mer_date, amount, expireMinutes, order: normalised };
}
