// Transactions and reconciliation (docs/umf-protocol.md §5.13–16): paginated JSON and the CSV files.
import { chinaDate } from './clock.ts';
import type { SandboxContext } from './context.ts';
import { invalidParameter } from './errors.ts';
import { type ApiRequest, type ApiResult, json } from './handler.ts';
import { formatCents } from './money.ts';
import {
  paymentSummary,
  type Row,
  reconciliationSummary,
  refundSummary,
  rowCents,
  settledRows,
  transactionRows,
} from './summaries.ts';
import { isYyyymmdd } from './validate.ts';

export const DEFAULT_PAGE_SIZE = 500;

function dateParam(request: ApiRequest, name: string): string {
  const value = request.url.searchParams.get(name);
  if (!isYyyymmdd(value)) throw invalidParameter(`${name} must be YYYYMMDD`);
  return value;
}

function page(request: ApiRequest, rows: Row[]) {
  const number = Number(request.url.searchParams.get('page_number') ?? 1);
  const size = Number(request.url.searchParams.get('page_size') ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(number) || number < 1) throw invalidParameter('page_number starts at 1');
  if (!Number.isInteger(size) || size < 1 || size > DEFAULT_PAGE_SIZE)
    throw invalidParameter(`page_size must be 1–${DEFAULT_PAGE_SIZE}`);
  const pagination = { total_count: rows.length, page_number: number, page_size: size };
  return { rows: rows.slice((number - 1) * size, number * size), pagination };
}

export function transactions(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const { rows, pagination } = page(request, transactionRows(ctx, dateParam(request, 'mer_date')));
  return json({
    transactions: {
      payment_summaries: rows.flatMap((row) =>
        row.type === 'P' ? [paymentSummary(row.payment)] : [],
      ),
      refund_summaries: rows.flatMap((row) =>
        row.type === 'T' ? [refundSummary(row.refund, row.payment)] : [],
      ),
      pagination,
    },
  });
}

export function reconciliation(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const { rows, pagination } = page(request, settledRows(ctx, dateParam(request, 'settle_date')));
  const summaries = rows.map(reconciliationSummary);
  return json({
    reconciliations: {
      payment_summaries: summaries.filter((summary) => summary.type === 'P'),
      refund_summaries: summaries.filter((summary) => summary.type === 'T'),
      pagination,
    },
  });
}

const PAYMENT_STATE_CODES = {
  WAIT_BUYER_PAY: '-99',
  TRADE_SUCCESS: '0',
  TRADE_FAIL: '1',
  TRADE_CLOSED: '1',
  TRADE_CANCEL: '1',
} as const;
const REFUND_STATE_CODES = {
  REFUND_PROCESS: '3',
  REFUND_SUCCESS: '0',
  REFUND_FAIL: '1',
  REFUND_CLOSE: '1',
} as const;

function maskPhone(phone: unknown): string {
  return typeof phone === 'string' && phone.length === 11
    ? `${phone.slice(0, 3)}****${phone.slice(7)}`
    : '';
}

function csvLine(row: Row): string {
  const p = row.payment;
  const { foreign, cny } = rowCents(row);
  const finished = row.type === 'P' ? p.finishedAt : row.refund.finishedAt;
  const success = (
    row.type === 'P'
      ? p.state === 'TRADE_SUCCESS'
      : row.refund.state === 'REFUND_SUCCESS'
  )
    ? finished
    : undefined;
  const state =
    row.type === 'P'
      ? p.processing
        ? '3'
        : PAYMENT_STATE_CODES[p.state]
      : REFUND_STATE_CODES[row.refund.state];
  const at = (ms: number | undefined) =>
    ms === undefined
      ? ''
      : new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return [
    p.id,
    maskPhone(p.card?.phone ?? (p.payer.payer_info as Record<string, unknown>).phone),
    p.orderId,
    p.merDate,
    chinaDate(row.type === 'P' ? p.createdAt : row.refund.createdAt),
    at(success),
    p.currency,
    formatCents(foreign),
    formatCents(cny),
    p.rate,
    success === undefined ? '' : chinaDate(success),
    state,
    row.type,
    p.method,
    row.type === 'T' ? (row.refund.refundNo ?? row.refund.id) : '',
  ].join(',');
}

function csvFile(ctx: SandboxContext, date: string, rows: Row[]): ApiResult {
  const total = rows.reduce((sum, row) => sum + rowCents(row).cny, 0n);
  const lines = [
    `TRANSDETAIL-START,${ctx.clientId},${date}`,
    ...rows.map(csvLine),
    `TRANSDETAIL-END,${ctx.clientId},${date},${formatCents(total)}`,
  ];
  return {
    kind: 'text',
    contentType: 'text/csv; charset=utf-8',
    text: `${lines.join('\r\n')}\r\n`,
  };
}

export function transactionsDownload(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const date = dateParam(request, 'mer_date');
  return csvFile(ctx, date, transactionRows(ctx, date));
}

/** §5.16 takes mer_date; the file lists what settled on that day. */
export function reconciliationDownload(ctx: SandboxContext, request: ApiRequest): ApiResult {
  const date = request.url.searchParams.has('settle_date')
    ? dateParam(request, 'settle_date')
    : dateParam(request, 'mer_date');
  return csvFile(ctx, date, settledRows(ctx, date));
}
