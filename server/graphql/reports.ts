// UMF's daily reports for the merchant (API key): transactions and reconciliation, paginated.
import { GraphQLError } from 'graphql';
import type { TransactionSummary } from '../umf/types.ts';
import { builder } from './builder.ts';
import { MoneyRef } from './checkout.ts';

const text = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null;

const money = (value: unknown) => {
  const amount = value as { total?: unknown; currency?: unknown } | undefined;
  return typeof amount?.total === 'string' && typeof amount.currency === 'string'
    ? { amount: amount.total, currency: amount.currency }
    : null;
};

const ReportEntryRef = builder.objectRef<TransactionSummary>('ReportEntry').implement({
  description: 'One payment or refund line of a UMF report.',
  fields: (t) => ({
    tradeNo: t.string({ nullable: true, resolve: (e) => text(e.trade_no) }),
    refundNo: t.string({ nullable: true, resolve: (e) => text(e.refund_no) }),
    orderId: t.string({ nullable: true, resolve: (e) => text(e.mer_reference_id) }),
    state: t.string({ nullable: true, resolve: (e) => text(e.state) }),
    amount: t.field({ type: MoneyRef, nullable: true, resolve: (e) => money(e.amount) }),
    amountCny: t.string({ nullable: true, resolve: (e) => text(e.total_cny) }),
    settleDate: t.string({ nullable: true, resolve: (e) => text(e.settle_date) }),
    serviceFee: t.string({ nullable: true, resolve: (e) => text(e.service_fee) }),
    exchangeAmount: t.string({ nullable: true, resolve: (e) => text(e.exchange_amount) }),
  }),
});

type Page = {
  payments: TransactionSummary[];
  refunds: TransactionSummary[];
  totalCount: number;
  page: number;
  pageSize: number;
};

const ReportPageRef = builder.objectRef<Page>('ReportPage').implement({
  fields: (t) => ({
    payments: t.field({ type: [ReportEntryRef], resolve: (p) => p.payments }),
    refunds: t.field({ type: [ReportEntryRef], resolve: (p) => p.refunds }),
    totalCount: t.exposeInt('totalCount'),
    page: t.exposeInt('page'),
    pageSize: t.exposeInt('pageSize'),
  }),
});

function page(
  report: {
    payment_summaries: TransactionSummary[];
    refund_summaries: TransactionSummary[];
    pagination?: { total_count: number; page_number: number; page_size: number };
  },
  pageNumber: number,
  pageSize: number,
): Page {
  return {
    payments: report.payment_summaries,
    refunds: report.refund_summaries,
    totalCount:
      report.pagination?.total_count ??
      report.payment_summaries.length + report.refund_summaries.length,
    page: report.pagination?.page_number ?? pageNumber,
    pageSize: report.pagination?.page_size ?? pageSize,
  };
}

const DATE = /^\d{8}$/;

builder.queryFields((t) => ({
  transactions: t.field({
    type: ReportPageRef,
    authScopes: { merchant: true },
    description: 'Payments and refunds of a merchant date (YYYYMMDD, China time).',
    args: {
      merDate: t.arg.string(),
      page: t.arg.int({ required: false, defaultValue: 1 }),
      pageSize: t.arg.int({ required: false, defaultValue: 100 }),
    },
    resolve: async (_root, args, context) => {
      const { pageNumber, pageSize } = paging(args.merDate, args.page, args.pageSize);
      const report = await context.service.transactions(args.merDate, pageNumber, pageSize);
      return page(report, pageNumber, pageSize);
    },
  }),
  reconciliation: t.field({
    type: ReportPageRef,
    authScopes: { merchant: true },
    description: 'What UMF settled on a date (YYYYMMDD), with fees.',
    args: {
      settleDate: t.arg.string(),
      page: t.arg.int({ required: false, defaultValue: 1 }),
      pageSize: t.arg.int({ required: false, defaultValue: 100 }),
    },
    resolve: async (_root, args, context) => {
      const { pageNumber, pageSize } = paging(args.settleDate, args.page, args.pageSize);
      const report = await context.service.reconciliation(args.settleDate, pageNumber, pageSize);
      return page(report, pageNumber, pageSize);
    },
  }),
}));

function paging(date: string, page?: number | null, size?: number | null) {
  if (!DATE.test(date)) throw new GraphQLError('the date must be YYYYMMDD');
  const pageNumber = page ?? 1;
  const pageSize = size ?? 100;
  if (pageNumber < 1 || pageSize < 1 || pageSize > 500) {
    throw new GraphQLError('page must be ≥ 1 and pageSize 1–500');
  }
  return { pageNumber, pageSize };
}
