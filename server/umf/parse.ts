// Runtime shape checks of UMF's answers (no schema library): small guards that either return
// the client's types or throw a ShapeError naming the path and what was expected — never the
// value, which could be card data.
import {
  type Amount,
  type Bank,
  CARD_TYPES,
  type CustomsDeclaration,
  type ExchangeRate,
  type Link,
  type Meta,
  type Order,
  PAYMENT_STATES,
  type Pagination,
  type Payment,
  REFUND_STATES,
  type Reconciliations,
  type Refund,
  type TransactionSummary,
  type Transactions,
} from './types.ts';

export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path}: expected ${expected}`);
  }
}

type Json = Record<string, unknown>;
type Guard<T> = (value: unknown, path: string) => T;

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const record: Guard<Json> = (value, path) => {
  if (!isRecord(value)) throw new ShapeError(path, 'an object');
  return value;
};

export const str: Guard<string> = (value, path) => {
  if (typeof value !== 'string') throw new ShapeError(path, 'a string');
  return value;
};

/** A decimal amount or rate: a string of digits, never a JSON number (floats lose cents). */
export const decimal: Guard<string> = (value, path) => {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value))
    throw new ShapeError(path, 'a decimal string such as "100.02"');
  return value;
};

/** A count: a JSON integer or a string of digits. */
export const count: Guard<number> = (value, path) => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  throw new ShapeError(path, 'an integer');
};

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (value, path) => (value === undefined || value === null ? undefined : guard(value, path));
}

export function arrayOf<T>(guard: Guard<T>): Guard<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new ShapeError(path, 'an array');
    return value.map((entry, index) => guard(entry, `${path}[${index}]`));
  };
}

export function oneOf<const T extends readonly string[]>(values: T): Guard<T[number]> {
  return (value, path) => {
    if (typeof value !== 'string' || !values.includes(value))
      throw new ShapeError(path, `one of ${values.join(', ')}`);
    return value as T[number];
  };
}

const optStr = optional(str);

type Guards<T> = { [K in keyof T]-?: Guard<T[K]> };

/** The listed members of `r`, each through its guard at `<path>.<member>`. */
function members<T>(r: Json, path: string, guards: Guards<T>): T {
  const out = {} as T;
  for (const key of Object.keys(guards) as (keyof T & string)[])
    out[key] = guards[key](r[key], `${path}.${key}`);
  return out;
}

/** `target` given each listed member of `r` that is there (not null), through its guard. */
function withPresent<T>(
  target: T,
  r: Json,
  path: string,
  guards: { [K in keyof T]?: Guard<NonNullable<T[K]>> },
): T {
  for (const key of Object.keys(guards) as (keyof T & string)[]) {
    const value = optional(guards[key] as Guard<NonNullable<T[typeof key]>>)(
      r[key],
      `${path}.${key}`,
    );
    if (value !== undefined) target[key] = value;
  }
  return target;
}

export const parseMeta: Guard<Meta> = (value, path) =>
  members<Meta>(record(value, path), path, { ret_code: str, ret_msg: optStr, sign: optStr });

export const parseLink: Guard<Link> = (value, path) => {
  const r = record(value, path);
  const link: Link = { href: str(r.href, `${path}.href`) };
  return withPresent(link, r, path, { ref: str, rel: str, method: str });
};

export const parseLinks: Guard<Link[]> = (value, path) =>
  optional(arrayOf(parseLink))(value, path) ?? [];

/** The relation of a link, whichever spelling UMF used. */
export function linkRelation(link: Link): string | undefined {
  return link.ref ?? link.rel;
}

export function findLink(links: readonly Link[], relation: string): Link | undefined {
  const wanted = relation.toLowerCase();
  return links.find((link) => linkRelation(link)?.toLowerCase() === wanted);
}

export const parseExchangeRate: Guard<ExchangeRate> = (value, path) => {
  const r = record(value, path);
  return { ...r, ...members<ExchangeRate>(r, path, { currency: str, rate: decimal }) };
};

export const parseAmount: Guard<Amount> = (value, path) => {
  const r = record(value, path);
  const amount: Amount = { ...r, ...members(r, path, { total: decimal, currency: str }) };
  return withPresent(amount, r, path, { total_cny: decimal, exchange_rate: parseExchangeRate });
};

const amountsOf: Guard<Json[]> = (value, path) =>
  (optional(arrayOf(record))(value, path) ?? []).map((entry, index) => {
    const at = `${path}[${index}]`;
    if (entry.amount !== undefined) parseAmount(entry.amount, `${at}.amount`);
    if (entry.items !== undefined) amountsOf(entry.items, `${at}.items`);
    if (entry.sub_orders !== undefined) amountsOf(entry.sub_orders, `${at}.sub_orders`);
    return entry;
  });

export const parseOrder: Guard<Order> = (value, path) => {
  const r = record(value, path);
  amountsOf(r.sub_orders, `${path}.sub_orders`);
  const order = members(r, path, { mer_reference_id: str, mer_date: str, amount: parseAmount });
  return { ...r, ...order } as Order;
};

const PAYMENT_IDENTITY = { id: str, state: oneOf(PAYMENT_STATES) };
const REFUND_IDENTITY = { id: str, state: oneOf(REFUND_STATES) };

export const parsePayment: Guard<Payment> = (value, path) => {
  const r = record(value, path);
  const payment: Payment = { ...r, ...members(r, path, PAYMENT_IDENTITY) };
  if (r.order !== undefined) payment.order = parseOrder(r.order, `${path}.order`);
  if (r.payer !== undefined) record(r.payer, `${path}.payer`);
  if (r.links !== undefined) payment.links = parseLinks(r.links, `${path}.links`);
  return payment;
};

export const parseRefund: Guard<Refund> = (value, path) => {
  const r = record(value, path);
  const refund: Refund = { ...r, ...members(r, path, REFUND_IDENTITY) };
  if (r.org_amount !== undefined)
    refund.org_amount = parseAmount(r.org_amount, `${path}.org_amount`);
  if (r.orders !== undefined) amountsOf(r.orders, `${path}.orders`);
  if (r.parent_payment !== undefined)
    refund.parent_payment = str(r.parent_payment, `${path}.parent_payment`);
  if (r.links !== undefined) refund.links = parseLinks(r.links, `${path}.links`);
  return refund;
};

export const parseBank: Guard<Bank> = (value, path) => {
  const r = record(value, path);
  const bank: Bank = members(r, path, { code: str, name: str });
  const types = arrayOf(oneOf(CARD_TYPES));
  return withPresent(bank, r, path, { name_zh: str, logo_url: str, types });
};

export const parseCustomsDeclaration: Guard<CustomsDeclaration> = (value, path) => {
  const r = record(value, path);
  optStr(r.id, `${path}.id`);
  optStr(r.state, `${path}.state`);
  return r as CustomsDeclaration;
};

export const parsePagination: Guard<Pagination> = (value, path) =>
  members<Pagination>(record(value, path), path, {
    total_count: count,
    page_number: count,
    page_size: count,
  });

const summaries: Guard<TransactionSummary[]> = (value, path) =>
  optional(arrayOf(record))(value, path) ?? [];
const SUMMARY_LISTS = { payment_summaries: summaries, refund_summaries: summaries };

export const parseTransactions: Guard<Transactions> = (value, path) => {
  const r = record(value, path);
  const result: Transactions = members(r, path, SUMMARY_LISTS);
  return withPresent(result, r, path, { pagination: parsePagination });
};

/**
 * `reconciliations`: payment and refund summaries (like transactions) plus any other summary
 * list under `reconciliation_summaries` or `summaries`, or a bare array of summaries.
 */
export const parseReconciliations: Guard<Reconciliations> = (value, path) => {
  if (Array.isArray(value))
    return { payment_summaries: [], refund_summaries: [], summaries: arrayOf(record)(value, path) };
  const r = record(value, path);
  const other = r.reconciliation_summaries !== undefined ? 'reconciliation_summaries' : 'summaries';
  const result: Reconciliations = {
    ...r,
    ...members(r, path, SUMMARY_LISTS),
    summaries: summaries(r[other], `${path}.${other}`),
  };
  return withPresent(result, r, path, { pagination: parsePagination });
};

// The result member of each §5 answer, given the envelope body without `meta`.

export const resultOf = {
  banks: (body: Json) => arrayOf(parseBank)(body.banks, 'banks'),
  payment: (body: Json) => parsePayment(body.payment, 'payment'),
  refund: (body: Json) => parseRefund(body.refund, 'refund'),
  refunds: (body: Json) =>
    body.refunds === undefined && body.refund !== undefined
      ? [parseRefund(body.refund, 'refund')]
      : arrayOf(parseRefund)(body.refunds, 'refunds'),
  customs: (body: Json) =>
    body.customs_declarations === undefined && body.customs_declaration !== undefined
      ? [parseCustomsDeclaration(body.customs_declaration, 'customs_declaration')]
      : arrayOf(parseCustomsDeclaration)(body.customs_declarations, 'customs_declarations'),
  exchangeRates: (body: Json) =>
    body.exchangeRates === undefined && body.exchange_rates !== undefined
      ? arrayOf(parseExchangeRate)(body.exchange_rates, 'exchange_rates')
      : arrayOf(parseExchangeRate)(body.exchangeRates, 'exchangeRates'),
  transactions: (body: Json) => parseTransactions(body.transactions, 'transactions'),
  reconciliations: (body: Json) => parseReconciliations(body.reconciliations, 'reconciliations'),
  wechatUrl: (body: Json) => {
    const link = findLink(parseLinks(body.links, 'links'), 'weChat');
    if (!link) throw new ShapeError('links', 'a link with relation weChat');
    return link.href;
  },
} as const;
